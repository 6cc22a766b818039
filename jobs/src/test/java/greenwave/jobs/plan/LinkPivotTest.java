package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.SETTINGS;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.byId;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.corridor;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.fourPhase;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkPivotTest {
    private static final long DAY_START_MS = 1_715_558_400_000L; // 2024-05-13T00:00Z, cycle zero

    // Two devices, cycle 60 s, main-street green 25 s starting at each offset (both running at offset 0).
    private final List<Network.Intersection> intersections =
            List.of(fourPhase("a", 60, 0, 25, 2, 1), fourPhase("b", 60, 0, 25, 2, 1));
    private final Network.Corridor corridor = corridor("c", List.of("a", "b"), List.of(400.0), 13.9);

    /** Outbound arrivals at b 35..54 s after a's green start, every cycle for an hour: all on b's red. */
    private static Map<String, Map<Integer, List<Long>>> platoonOnRed() {
        List<Long> arrivals = new ArrayList<>();
        for (int cycle = 0; cycle < 60; cycle++) {
            for (int s = 35; s < 55; s++) {
                arrivals.add(DAY_START_MS + (cycle * 60L + s) * 1000);
            }
        }
        return Map.of("b", Map.of(2, arrivals));
    }

    @Test
    void theRefinementMovesTheDownstreamGreenOntoTheMeasuredPlatoon() {
        GreenWavePlanner planner = new GreenWavePlanner(SETTINGS);
        CorridorPlan running = planner.runningPlan(corridor, byId(intersections));
        BandGeometry geometry = BandGeometry.of(running, corridor);
        Map<String, Map<Integer, List<Long>>> arrivals = platoonOnRed();

        double[] profile = LinkPivot.outboundProfile(1, geometry, arrivals);
        assertThat(LinkPivot.onGreen(profile, geometry.outStart(0, 0), geometry.outStart(1, 0), 25, 60))
                .isZero();

        int[] refined = LinkPivot.refine(geometry, geometry, arrivals);
        assertThat(refined[0]).isZero();
        // b's green [35, 60) holds every arrival (35..54 s); −25 is the smallest shift that does.
        assertThat(refined[1]).isEqualTo(35);
        assertThat(LinkPivot.onGreen(profile, geometry.outStart(0, 0), geometry.outStart(1, refined[1]), 25, 60))
                .isEqualTo(profile.length);
    }

    @Test
    void theMeasuredProfileFollowsTheUpstreamGreenWhenThePlanMovesIt() {
        BandGeometry running =
                BandGeometry.of(new GreenWavePlanner(SETTINGS).runningPlan(corridor, byId(intersections)), corridor);
        // The new plan moves a's green 10 s later: the platoon now reaches b 45..64 s after cycle zero.
        BandGeometry planned = new BandGeometry(
                60,
                running.devices(),
                new int[] {10, 0},
                running.outPhase(),
                running.outRel(),
                running.outGreen(),
                running.inPhase(),
                running.inRel(),
                running.inGreen());
        int[] refined = LinkPivot.refine(planned, running, platoonOnRed());
        assertThat(refined[0]).isEqualTo(10);
        assertThat(refined[1]).isEqualTo(45);
    }

    @Test
    void withoutAProfileTheBandSolutionIsKept() {
        BandGeometry geometry =
                BandGeometry.of(new GreenWavePlanner(SETTINGS).runningPlan(corridor, byId(intersections)), corridor);
        assertThat(LinkPivot.refine(geometry, geometry, Map.of())).containsExactly(0, 0);
    }

    @Test
    void thePlannerUsesTheProfileAndPredictsLessDelayThanTheRunningPlan() {
        GreenWavePlanner planner = new GreenWavePlanner(SETTINGS);
        var observations = new CorridorObservations(
                "c",
                DAY_START_MS,
                DAY_START_MS + 3_600_000,
                Map.of(
                        "a",
                        Map.of(2, 1200.0, 6, 300.0, 4, 200.0, 8, 200.0),
                        "b",
                        Map.of(2, 1200.0, 6, 300.0, 4, 200.0, 8, 200.0)),
                List.of(),
                platoonOnRed(),
                Map.of());
        CorridorPlan plan = planner.plan(corridor, byId(intersections), observations, 60);
        double running = planner.predictDelay(
                planner.runningPlan(corridor, byId(intersections)), corridor, byId(intersections), observations);
        assertThat(plan.predictedDelaySPerVeh()).isLessThan(running);
    }
}
