package greenwave.udfs.functions;

import greenwave.udfs.geo.Geodesics;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code GEO_DISTANCE_M(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) -> DOUBLE}: geodesic distance on WGS84,
 * metres ({@link Geodesics#distanceM}). NULL when an argument is NULL or a coordinate is out of range.
 */
public class GeoDistanceM extends ScalarFunction {
    public Double eval(Double lat1, Double lon1, Double lat2, Double lon2) {
        if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) {
            return null;
        }
        return Results.orNull(Geodesics.distanceM(lat1, lon1, lat2, lon2));
    }
}
