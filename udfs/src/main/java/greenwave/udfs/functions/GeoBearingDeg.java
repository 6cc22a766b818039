package greenwave.udfs.functions;

import greenwave.udfs.geo.Geodesics;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code GEO_BEARING_DEG(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) -> DOUBLE}: initial bearing from the first
 * position to the second, degrees clockwise from north in [0, 360) ({@link Geodesics#bearingDeg}). NULL when an
 * argument is NULL, a coordinate is out of range or the positions are the same.
 */
public class GeoBearingDeg extends ScalarFunction {
    public Double eval(Double lat1, Double lon1, Double lat2, Double lon2) {
        if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) {
            return null;
        }
        return Results.orNull(Geodesics.bearingDeg(lat1, lon1, lat2, lon2));
    }
}
