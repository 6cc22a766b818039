package greenwave.udfs.functions;

import greenwave.udfs.geo.ZoneCache;
import greenwave.udfs.geo.ZonePolygon;
import org.apache.flink.table.functions.ScalarFunction;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * {@code IN_POLYGON(lat DOUBLE, lon DOUBLE, polygon STRING) -> BOOLEAN}: whether the position lies in the zone, boundary
 * included ({@link ZonePolygon}). The zone is the contract's JSON ring {@code [[lon, lat], ...]} or WKT
 * {@code POLYGON((lon lat, ...))}; each distinct zone text is parsed once (the last {@value #CACHED_ZONES} are kept).
 * NULL when an argument is NULL, a coordinate is out of range or the zone text is not a valid zone.
 */
public class InPolygon extends ScalarFunction {
    static final int CACHED_ZONES = 64;

    private transient ZoneCache zones;

    public Boolean eval(Double lat, Double lon, String polygon) {
        if (lat == null || lon == null || polygon == null) {
            return null;
        }
        if (zones == null) {
            zones = new ZoneCache(CACHED_ZONES);
        }
        PreparedGeometry zone = zones.get(polygon);
        return zone == null ? null : ZonePolygon.covers(zone, lat, lon);
    }
}
