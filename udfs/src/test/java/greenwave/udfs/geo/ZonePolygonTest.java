package greenwave.udfs.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.prep.PreparedGeometry;

class ZonePolygonTest {
    /** A 0.01° square, open ring, as in bike.zones. */
    private static final String SQUARE = "[[104.00, 30.00], [104.01, 30.00], [104.01, 30.01], [104.00, 30.01]]";

    @Test
    void contractRingInsideOutsideAndBoundary() {
        PreparedGeometry zone = ZonePolygon.parse(SQUARE);
        assertThat(ZonePolygon.covers(zone, 30.005, 104.005)).isTrue();
        assertThat(ZonePolygon.covers(zone, 30.02, 104.005)).isFalse();
        assertThat(ZonePolygon.covers(zone, 30.005, 103.999)).isFalse();
        // the boundary is inside (the bike job's convention): an edge and a corner
        assertThat(ZonePolygon.covers(zone, 30.00, 104.005)).isTrue();
        assertThat(ZonePolygon.covers(zone, 30.01, 104.01)).isTrue();
    }

    @Test
    void closedRingAndWktAreTheSameZone() {
        String closed = "[[104.00, 30.00], [104.01, 30.00], [104.01, 30.01], [104.00, 30.01], [104.00, 30.00]]";
        String wkt = "POLYGON((104 30, 104.01 30, 104.01 30.01, 104 30.01, 104 30))";
        for (String text :
                new String[] {closed, wkt, " polygon ((104 30, 104.01 30, 104.01 30.01, 104 30.01, 104 30)) "}) {
            PreparedGeometry zone = ZonePolygon.parse(text);
            assertThat(zone).as(text).isNotNull();
            assertThat(ZonePolygon.covers(zone, 30.005, 104.005)).as(text).isTrue();
            assertThat(ZonePolygon.covers(zone, 30.00, 104.00)).as(text).isTrue();
            assertThat(ZonePolygon.covers(zone, 29.999, 104.005)).as(text).isFalse();
        }
    }

    @Test
    void wktHolesAndMultiPolygons() {
        PreparedGeometry ring = ZonePolygon.parse("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))");
        assertThat(ZonePolygon.covers(ring, 5, 5)).isFalse(); // in the hole
        assertThat(ZonePolygon.covers(ring, 2, 2)).isTrue();
        PreparedGeometry two = ZonePolygon.parse("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))");
        assertThat(ZonePolygon.covers(two, 5.2, 5.8)).isTrue(); // lat 5.2, lon 5.8: in the second triangle
        assertThat(ZonePolygon.covers(two, 3, 3)).isFalse();
    }

    @Test
    void badZonesAreNull() {
        assertThat(ZonePolygon.parse(null)).isNull();
        assertThat(ZonePolygon.parse("")).isNull();
        assertThat(ZonePolygon.parse("not a zone")).isNull();
        assertThat(ZonePolygon.parse("[[104.0, 30.0], [104.1, 30.0]]")).isNull(); // 2 points
        assertThat(ZonePolygon.parse("[[104.0, 30.0], [104.1, 30.0], [104.0, 30.0]]"))
                .isNull(); // 2 distinct
        assertThat(ZonePolygon.parse("[[104.0, 30.0], [104.1, 95.0], [104.1, 30.1]]"))
                .isNull(); // lat 95
        assertThat(ZonePolygon.parse("[[104.0, 30.0], [104.1, 30.0, 3], [104.1, 30.1]]"))
                .isNull(); // 3 numbers
        assertThat(ZonePolygon.parse("[[104.0, 30.0], [104.1, \"30\"], [104.1, 30.1]]"))
                .isNull(); // a string
        assertThat(ZonePolygon.parse(SQUARE + " trailing")).isNull();
        assertThat(ZonePolygon.parse("POINT(104 30)")).isNull(); // not an area
        assertThat(ZonePolygon.parse("LINESTRING(104 30, 105 31)")).isNull();
        assertThat(ZonePolygon.parse("POLYGON((0 0, 1 0, 1 1))")).isNull(); // not closed
        assertThat(ZonePolygon.parse("POLYGON EMPTY")).isNull();
    }

    @Test
    void badCoordinateIsNull() {
        PreparedGeometry zone = ZonePolygon.parse(SQUARE);
        assertThat(ZonePolygon.covers(zone, 91, 104)).isNull();
        assertThat(ZonePolygon.covers(zone, 30, Double.NaN)).isNull();
    }

    @Test
    void cacheParsesEachZoneOnceAndForgetsTheLeastRecentlyUsed() {
        ZoneCache cache = new ZoneCache(2);
        PreparedGeometry first = cache.get(SQUARE);
        assertThat(cache.get(SQUARE)).isSameAs(first);
        assertThat(cache.get("not a zone")).isNull();
        assertThat(cache.size()).isEqualTo(2);
        cache.get(SQUARE); // now the most recently used
        cache.get("POLYGON((0 0, 1 0, 1 1, 0 0))");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(SQUARE)).isSameAs(first); // kept; "not a zone" was dropped
    }
}
