package greenwave.jobs.probe;

import greenwave.schemas.Network;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.Gnomonic;
import net.sf.geographiclib.GnomonicData;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds the approach delay zones a probe-vehicle position lies in, and measures a position against one approach.
 * Built once from a {@link Network}; immutable, thread-safe after construction and {@link Serializable} (ship it with
 * the Flink function or rebuild it from a broadcast network).
 *
 * <h2>Geometry</h2>
 * <ul>
 * <li><b>Local frame.</b> Every approach has its own planar frame: the gnomonic projection on the WGS84 ellipsoid
 * (GeographicLib {@link Gnomonic}) centred on the approach's stop bar; x east, y north, metres. Over a few hundred
 * metres its distortion is far below GPS noise (a scale error of order (r/6371 km)², i.e. ~10⁻⁹ at 250 m).</li>
 * <li><b>Axis.</b> u = the unit vector of {@code bearing_deg} (direction of travel, clockwise from north). For a
 * position p (projected): signed distance to the stop bar {@code d = −p·u} (positive upstream, negative past the stop
 * bar); lateral offset {@code l = p × u} (positive = left of the direction of travel).</li>
 * <li><b>Zone.</b> The rectangle {@code 0 ≤ d ≤ zone_length_m}, {@code |l| ≤ halfWidth}, with
 * {@code halfWidth = lanes × laneWidth / 2 + gpsMargin} (defaults 3.5 m lanes, 8 m margin: 11.5 m for two lanes). The
 * stop-bar point is taken as the middle of the approach's lanes. Its corners, unprojected, are in {@link #zonePolygon}.</li>
 * <li><b>Match.</b> A position matches an approach when it lies in the zone and its heading is within
 * {@code headingToleranceDeg} (45°) of {@code bearing_deg}; a NaN heading (the caller's "unknown", e.g. a stopped
 * vehicle whose GPS heading is meaningless) is not checked.</li>
 * <li><b>Index.</b> An {@link STRtree} over each zone's longitude/latitude envelope (of its four unprojected corners,
 * padded by 1 m): a lookup projects the position only for the approaches whose envelope contains it, never all.</li>
 * </ul>
 * Approaches are numbered 0..{@link #size()}−1 in network order; keep {@code approach_id}s, not numbers, in state that
 * may outlive a network reload ({@link #indexOf}).
 *
 * <h2>Corridor links</h2>
 * For each corridor and direction (outbound: {@code devices} in order; inbound: reversed), consecutive devices A → B form
 * a link from A's approach serving the direction to B's. The approach serving a direction at a device is the one whose
 * {@code phase} is the direction's {@code phase_by_device} entry (if several, the one whose {@code direction} also
 * equals the direction's name); failing that, the one whose {@code direction} equals it. Links without both
 * approaches are left out.
 */
public final class ApproachMatcher implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Not serializable itself; stateless, so one per class loader. */
    private static final Gnomonic GNOMONIC = new Gnomonic(Geodesic.WGS84);

    private final ProbeSettings settings;
    private final List<Zone> zones;
    private final Map<String, Integer> byId;
    /** Links by the index of their downstream approach. */
    private final Map<Integer, List<CorridorLink>> linksTo;

    private final STRtree index;

    /**
     * One approach's delay zone.
     *
     * @param approachId    approach id
     * @param deviceId      its intersection
     * @param bearingDeg    direction of travel, degrees clockwise from north
     * @param stopbarLat    stop bar latitude
     * @param stopbarLon    stop bar longitude
     * @param zoneLengthM   zone length upstream of the stop bar, m
     * @param speedLimitMps speed limit, m/s
     * @param halfWidthM    half the zone width, m
     * @param ux            east component of the bearing's unit vector
     * @param uy            north component of the bearing's unit vector
     */
    public record Zone(
            String approachId,
            String deviceId,
            double bearingDeg,
            double stopbarLat,
            double stopbarLon,
            double zoneLengthM,
            double speedLimitMps,
            double halfWidthM,
            double ux,
            double uy)
            implements Serializable {

        /** Free-flow time through the zone, {@code zone_length_m / speed_limit_mps}, s. */
        public double freeFlowS() {
            return zoneLengthM / speedLimitMps;
        }
    }

    /**
     * A position measured against one approach.
     *
     * @param approachIndex the approach
     * @param distanceM     signed distance to the stop bar along the bearing: positive upstream, negative past it, m
     * @param lateralM      offset from the approach axis, positive to the left of the direction of travel, m
     */
    public record Measure(int approachIndex, double distanceM, double lateralM) {}

    /**
     * A stop-bar-to-stop-bar link of a corridor direction.
     *
     * @param fromApproach index of the upstream device's approach
     * @param toApproach   index of the downstream device's approach
     * @param lengthM      the corridor's {@code link_length_m}
     */
    public record CorridorLink(
            String corridorId,
            String direction,
            String fromDevice,
            String toDevice,
            int fromApproach,
            int toApproach,
            double lengthM)
            implements Serializable {}

    public ApproachMatcher(Network network) {
        this(network, ProbeSettings.DEFAULTS);
    }

    public ApproachMatcher(Network network, ProbeSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        List<Zone> zs = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        STRtree tree = new STRtree();
        GeometryFactory gf = new GeometryFactory();
        for (Network.Intersection i : network.intersections()) {
            for (Network.Approach a : i.approaches() == null ? List.<Network.Approach>of() : i.approaches()) {
                if (ids.containsKey(a.approachId())) {
                    throw new IllegalArgumentException("duplicate approach_id " + a.approachId());
                }
                if (!(a.zoneLengthM() > 0) || !(a.speedLimitMps() > 0)) {
                    throw new IllegalArgumentException(
                            a.approachId() + ": zone_length_m and speed_limit_mps must be > 0");
                }
                double rad = Math.toRadians(a.bearingDeg());
                double half = Math.max(1, a.lanes()) * settings.laneWidthM() / 2 + settings.gpsMarginM();
                Zone z = new Zone(
                        a.approachId(),
                        i.deviceId(),
                        a.bearingDeg(),
                        a.stopbarLat(),
                        a.stopbarLon(),
                        a.zoneLengthM(),
                        a.speedLimitMps(),
                        half,
                        Math.sin(rad),
                        Math.cos(rad));
                int idx = zs.size();
                zs.add(z);
                ids.put(a.approachId(), idx);
                Envelope env = polygonOf(z, 1.0, gf).getEnvelopeInternal();
                tree.insert(env, idx);
            }
        }
        tree.build();
        this.zones = List.copyOf(zs);
        this.byId = Map.copyOf(ids);
        this.index = tree;
        this.linksTo = buildLinks(network);
    }

    public ProbeSettings settings() {
        return settings;
    }

    /** Number of approaches. */
    public int size() {
        return zones.size();
    }

    public Zone zone(int approachIndex) {
        return zones.get(approachIndex);
    }

    /** The index of an approach id, or −1. */
    public int indexOf(String approachId) {
        Integer i = approachId == null ? null : byId.get(approachId);
        return i == null ? -1 : i;
    }

    /**
     * The approaches whose zone contains the position and whose bearing is within the heading tolerance, nearest to
     * the approach axis first.
     *
     * @param headingDeg heading, degrees clockwise from north; NaN = unknown, not checked
     */
    public List<Measure> candidates(double lat, double lon, double headingDeg) {
        List<?> hits = index.query(new Envelope(lon, lon, lat, lat));
        if (hits.isEmpty()) {
            return List.of();
        }
        List<Measure> out = new ArrayList<>(2);
        for (Object o : hits) {
            int i = (Integer) o;
            Zone z = zones.get(i);
            if (!Double.isNaN(headingDeg) && angleBetween(headingDeg, z.bearingDeg) > settings.headingToleranceDeg()) {
                continue;
            }
            Measure m = measure(i, lat, lon);
            if (inZone(z, m)) {
                out.add(m);
            }
        }
        if (out.size() > 1) {
            out.sort(Comparator.comparingDouble(m -> Math.abs(m.lateralM())));
        }
        return out;
    }

    /** Number of approaches the spatial index returns for a point (before the exact test): for tests and metrics. */
    public int indexHits(double lat, double lon) {
        return index.query(new Envelope(lon, lon, lat, lat)).size();
    }

    /** The position measured against one approach (anywhere, not only in its zone). */
    public Measure measure(int approachIndex, double lat, double lon) {
        Zone z = zones.get(approachIndex);
        GnomonicData g = GNOMONIC.Forward(z.stopbarLat, z.stopbarLon, lat, lon);
        double x = g.x;
        double y = g.y;
        if (Double.isNaN(x)) {
            // Gnomonic is undefined 90° or more from the centre: certainly not near this approach.
            return new Measure(approachIndex, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double along = x * z.ux + y * z.uy;
        double lateral = -(x * z.uy - y * z.ux); // left of the direction of travel is positive
        return new Measure(approachIndex, -along, lateral);
    }

    /** Whether a measured position is inside the approach's zone (heading not considered). */
    public boolean inZone(Zone z, Measure m) {
        return m.distanceM() >= 0 && m.distanceM() <= z.zoneLengthM && Math.abs(m.lateralM()) <= z.halfWidthM;
    }

    /**
     * The zone as a JTS polygon of (lon, lat) coordinates, for display and tests (matching uses the exact rectangle
     * test in the approach's local frame, which this polygon approximates with straight edges between its corners).
     */
    public Polygon zonePolygon(int approachIndex) {
        return polygonOf(zones.get(approachIndex), 0.0, new GeometryFactory());
    }

    /** The corridor links whose downstream approach is this one. */
    public List<CorridorLink> linksTo(int approachIndex) {
        return linksTo.getOrDefault(approachIndex, List.of());
    }

    /** Every corridor link. */
    public List<CorridorLink> links() {
        List<CorridorLink> all = new ArrayList<>();
        linksTo.values().forEach(all::addAll);
        all.sort(Comparator.comparing(CorridorLink::corridorId)
                .thenComparing(CorridorLink::direction)
                .thenComparing(CorridorLink::fromDevice));
        return all;
    }

    /** Smallest angle between two bearings, degrees 0..180. */
    public static double angleBetween(double a, double b) {
        double d = Math.abs(((a - b) % 360 + 360) % 360);
        return d > 180 ? 360 - d : d;
    }

    /** The zone rectangle (padded by {@code padM} on every side) unprojected to (lon, lat). */
    private static Polygon polygonOf(Zone z, double padM, GeometryFactory gf) {
        double l = z.zoneLengthM + padM;
        double h = z.halfWidthM + padM;
        double[][] local = {{-padM, -h}, {-padM, h}, {l, h}, {l, -h}};
        Coordinate[] ring = new Coordinate[5];
        for (int k = 0; k < 4; k++) {
            double d = local[k][0];
            double lat = local[k][1];
            // point = −d·u + lat·(left normal); left normal of (ux, uy) is (−uy, ux)
            double x = -d * z.ux - lat * z.uy;
            double y = -d * z.uy + lat * z.ux;
            ring[k] = unproject(z, x, y);
        }
        ring[4] = ring[0];
        return gf.createPolygon(ring);
    }

    private static Coordinate unproject(Zone z, double x, double y) {
        GnomonicData g = GNOMONIC.Reverse(z.stopbarLat, z.stopbarLon, x, y);
        return new Coordinate(g.lon, g.lat);
    }

    private Map<Integer, List<CorridorLink>> buildLinks(Network network) {
        Map<Integer, List<CorridorLink>> out = new HashMap<>();
        for (Network.Corridor c : network.corridors()) {
            List<String> devices = c.devices() == null ? List.of() : c.devices();
            List<Double> lengths = c.linkLengthM() == null ? List.of() : c.linkLengthM();
            for (Network.CorridorDirection dir : new Network.CorridorDirection[] {c.outbound(), c.inbound()}) {
                if (dir == null) {
                    continue;
                }
                List<String> order = new ArrayList<>(devices);
                boolean inbound = dir == c.inbound();
                if (inbound) {
                    Collections.reverse(order);
                }
                for (int k = 0; k + 1 < order.size(); k++) {
                    String from = order.get(k);
                    String to = order.get(k + 1);
                    int a = servingApproach(network, from, dir);
                    int b = servingApproach(network, to, dir);
                    if (a < 0 || b < 0) {
                        continue;
                    }
                    int li = inbound ? order.size() - 2 - k : k;
                    double len = li < lengths.size() && lengths.get(li) != null ? lengths.get(li) : Double.NaN;
                    out.computeIfAbsent(b, x -> new ArrayList<>())
                            .add(new CorridorLink(c.corridorId(), dir.direction(), from, to, a, b, len));
                }
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(out);
    }

    private int servingApproach(Network network, String deviceId, Network.CorridorDirection dir) {
        Network.Intersection in = network.intersection(deviceId).orElse(null);
        if (in == null || in.approaches() == null) {
            return -1;
        }
        Integer phase = dir.phaseByDevice() == null ? null : dir.phaseByDevice().get(deviceId);
        Network.Approach byPhase = null;
        Network.Approach byDirection = null;
        for (Network.Approach a : in.approaches()) {
            boolean sameDir = Objects.equals(a.direction(), dir.direction());
            if (phase != null && a.phase() == phase && (byPhase == null || sameDir)) {
                byPhase = a;
            }
            if (sameDir && byDirection == null) {
                byDirection = a;
            }
        }
        Network.Approach a = byPhase != null ? byPhase : byDirection;
        return a == null ? -1 : indexOf(a.approachId());
    }

    /** Geodesic distance between two points, m (GeographicLib, WGS84): for tests and diagnostics. */
    public static double geodesicDistanceM(double lat1, double lon1, double lat2, double lon2) {
        GeodesicData g = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2);
        return g.s12;
    }
}
