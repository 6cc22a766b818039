package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.SETTINGS;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.byId;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.corridor;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.fourPhase;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.volumes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.Network;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebsterCycleTest {
    // Main street 2 lanes, side street 1 lane, s = 1800 veh/h/lane.
    private final Network.Intersection a = fourPhase("a", 90, 0, 49, 2, 1);
    private final Network.Corridor corridor = corridor("c", List.of("a"), List.of(), 13.9);

    @Test
    void websterOnAHandComputedCase() {
        // y2 = 1800/3600 = 0.5, y6 = 0.4, y4 = 540/1800 = 0.3, y8 = 0.2. Critical: ring 1 in both groups,
        // Y = 0.5 + 0.3 = 0.8 with 2 critical phases, L = 2 × 4 = 8 s, C0 = (1.5 × 8 + 5) / (1 − 0.8) = 85 s.
        Map<Integer, Double> y = WebsterCycle.flowRatios(a, Map.of(2, 1800.0, 6, 1440.0, 4, 540.0, 8, 360.0), 1800);
        assertThat(y)
                .containsEntry(2, 0.5)
                .containsEntry(6, 0.4)
                .containsEntry(4, 0.3)
                .containsEntry(8, 0.2);
        WebsterCycle.Critical critical = WebsterCycle.critical(y);
        assertThat(critical.y()).isCloseTo(0.8, within(1e-12));
        assertThat(critical.criticalPhases()).isEqualTo(2);
        assertThat(WebsterCycle.optimumCycle(critical, 4.0, 0.95)).isCloseTo(85.0, within(1e-9));

        CorridorPlan plan = new GreenWavePlanner(SETTINGS)
                .plan(
                        corridor,
                        byId(List.of(a)),
                        volumes("c", Map.of("a", Map.of(2, 1800.0, 6, 1440.0, 4, 540.0, 8, 360.0))),
                        null);
        assertThat(plan.cycleS()).isEqualTo(85);
    }

    @Test
    void theLargerRingOfEachBarrierGroupIsCritical() {
        // Group {1,2,5,6}: ring 2 (0.45) beats ring 1 (0.4); group {3,4,7,8}: ring 1 (0.1 + 0.2) beats ring 2 (0.25).
        WebsterCycle.Critical c = WebsterCycle.critical(Map.of(2, 0.4, 6, 0.45, 3, 0.1, 4, 0.2, 8, 0.25));
        assertThat(c.y()).isCloseTo(0.75, within(1e-12));
        assertThat(c.criticalPhases()).isEqualTo(3);
    }

    @Test
    void aCriticalFlowRatioOfAtLeastTheMaximumTakesTheLongestCycleTheBoundsAllow() {
        // y2 = 0.7, y4 = 0.25: Y = 0.95. The corridor allows 180 s, but the maximum greens (70 + 60 s) with the
        // clearances (2 × 5 s) fill at most 140 s: a longer cycle's rings could not sum to it.
        var observations = volumes("c", Map.of("a", Map.of(2, 2520.0, 6, 1000.0, 4, 450.0, 8, 300.0)));
        assertThat(WebsterCycle.optimumCycle(
                        WebsterCycle.critical(WebsterCycle.flowRatios(
                                a, observations.phaseVolumeVph().get("a"), 1800)),
                        4,
                        0.95))
                .isInfinite();
        assertThat(new GreenWavePlanner(SETTINGS)
                        .plan(corridor, byId(List.of(a)), observations, null)
                        .cycleS())
                .isEqualTo(140);
    }

    @Test
    void theCycleMovesAtMostTheConfiguredStepFromTheRunningCycle() {
        var observations = volumes("c", Map.of("a", Map.of(2, 1800.0, 6, 1440.0, 4, 540.0, 8, 360.0))); // C0 = 85
        GreenWavePlanner planner = new GreenWavePlanner(SETTINGS);
        assertThat(planner.plan(corridor, byId(List.of(a)), observations, 60).cycleS())
                .isEqualTo(80);
        assertThat(planner.plan(corridor, byId(List.of(a)), observations, 120).cycleS())
                .isEqualTo(100);
        assertThat(planner.plan(corridor, byId(List.of(a)), observations, 90).cycleS())
                .isEqualTo(85);
    }

    @Test
    void aLowDemandCycleIsRaisedToTheCorridorsMinimum() {
        var observations = volumes("c", Map.of("a", Map.of(2, 300.0, 6, 300.0, 4, 100.0, 8, 100.0)));
        assertThat(new GreenWavePlanner(SETTINGS)
                        .plan(corridor, byId(List.of(a)), observations, null)
                        .cycleS())
                .isEqualTo(60);
    }

    @Test
    void aPhaseWithoutVolumeKeepsItsRunningShareRelativeToTheObservedOnes() {
        // Only the main street is observed: 4 and 8 get y = k × (31/90), k = (0.5 + 0.5) / (2 × 49/90).
        Map<Integer, Double> y = WebsterCycle.flowRatios(a, Map.of(2, 1800.0, 6, 1800.0), 1800);
        assertThat(y.get(4)).isCloseTo(0.5 * 31 / 49, within(1e-12));
        assertThat(WebsterCycle.flowRatios(a, Map.of(), 1800)).isEmpty();
    }
}
