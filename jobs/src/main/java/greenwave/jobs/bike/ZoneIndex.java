package greenwave.jobs.bike;

import greenwave.schemas.BikeZone;
import greenwave.schemas.ReferenceCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds the parking zone a position lies in. Zone polygons are planar rings of [lon, lat] (JTS x = lon, y = lat):
 * zones are a few hundred metres at most, where the difference to geodesic edges is millimetres. An {@link STRtree}
 * over the polygons' envelopes narrows each lookup to the zones whose bounding box holds the point (never a scan of
 * every zone); a prepared geometry then decides, boundary included. Zones do not overlap (spec); should two cover a
 * point anyway (a shared edge), the smallest zone id wins, so the answer never depends on index order.
 * Immutable once built; rebuilt by the caller when the zones change.
 */
public final class ZoneIndex {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private record Entry(String zoneId, PreparedGeometry shape) {}

    private final STRtree tree = new STRtree();
    private final int size;
    private final List<String> skipped;

    public ZoneIndex(Collection<BikeZone> zones) {
        int n = 0;
        List<String> skipped = new ArrayList<>();
        for (BikeZone zone : zones) {
            Polygon polygon;
            try {
                polygon = ReferenceCheck.zonePolygon(zone);
            } catch (RuntimeException degenerate) {
                skipped.add(zone.zoneId()); // one bad fence must not stop the job: it matches nothing
                continue;
            }
            tree.insert(
                    polygon.getEnvelopeInternal(), new Entry(zone.zoneId(), PreparedGeometryFactory.prepare(polygon)));
            n++;
        }
        tree.build();
        size = n;
        this.skipped = List.copyOf(skipped);
    }

    /** Zones left out because their polygon is degenerate (fewer than 3 distinct points). */
    public List<String> skipped() {
        return skipped;
    }

    public int size() {
        return size;
    }

    /** The zone holding the position, or null when it lies outside every zone. */
    public String zoneAt(double lat, double lon) {
        Coordinate c = new Coordinate(lon, lat);
        Point point = null;
        String found = null;
        for (Object o : tree.query(new org.locationtech.jts.geom.Envelope(c))) {
            Entry e = (Entry) o;
            if (point == null) {
                point = GEOMETRY.createPoint(c);
            }
            if (e.shape().covers(point) && (found == null || e.zoneId().compareTo(found) < 0)) {
                found = e.zoneId();
            }
        }
        return found;
    }
}
