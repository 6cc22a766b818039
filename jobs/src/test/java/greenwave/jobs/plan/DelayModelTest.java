package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.SETTINGS;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.byId;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.corridor;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.fourPhase;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.uniform;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.volumes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelayModelTest {
    private final List<Network.Intersection> intersections =
            List.of(fourPhase("a", 90, 0, 49, 2, 1), fourPhase("b", 90, 0, 49, 2, 1), fourPhase("c", 90, 0, 49, 2, 1));
    private final Network.Corridor corridor = corridor("c1", List.of("a", "b", "c"), List.of(300.0, 450.0), 13.9);

    @Test
    void aProgressedPlanHasLessDelayThanAllOffsetsZero() {
        GreenWavePlanner planner = new GreenWavePlanner(SETTINGS);
        CorridorObservations observations = volumes("c1", uniform(corridor.devices(), 900, 500, 300));
        CorridorPlan progressed = planner.plan(corridor, byId(intersections), observations, 90);
        Map<String, CorridorPlan.DevicePlan> zero = new LinkedHashMap<>();
        progressed
                .devices()
                .forEach(
                        (id, d) -> zero.put(id, new CorridorPlan.DevicePlan(id, 0, d.coordinatedPhases(), d.phases())));
        CorridorPlan allZero = new CorridorPlan("c1", progressed.cycleS(), zero, 0, 0, Double.NaN, "");

        double progressedDelay = planner.predictDelay(progressed, corridor, byId(intersections), observations);
        assertThat(progressedDelay).isCloseTo(progressed.predictedDelaySPerVeh(), within(1e-9));
        assertThat(progressedDelay)
                .isLessThan(planner.predictDelay(allZero, corridor, byId(intersections), observations));
    }

    @Test
    void uniformDelayOfAnIsolatedPhaseMatchesTheHcmFormula() {
        // One device: every phase is unprogressed (PF = 1). Phase 2 alone has volume: q = 720, 2 lanes, g = 49, C = 90.
        Network.Corridor single = corridor("s", List.of("a"), List.of(), 13.9);
        CorridorObservations observations = volumes("s", Map.of("a", Map.of(2, 720.0)));
        GreenWavePlanner planner = new GreenWavePlanner(SETTINGS);
        double gC = 49.0 / 90;
        double capacity = 1800 * 2 * gC;
        double x = 720 / capacity;
        double d1 = 0.5 * 90 * (1 - gC) * (1 - gC) / (1 - x * gC);
        double d2 = 900 * 0.25 * ((x - 1) + Math.sqrt((x - 1) * (x - 1) + 4 * x / (capacity * 0.25)));
        assertThat(planner.predictDelay(
                        planner.runningPlan(single, byId(intersections)), single, byId(intersections), observations))
                .isCloseTo(d1 + d2, within(1e-9));
    }

    @Test
    void aPlatoonArrivingOnGreenHasProgressionAndOneArrivingOnRedHasNone() {
        assertThat(DelayModel.platoonOnGreen(10, 30, 5, 40, 90)).isEqualTo(1.0);
        assertThat(DelayModel.platoonOnGreen(50, 30, 0, 40, 90)).isEqualTo(0.0);
        assertThat(DelayModel.platoonOnGreen(80, 20, 0, 40, 90)).isCloseTo(0.5, within(1e-12)); // wraps the cycle
    }
}
