package greenwave.udfs.geo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Point-in-zone tests. A zone is given as text, either
 * <ul>
 * <li>the contract's zone ring (the {@code polygon} of a {@code bike.zones} record): a JSON array of
 * {@code [lon, lat]} points, WGS84 degrees, closed or not, at least 3 distinct points; or</li>
 * <li>WKT with longitude first: {@code POLYGON((lon lat, lon lat, ...))}, holes and {@code MULTIPOLYGON} allowed.</li>
 * </ul>
 * Coordinates are planar (x = lon, y = lat), as the bike job's zone index does: zones are a few hundred metres at
 * most, where the difference to geodesic edges is millimetres. A point on the boundary counts as inside (JTS
 * {@code covers}), also as in the bike job. Parsing is the costly part: parse a zone once with {@link #parse} (or
 * through a {@link ZoneCache}) and test many points against the result.
 */
public final class ZonePolygon {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "[...] garbage" is not a ring
            .build();

    private ZonePolygon() {}

    /**
     * The zone of a JSON ring or WKT text, prepared for fast point tests; null when the text is neither, is not a
     * polygon, has fewer than 3 distinct points or a coordinate out of the WGS84 ranges.
     */
    public static PreparedGeometry parse(String zone) {
        if (zone == null) {
            return null;
        }
        String text = zone.strip();
        Geometry geometry = text.startsWith("[") ? fromRing(text) : fromWkt(text);
        return geometry == null ? null : PreparedGeometryFactory.prepare(geometry);
    }

    /** True when the position lies in the zone or on its boundary, false outside; null for a bad coordinate. */
    public static Boolean covers(PreparedGeometry zone, double lat, double lon) {
        if (!Geodesics.valid(lat, lon)) {
            return null;
        }
        return zone.covers(GEOMETRY.createPoint(new Coordinate(lon, lat)));
    }

    private static Geometry fromRing(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (Exception notJson) {
            return null;
        }
        if (node == null || !node.isArray()) {
            return null;
        }
        List<Coordinate> ring = new ArrayList<>();
        for (JsonNode p : node) {
            if (!p.isArray()
                    || p.size() != 2
                    || !p.get(0).isNumber()
                    || !p.get(1).isNumber()) {
                return null;
            }
            double lon = p.get(0).doubleValue();
            double lat = p.get(1).doubleValue();
            if (!Geodesics.valid(lat, lon)) {
                return null;
            }
            ring.add(new Coordinate(lon, lat));
        }
        if (ring.size() < 3) {
            return null;
        }
        if (!ring.get(0).equals2D(ring.get(ring.size() - 1))) {
            ring.add(new Coordinate(ring.get(0))); // the contract accepts open rings, JTS wants them closed
        }
        if (ring.size() < 4) {
            return null; // fewer than 3 distinct points
        }
        return GEOMETRY.createPolygon(ring.toArray(Coordinate[]::new));
    }

    private static Geometry fromWkt(String wkt) {
        Geometry geometry;
        try {
            geometry = new WKTReader(GEOMETRY).read(wkt);
        } catch (ParseException | RuntimeException bad) {
            return null;
        }
        if (!(geometry instanceof Polygonal) || geometry.isEmpty()) {
            return null;
        }
        for (Coordinate c : geometry.getCoordinates()) {
            if (!Geodesics.valid(c.y, c.x)) {
                return null;
            }
        }
        return geometry;
    }
}
