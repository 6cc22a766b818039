package greenwave.udfs.geo;

import static greenwave.udfs.geo.Geodesics.bearingDeg;
import static greenwave.udfs.geo.Geodesics.distanceM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeodesicsTest {

    /**
     * GeographicLib's own example, JFK (40.6, -73.8) to LHR (51.6, -0.5) on WGS84: GeodSolve -i gives
     * azi1 51.198882845°, azi2 107.821776735°, s12 5551759.400 m (geographiclib.sourceforge.io, GeodSolve manual).
     */
    @Test
    void jfkToLhr() {
        assertThat(distanceM(40.6, -73.8, 51.6, -0.5)).isCloseTo(5551759.400, within(1e-3));
        assertThat(bearingDeg(40.6, -73.8, 51.6, -0.5)).isCloseTo(51.198882845, within(1e-9));
    }

    /**
     * One degree along the equator is a × π / 180 = 6378137 × π / 180 = 111319.491 m (the equator is a geodesic);
     * one degree of latitude north of the equator is 110574.389 m on WGS84 (the meridian arc, e.g. Wikipedia
     * "Latitude", table of the length of a degree).
     */
    @Test
    void oneDegreeOnTheEquatorAndAlongTheMeridian() {
        assertThat(distanceM(0, 0, 0, 1)).isCloseTo(6378137 * Math.PI / 180, within(1e-6));
        assertThat(distanceM(0, 0, 1, 0)).isCloseTo(110574.389, within(1e-3));
        assertThat(distanceM(10, 20, 10, 20)).isEqualTo(0.0);
    }

    @Test
    void bearingIsClockwiseFromNorthInZeroTo360() {
        assertThat(bearingDeg(0, 0, 1, 0)).isCloseTo(0.0, within(1e-12)); // north
        assertThat(bearingDeg(0, 0, 0, 1)).isCloseTo(90.0, within(1e-12)); // east
        assertThat(bearingDeg(1, 0, 0, 0)).isCloseTo(180.0, within(1e-12)); // south
        assertThat(bearingDeg(0, 1, 0, 0)).isCloseTo(270.0, within(1e-12)); // west, not -90
        assertThat(bearingDeg(0, 0, -1, -1)).isBetween(180.0, 270.0); // south-west
    }

    @Test
    void badCoordinatesAndCoincidentPointsAreNaN() {
        assertThat(distanceM(91, 0, 0, 0)).isNaN();
        assertThat(distanceM(0, 0, 0, 180.5)).isNaN();
        assertThat(distanceM(Double.NaN, 0, 0, 0)).isNaN();
        assertThat(bearingDeg(0, 0, -90.1, 0)).isNaN();
        assertThat(bearingDeg(30.5, 104.0, 30.5, 104.0)).isNaN(); // same place: no direction
    }
}
