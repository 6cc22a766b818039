package greenwave.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * The rules of reference data that span elements, which the JSON Schemas cannot state: ids unique, a corridor's
 * devices and phases those of the network, a zone a valid simple polygon. They run on a document that already passed
 * its schema (ranges, enums such as a kitchen's {@code kind}, required fields are the schema's), so a document is
 * checked as a whole before a job starts on it or switches to it. Every error names its element, e.g.
 * {@code corridor c1: device 999 is not an intersection of network.json}; an empty list means the data is good.
 */
public final class ReferenceCheck {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private ReferenceCheck() {}

    /** The errors of a whole {@code network.json} (or one record of the {@code network} topic). */
    public static List<String> network(Network network) {
        List<String> errors = new ArrayList<>();
        Map<String, Network.Intersection> intersections = new LinkedHashMap<>();
        for (String id : repeated(network.intersections(), Network.Intersection::deviceId)) {
            errors.add("intersection " + id + " listed twice");
        }
        network.intersections().forEach(i -> intersections.putIfAbsent(i.deviceId(), i));
        List<Network.Approach> approaches = new ArrayList<>();
        for (Network.Intersection i : network.intersections()) {
            errors.addAll(intersection(i));
            approaches.addAll(i.approaches());
        }
        // approach ids key the probe measures across the whole network, not only within an intersection
        for (String id : repeated(approaches, Network.Approach::approachId)) {
            errors.add("approach " + id + " listed twice");
        }
        for (String id : repeated(network.corridors(), Network.Corridor::corridorId)) {
            errors.add("corridor " + id + " listed twice");
        }
        for (Network.Corridor c : network.corridors()) {
            errors.addAll(corridor(c, intersections));
        }
        return errors;
    }

    /** The errors of a whole {@code zones.json}: each zone's own, then ids used twice. */
    public static List<String> zones(List<BikeZone> zones) {
        List<String> errors = new ArrayList<>();
        for (BikeZone z : zones) {
            errors.addAll(zone(z));
        }
        for (String id : repeated(zones, BikeZone::zoneId)) {
            errors.add("zone " + id + " listed twice");
        }
        return errors;
    }

    /** The errors of one zone (a record of the {@code bike.zones} topic): its polygon must be valid and simple. */
    public static List<String> zone(BikeZone zone) {
        Polygon polygon;
        try {
            polygon = zonePolygon(zone);
        } catch (IllegalArgumentException degenerate) {
            return List.of(degenerate.getMessage());
        }
        TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (error == null) {
            return List.of();
        }
        Coordinate at = error.getCoordinate();
        String where = at == null ? "" : String.format(Locale.ROOT, " at [%s, %s]", at.x, at.y);
        return List.of("zone " + zone.zoneId() + ": polygon is not a valid simple polygon ("
                + error.getMessage().toLowerCase(Locale.ROOT) + where + ")");
    }

    /**
     * The errors of a whole {@code kitchens.json}: ids used twice. A kitchen's {@code kind} is the schema's enum, so
     * an unknown kind never gets this far.
     */
    public static List<String> kitchens(List<Kitchen> kitchens) {
        List<String> errors = new ArrayList<>();
        for (String id : repeated(kitchens, Kitchen::kitchenId)) {
            errors.add("kitchen " + id + " listed twice");
        }
        return errors;
    }

    /**
     * The zone's ring as a planar JTS polygon (x = lon, y = lat). The contract accepts rings closed or not; JTS wants
     * them closed.
     *
     * @throws IllegalArgumentException when the ring has fewer than 3 distinct points
     */
    public static Polygon zonePolygon(BikeZone zone) {
        List<Coordinate> ring = new ArrayList<>();
        for (List<Double> p : zone.polygon()) {
            ring.add(new Coordinate(p.get(0), p.get(1)));
        }
        if (!ring.isEmpty() && !ring.get(0).equals2D(ring.get(ring.size() - 1))) {
            ring.add(new Coordinate(ring.get(0)));
        }
        if (ring.size() < 4) {
            throw new IllegalArgumentException("zone " + zone.zoneId() + ": polygon has fewer than 3 distinct points");
        }
        return GEOMETRY.createPolygon(ring.toArray(Coordinate[]::new));
    }

    // ------------------------------------------------------------------------------------------------------------

    private static List<String> intersection(Network.Intersection i) {
        List<String> errors = new ArrayList<>();
        String name = "intersection " + i.deviceId();
        for (int phase : repeated(i.timing().phases(), Network.PhaseTiming::phase)) {
            errors.add(name + ": phase " + phase + " listed twice");
        }
        List<Network.Detector> detectors = new ArrayList<>();
        i.approaches().forEach(a -> detectors.addAll(a.detectors()));
        // a channel is one input of the controller: two detectors on it would share (and garble) its events
        for (int channel : repeated(detectors, Network.Detector::channel)) {
            errors.add(name + ": detector channel " + channel + " used twice");
        }
        return errors;
    }

    private static List<String> corridor(Network.Corridor c, Map<String, Network.Intersection> intersections) {
        List<String> errors = new ArrayList<>();
        String name = "corridor " + c.corridorId();
        for (String device : c.devices()) {
            if (!intersections.containsKey(device)) {
                errors.add(name + ": device " + device + " is not an intersection of network.json");
            }
        }
        for (String device : repeated(c.devices(), Function.identity())) {
            errors.add(name + ": device " + device + " listed twice");
        }
        if (c.linkLengthM().size() != c.devices().size() - 1) {
            errors.add(name + ": link_length_m has " + c.linkLengthM().size() + " entries for "
                    + c.devices().size() + " devices (one fewer than the devices)");
        }
        if (c.minCycleOrDefault() > c.maxCycleOrDefault()) {
            errors.add(
                    name + ": min_cycle_s " + c.minCycleOrDefault() + " is above max_cycle_s " + c.maxCycleOrDefault());
        }
        errors.addAll(direction(name + ": outbound", c.outbound(), c, intersections));
        errors.addAll(direction(name + ": inbound", c.inbound(), c, intersections));
        return errors;
    }

    private static List<String> direction(
            String name,
            Network.CorridorDirection direction,
            Network.Corridor c,
            Map<String, Network.Intersection> intersections) {
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, Integer> e : direction.phaseByDevice().entrySet()) {
            String device = e.getKey();
            Network.Intersection intersection = intersections.get(device);
            if (!c.devices().contains(device)) {
                errors.add(name + " phase_by_device names device " + device + " not on the corridor");
            } else if (intersection != null
                    && intersection.timing().phases().stream().noneMatch(p -> p.phase() == e.getValue())) {
                errors.add(name + " phase_by_device gives device " + device + " phase " + e.getValue()
                        + ", which intersection " + device + " does not time");
            }
        }
        return errors;
    }

    /** The keys that more than one element has, each once, in the order of their second occurrence. */
    private static <E, K> Set<K> repeated(List<E> elements, Function<E, K> key) {
        Set<K> seen = new HashSet<>();
        Set<K> repeated = new LinkedHashSet<>();
        for (E e : elements) {
            if (!seen.add(key.apply(e))) {
                repeated.add(key.apply(e));
            }
        }
        return repeated;
    }
}
