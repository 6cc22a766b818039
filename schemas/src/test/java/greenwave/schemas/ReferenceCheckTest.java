package greenwave.schemas;

import static greenwave.schemas.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link ReferenceCheck}, and how the codec applies them to files and topic records. */
class ReferenceCheckTest {
    private static final ContractCodec CODEC = ContractCodec.shared();

    private static Network.Intersection intersection(String id, List<Network.Approach> approaches, int... phases) {
        List<Network.PhaseTiming> timing = new ArrayList<>();
        for (int p : phases) {
            timing.add(new Network.PhaseTiming(p, 30, 10, 60, 4, 1, null));
        }
        return new Network.Intersection(
                id, null, 30.65, 104.06, approaches, new Network.Timing(90, 0, List.of(2, 6), timing));
    }

    private static Network.Intersection intersection(String id) {
        return intersection(id, List.of(), 2, 4, 6, 8);
    }

    private static Network.Approach approach(String id, int... channels) {
        List<Network.Detector> detectors = new ArrayList<>();
        for (int c : channels) {
            detectors.add(new Network.Detector(c, Network.Detector.ADVANCE, 100));
        }
        return new Network.Approach(id, "EB", 90, 2, 1, 30.65, 104.06, 13.9, 200, detectors);
    }

    /** A corridor over the devices, phase 2 outbound and 6 inbound at each, 300 m links. */
    private static Network.Corridor corridor(String id, String... devices) {
        return corridor(id, List.of(devices), phases(2, devices), phases(6, devices), null, null);
    }

    private static Network.Corridor corridor(
            String id,
            List<String> devices,
            Map<String, Integer> outbound,
            Map<String, Integer> inbound,
            Integer minCycle,
            Integer maxCycle) {
        List<Double> links = new ArrayList<>();
        for (int k = 1; k < devices.size(); k++) {
            links.add(300.0);
        }
        return new Network.Corridor(
                id,
                null,
                devices,
                links,
                13.9,
                minCycle,
                maxCycle,
                new Network.CorridorDirection("EB", outbound),
                new Network.CorridorDirection("WB", inbound));
    }

    private static Map<String, Integer> phases(int phase, String... devices) {
        Map<String, Integer> m = new LinkedHashMap<>();
        Arrays.stream(devices).forEach(d -> m.put(d, phase));
        return m;
    }

    private static BikeZone zone(String id, double... lonLat) {
        List<List<Double>> ring = new ArrayList<>();
        for (int k = 0; k < lonLat.length; k += 2) {
            ring.add(List.of(lonLat[k], lonLat[k + 1]));
        }
        return new BikeZone(id, null, ring, 10, null);
    }

    private static BikeZone square(String id) {
        return zone(id, 104.0, 30.0, 104.001, 30.0, 104.001, 30.001, 104.0, 30.001);
    }

    // ---------------------------------------------------------------- network

    @Test
    void aConsistentNetworkHasNoErrors() {
        Network n = new Network(
                List.of(
                        intersection("227", List.of(approach("227-EB", 1, 2), approach("227-WB", 3)), 2, 6),
                        intersection("452")),
                List.of(corridor("c1", "227", "452")));
        assertThat(ReferenceCheck.network(n)).isEmpty();
        assertThat(ReferenceCheck.network(CODEC.decodeNetwork(utf8(Examples.NETWORK))))
                .isEmpty();
    }

    @Test
    void aCorridorDeviceMustBeAnIntersection() {
        Network n = new Network(
                List.of(intersection("227"), intersection("452")), List.of(corridor("c1", "227", "452", "999")));
        assertThat(ReferenceCheck.network(n))
                .containsExactly("corridor c1: device 999 is not an intersection of network.json");
    }

    @Test
    void intersectionsCorridorsAndApproachesAreListedOnce() {
        Network n = new Network(
                List.of(
                        intersection("227", List.of(approach("227-EB")), 2, 6),
                        intersection("452", List.of(approach("227-EB")), 2, 6),
                        intersection("227")),
                List.of(corridor("c1", "227", "452"), corridor("c1", "452", "227")));
        assertThat(ReferenceCheck.network(n))
                .containsExactly(
                        "intersection 227 listed twice", "approach 227-EB listed twice", "corridor c1 listed twice");
    }

    @Test
    void aPhaseIsTimedOnce() {
        Network n = new Network(List.of(intersection("227", List.of(), 2, 4, 2, 6)), List.of());
        assertThat(ReferenceCheck.network(n)).containsExactly("intersection 227: phase 2 listed twice");
    }

    @Test
    void aDetectorChannelIsUsedOnceInAnIntersection() {
        Network n = new Network(
                List.of(
                        intersection("227", List.of(approach("227-EB", 3, 5), approach("227-WB", 5)), 2, 6),
                        intersection("452", List.of(approach("452-EB", 5)), 2, 6)),
                List.of());
        assertThat(ReferenceCheck.network(n)).containsExactly("intersection 227: detector channel 5 used twice");
    }

    @Test
    void aCorridorListsADeviceOnce() {
        Network n = new Network(
                List.of(intersection("227"), intersection("452")), List.of(corridor("c1", "227", "452", "227")));
        assertThat(ReferenceCheck.network(n)).containsExactly("corridor c1: device 227 listed twice");
    }

    @Test
    void linkLengthsAreOneFewerThanTheDevices() {
        Network.Corridor c = corridor("c1", "227", "452", "454");
        Network.Corridor shortOfOne = new Network.Corridor(
                "c1", null, c.devices(), List.of(300.0), 13.9, null, null, c.outbound(), c.inbound());
        Network n = new Network(
                List.of(intersection("227"), intersection("452"), intersection("454")), List.of(shortOfOne));
        assertThat(ReferenceCheck.network(n))
                .containsExactly("corridor c1: link_length_m has 1 entries for 3 devices (one fewer than the devices)");
    }

    @Test
    void theMinimumCycleIsNotAboveTheMaximum() {
        Network n = new Network(
                List.of(intersection("227"), intersection("452")),
                List.of(corridor(
                        "c1", List.of("227", "452"), phases(2, "227", "452"), phases(6, "227", "452"), 120, 100)));
        assertThat(ReferenceCheck.network(n)).containsExactly("corridor c1: min_cycle_s 120 is above max_cycle_s 100");
    }

    @Test
    void aDirectionsPhasesAreOfTheCorridorsDevicesAndTimedThere() {
        Map<String, Integer> outbound = phases(2, "227", "452", "999");
        Map<String, Integer> inbound = phases(6, "227");
        inbound.put("452", 7);
        Network n = new Network(
                List.of(intersection("227"), intersection("452")),
                List.of(corridor("c1", List.of("227", "452"), outbound, inbound, null, null)));
        assertThat(ReferenceCheck.network(n))
                .containsExactly(
                        "corridor c1: outbound phase_by_device names device 999 not on the corridor",
                        "corridor c1: inbound phase_by_device gives device 452 phase 7, which intersection 452 does not time");
    }

    // ---------------------------------------------------------------- zones, kitchens

    @Test
    void aZoneIsAValidSimplePolygon() {
        assertThat(ReferenceCheck.zone(square("z1"))).isEmpty();
        // a bow tie: its edges cross at (104.0005, 30.0005)
        BikeZone bowTie = zone("z7", 104.0, 30.0, 104.001, 30.001, 104.001, 30.0, 104.0, 30.001);
        assertThat(ReferenceCheck.zone(bowTie))
                .singleElement()
                .asString()
                .startsWith("zone z7: polygon is not a valid simple polygon (self-intersection at [104.0005, 30.0005")
                .endsWith(")");
    }

    @Test
    void aZoneHasThreeDistinctPoints() {
        BikeZone line = zone("z2", 104.0, 30.0, 104.001, 30.0, 104.0, 30.0);
        assertThat(ReferenceCheck.zone(line)).containsExactly("zone z2: polygon has fewer than 3 distinct points");
        BikeZone repeated = zone("z3", 104.0, 30.0, 104.001, 30.0, 104.001, 30.0, 104.0, 30.0);
        assertThat(ReferenceCheck.zone(repeated))
                .singleElement()
                .asString()
                .startsWith("zone z3: polygon is not a valid simple polygon (too few distinct points");
    }

    @Test
    void zonesAndKitchensAreListedOnce() {
        assertThat(ReferenceCheck.zones(List.of(square("z1"), square("z2"), square("z1"))))
                .containsExactly("zone z1 listed twice");
        Kitchen k = new Kitchen("k1", null, Kitchen.RESTAURANT, null);
        assertThat(ReferenceCheck.kitchens(List.of(k, k))).containsExactly("kitchen k1 listed twice");
    }

    // ---------------------------------------------------------------- the codec applies them

    @Test
    void aNetworkFileIsRefusedWithEveryErrorOnItsOwnLine() {
        String bad = Examples.NETWORK
                .replace("\"devices\": [\"227\", \"452\", \"454\"]", "\"devices\": [\"227\", \"452\", \"999\"]")
                .replace("\"454\": 2", "\"999\": 2")
                .replace("\"454\": 6", "\"999\": 6");
        assertThatThrownBy(() -> CODEC.decodeNetwork(utf8(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network.json: 1 error" + System.lineSeparator()
                        + "  corridor c1: device 999 is not an intersection of network.json");
    }

    @Test
    void zonesAndKitchensFilesAreRefusedNamingTheElement() {
        String zones = "[" + Examples.BIKE_ZONE + ", " + Examples.BIKE_ZONE + "]";
        assertThatThrownBy(() -> CODEC.decodeZones(utf8(zones)))
                .hasMessage("zones.json: 1 error" + System.lineSeparator() + "  zone z-17 listed twice");
        String kitchens = "[" + Examples.KITCHEN + ", " + Examples.KITCHEN + "]";
        assertThatThrownBy(() -> CODEC.decodeKitchens(utf8(kitchens)))
                .hasMessage("kitchens.json: 1 error" + System.lineSeparator() + "  kitchen sc-0451 listed twice");
    }

    @Test
    void aTopicRecordFailingTheCheckIsAFailureWithTheReason() {
        String bowTie = """
                {"zone_id": "z7", "polygon": [[104.0, 30.0], [104.001, 30.001], [104.001, 30.0], [104.0, 30.001]], "capacity": 5}""";
        Decoded<BikeZone> zone = CODEC.decode(Contract.BIKE_ZONES, utf8(bowTie), BikeZone.class);
        assertThat(zone.ok()).isFalse();
        assertThat(zone.error()).startsWith("zone z7: polygon is not a valid simple polygon (self-intersection");

        String network = Examples.NETWORK.replace("\"227\": 6", "\"227\": 8");
        Decoded<Network> n = CODEC.decode(Contract.NETWORK, utf8(network), Network.class);
        assertThat(n.ok()).isFalse();
        assertThat(n.error())
                .isEqualTo(
                        "corridor c1: inbound phase_by_device gives device 227 phase 8, which intersection 227 does not time");
    }
}
