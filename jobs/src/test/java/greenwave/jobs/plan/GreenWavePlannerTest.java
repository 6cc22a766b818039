package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.SETTINGS;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.byId;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.uniform;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.volumes;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GreenWavePlannerTest {
    private final GreenWavePlanner planner = new GreenWavePlanner(SETTINGS);

    private static List<String> violations(
            CorridorPlan plan,
            Network.Corridor corridor,
            Map<String, Network.Intersection> intersections,
            Integer previousCycle) {
        List<String> all = new ArrayList<>();
        plan.devices().forEach((id, d) -> {
            TimingPlan t = new TimingPlan(
                    PlanIds.planId(corridor.corridorId(), 0, id),
                    corridor.corridorId(),
                    id,
                    0,
                    0,
                    0,
                    plan.cycleS(),
                    d.offsetS(),
                    d.coordinatedPhases(),
                    d.phases(),
                    plan.reason(),
                    null,
                    null);
            SETTINGS.safety()
                    .violations(t, intersections.get(id), corridor, previousCycle)
                    .forEach(v -> all.add(id + ": " + v));
        });
        return all;
    }

    @Test
    void theShippedSumoCorridorGetsASafeProgressedPlan() {
        Network network = GreenWavePlannerFixtures.corridor3();
        Network.Corridor corridor = network.corridors().get(0);
        Map<String, Network.Intersection> intersections = byId(network.intersections());
        CorridorObservations observations = volumes(corridor.corridorId(), uniform(corridor.devices(), 900, 500, 300));

        CorridorPlan running = planner.runningPlan(corridor, intersections);
        assertThat(running.cycleS()).isEqualTo(90);
        assertThat(running.devices().get("102").offsetS()).isEqualTo(22);
        assertThat(running.predictedDelaySPerVeh()).isNaN();
        assertThat(violations(running, corridor, intersections, 90)).isEmpty();

        CorridorPlan plan = planner.plan(corridor, intersections, observations, 90);
        assertThat(violations(plan, corridor, intersections, 90)).isEmpty();
        assertThat(plan.devices().keySet()).containsExactly("101", "102", "103");
        // The demand asks for a shorter cycle (Webster 29 s, the corridor's minimum 60 s, but at most 20 s from 90 s).
        assertThat(plan.cycleS()).isEqualTo(70);
        // The chosen offsets are at least as good as the running ones on the new splits (volume-weighted two-way band).
        Map<String, CorridorPlan.DevicePlan> runningOffsets = new LinkedHashMap<>();
        plan.devices()
                .forEach((id, d) -> runningOffsets.put(
                        id,
                        new CorridorPlan.DevicePlan(
                                id,
                                running.devices().get(id).offsetS() % plan.cycleS(),
                                d.coordinatedPhases(),
                                d.phases())));
        BandGeometry geometry = BandGeometry.of(
                new CorridorPlan(corridor.corridorId(), plan.cycleS(), runningOffsets, 0, 0, Double.NaN, ""), corridor);
        double[] before = new BandSearch(
                        geometry, BandTravelTimes.select(corridor, List.of(), 10), 0.64, 0.36, geometry.offsets())
                .bandwidths(geometry.offsets());
        assertThat(0.64 * plan.bandwidthOutboundS() + 0.36 * plan.bandwidthInboundS())
                .isGreaterThanOrEqualTo(0.64 * before[0] + 0.36 * before[1] - 1e-9);
        assertThat(plan.bandwidthOutboundS()).isGreaterThan(plan.bandwidthInboundS()); // EB carries more
        assertThat(plan.predictedDelaySPerVeh())
                .isLessThan(planner.predictDelay(running, corridor, intersections, observations));
        assertThat(plan.reason()).contains("green wave sumo-c1").contains("outbound weight 0.64");
    }

    @Test
    void noObservedVolumeKeepsTheRunningTimingSafe() {
        Network network = GreenWavePlannerFixtures.corridor3();
        Network.Corridor corridor = network.corridors().get(0);
        Map<String, Network.Intersection> intersections = byId(network.intersections());
        CorridorPlan plan = planner.plan(corridor, intersections, volumes(corridor.corridorId(), Map.of()), 90);
        assertThat(plan.cycleS()).isEqualTo(90);
        assertThat(plan.predictedDelaySPerVeh()).isNaN();
        assertThat(violations(plan, corridor, intersections, 90)).isEmpty();
    }

    @Test
    void thePlanAlwaysPassesPlanSafetyOnRandomisedCorridors() {
        Random random = new Random(20240513);
        for (int round = 0; round < 12; round++) {
            int n = 3 + random.nextInt(3);
            int cycle = 60 + random.nextInt(61);
            List<String> devices = new ArrayList<>();
            List<Network.Intersection> intersections = new ArrayList<>();
            List<Double> links = new ArrayList<>();
            Map<String, Map<Integer, Double>> volumes = new LinkedHashMap<>();
            Map<String, Map<Integer, List<Long>>> arrivals = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String id = "d" + i;
                devices.add(id);
                intersections.add(randomIntersection(id, cycle, random));
                if (i > 0) {
                    links.add(150.0 + random.nextInt(550));
                }
                Map<Integer, Double> v = new LinkedHashMap<>();
                for (int phase : new int[] {1, 2, 4, 5, 6, 8}) {
                    if (random.nextDouble() < 0.85) { // some phases go unobserved
                        v.put(phase, (double) random.nextInt(phase == 2 || phase == 6 ? 1600 : 500));
                    }
                }
                volumes.put(id, v);
                List<Long> a = new ArrayList<>();
                for (int k = 0; k < 200; k++) {
                    a.add(1_715_558_400_000L + random.nextInt(3_600_000));
                }
                arrivals.put(id, Map.of(2, a, 6, a));
            }
            Map<String, Integer> out = new LinkedHashMap<>();
            Map<String, Integer> in = new LinkedHashMap<>();
            devices.forEach(d -> {
                out.put(d, 2);
                in.put(d, 6);
            });
            Network.Corridor corridor = new Network.Corridor(
                    "r" + round,
                    null,
                    devices,
                    links,
                    11 + random.nextInt(6),
                    60,
                    150,
                    new Network.CorridorDirection("EB", out),
                    new Network.CorridorDirection("WB", in));
            List<ProbeMeasure.LinkTravelTime> travel = List.of(new ProbeMeasure.LinkTravelTime(
                    corridor.corridorId(), "EB", "d0", "d1", 0, 30, 20 + random.nextInt(40), 60));
            CorridorObservations observations = new CorridorObservations(
                    corridor.corridorId(),
                    0,
                    3_600_000,
                    volumes,
                    travel,
                    random.nextBoolean() ? arrivals : Map.of(),
                    Map.of());
            Map<String, Network.Intersection> byId = byId(intersections);
            CorridorPlan plan = planner.plan(corridor, byId, observations, cycle);
            assertThat(violations(plan, corridor, byId, cycle))
                    .as("round %d: %s", round, plan)
                    .isEmpty();
            assertThat(plan.predictedDelaySPerVeh()).isFinite();
        }
    }

    /** Eight-phase-ish intersection: leading lefts 1/5 with 2/6, side street 4/8, random bounds around a running split. */
    private static Network.Intersection randomIntersection(String id, int cycle, Random random) {
        double left = 8 + random.nextInt(8);
        double side = 12 + random.nextInt(Math.max(1, cycle - 60));
        double main = cycle - 15 - left - side;
        List<Network.PhaseTiming> phases = List.of(
                new Network.PhaseTiming(1, left, 5, 25, 3, 2, null),
                new Network.PhaseTiming(2, main, 10, 90, 4, 1, random.nextBoolean() ? 15.0 : null),
                new Network.PhaseTiming(5, left, 5, 25, 3, 2, null),
                new Network.PhaseTiming(6, main, 10, 90, 4, 1, 12.0),
                new Network.PhaseTiming(4, side, 7, 55, 4, 1, random.nextBoolean() ? 18.0 : null),
                new Network.PhaseTiming(8, side, 7, 55, 4, 1, null));
        List<Network.Approach> approaches = List.of(
                GreenWavePlannerFixtures.approach(id + "-EBL", "EB", 5, 1),
                        GreenWavePlannerFixtures.approach(id + "-EB", "EB", 2, 2),
                GreenWavePlannerFixtures.approach(id + "-WBL", "WB", 1, 1),
                        GreenWavePlannerFixtures.approach(id + "-WB", "WB", 6, 2),
                GreenWavePlannerFixtures.approach(id + "-SB", "SB", 4, 1),
                        GreenWavePlannerFixtures.approach(id + "-NB", "NB", 8, 1));
        return new Network.Intersection(
                id, id, 0, 0, approaches, new Network.Timing(cycle, random.nextInt(cycle), List.of(2, 6), phases));
    }
}
