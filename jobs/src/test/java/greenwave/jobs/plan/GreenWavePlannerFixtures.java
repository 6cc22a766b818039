package greenwave.jobs.plan;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-made networks for the planner's tests. */
final class GreenWavePlannerFixtures {
    static final PlanSettings SETTINGS = PlanSettings.of(GreenwaveConfig.defaults());

    private GreenWavePlannerFixtures() {}

    static Network.PhaseTiming phase(int phase, double green, double min, double max, Double ped) {
        return new Network.PhaseTiming(phase, green, min, max, 4, 1, ped);
    }

    /** A four-phase intersection (2/6 main street, 4/8 side street): main green + side green + 10 s clearance = cycle. */
    static Network.Intersection fourPhase(
            String id, int cycle, int offset, double mainGreen, int mainLanes, int sideLanes) {
        double sideGreen = cycle - 10 - mainGreen;
        List<Network.PhaseTiming> phases = List.of(
                phase(2, mainGreen, 10, 70, 12.0), phase(6, mainGreen, 10, 70, 12.0),
                phase(4, sideGreen, 5, 60, null), phase(8, sideGreen, 5, 60, null));
        List<Network.Approach> approaches = List.of(
                approach(id + "-EB", "EB", 2, mainLanes),
                approach(id + "-WB", "WB", 6, mainLanes),
                approach(id + "-SB", "SB", 4, sideLanes),
                approach(id + "-NB", "NB", 8, sideLanes));
        return new Network.Intersection(
                id, id, 30, 104, approaches, new Network.Timing(cycle, offset, List.of(2, 6), phases));
    }

    static Network.Approach approach(String id, String direction, int phase, int lanes) {
        return new Network.Approach(id, direction, 0, phase, lanes, 30, 104, 13.9, 250, List.of());
    }

    static Network.Corridor corridor(String id, List<String> devices, List<Double> links, double designSpeed) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<String, Integer> in = new LinkedHashMap<>();
        devices.forEach(d -> {
            out.put(d, 2);
            in.put(d, 6);
        });
        return new Network.Corridor(
                id,
                id,
                devices,
                links,
                designSpeed,
                60,
                180,
                new Network.CorridorDirection("EB", out),
                new Network.CorridorDirection("WB", in));
    }

    static Map<String, Network.Intersection> byId(List<Network.Intersection> intersections) {
        Map<String, Network.Intersection> m = new LinkedHashMap<>();
        intersections.forEach(i -> m.put(i.deviceId(), i));
        return m;
    }

    /** Observations with only phase volumes. */
    static CorridorObservations volumes(String corridorId, Map<String, Map<Integer, Double>> volumes) {
        return new CorridorObservations(corridorId, 0, 3_600_000, volumes, List.of(), Map.of(), Map.of());
    }

    /** The same volumes at every device: eastbound, westbound and each side street, veh/h. */
    static Map<String, Map<Integer, Double>> uniform(List<String> devices, double eb, double wb, double side) {
        Map<String, Map<Integer, Double>> m = new LinkedHashMap<>();
        devices.forEach(d -> m.put(d, Map.of(2, eb, 6, wb, 4, side, 8, side)));
        return m;
    }

    /** The SUMO sample corridor shipped in sim/samples/corridor3. */
    static Network corridor3() {
        return GreenWaveJobFixtures.corridor3();
    }

    static List<Network.Intersection> list(Network.Intersection... intersections) {
        return new ArrayList<>(List.of(intersections));
    }
}
