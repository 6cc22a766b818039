package greenwave.udfs.geo;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;

/**
 * Distance and bearing between two positions on the WGS84 ellipsoid, by GeographicLib's geodesic inverse solution
 * (Karney 2013: accurate to about 15 nm anywhere on Earth). Positions are WGS84 degrees as in the contract: latitude
 * -90..90, longitude -180..180. Out-of-range or non-finite coordinates give {@code NaN}, never an exception.
 */
public final class Geodesics {
    private Geodesics() {}

    /** Geodesic (shortest path on the ellipsoid) distance between two positions, metres; NaN for a bad coordinate. */
    public static double distanceM(double lat1, double lon1, double lat2, double lon2) {
        if (!valid(lat1, lon1) || !valid(lat2, lon2)) {
            return Double.NaN;
        }
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /**
     * Initial bearing (forward azimuth) of the geodesic from the first position to the second, degrees clockwise from
     * true north in [0, 360): 0 north, 90 east, 180 south, 270 west. NaN for a bad coordinate or when the two positions
     * are the same (no direction).
     */
    public static double bearingDeg(double lat1, double lon1, double lat2, double lon2) {
        if (!valid(lat1, lon1) || !valid(lat2, lon2)) {
            return Double.NaN;
        }
        GeodesicData g = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE | GeodesicMask.AZIMUTH);
        if (g.s12 == 0) {
            return Double.NaN;
        }
        double bearing = g.azi1 < 0 ? g.azi1 + 360 : g.azi1; // GeographicLib gives (-180, 180]
        return bearing >= 360 ? bearing - 360 : bearing; // -1e-17 + 360 rounds to 360
    }

    /** True for a finite WGS84 position within the contract's ranges. */
    public static boolean valid(double lat, double lon) {
        return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
    }
}
