package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.corridor;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.fourPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One test per safety check: a safe plan passes, and breaking one thing yields exactly that violation (or, where
 * breaking it necessarily breaks another rule too, exactly those).
 */
class PlanSafetyTest {
    /** Phases 2/6: green 10..70 s, ped clearance 12 s; 4/8: 5..60 s; every yellow 4 s, red clearance 1 s. */
    private final Network.Intersection intersection = fourPhase("227", 90, 0, 49, 2, 1);

    private final Network.Corridor corridor = corridor("c1", List.of("227"), List.of(), 13.9);
    private final PlanSafety safety = new PlanSafety(3, 0, 20);

    /** 49 + 4 + 1 then 31 + 4 + 1 in each ring: both rings sum to 90 s and cross the barrier at 54 s. */
    private static List<TimingPlan.PhaseSplit> safeSplits() {
        return new ArrayList<>(List.of(split(2, 49), split(6, 49), split(4, 31), split(8, 31)));
    }

    private static TimingPlan.PhaseSplit split(int phase, double green) {
        return new TimingPlan.PhaseSplit(phase, green, 4, 1);
    }

    private static TimingPlan plan(
            int cycle, int offset, List<Integer> coordinated, List<TimingPlan.PhaseSplit> phases) {
        return new TimingPlan(
                "c1-20240513T1515-227",
                "c1",
                "227",
                0,
                60_000,
                3_660_000,
                cycle,
                offset,
                coordinated,
                phases,
                null,
                null,
                null);
    }

    private static TimingPlan plan(List<TimingPlan.PhaseSplit> phases) {
        return plan(90, 0, List.of(2, 6), phases);
    }

    private List<String> check(TimingPlan plan) {
        return safety.violations(plan, intersection, corridor, 90);
    }

    /** The intersection with one phase's network.json timing changed. */
    private Network.Intersection withPhase(int phase, UnaryOperator<Network.PhaseTiming> change) {
        Network.Timing t = intersection.timing();
        return new Network.Intersection(
                "227",
                null,
                0,
                0,
                intersection.approaches(),
                new Network.Timing(
                        t.cycleS(),
                        t.offsetS(),
                        t.coordinatedPhases(),
                        t.phases().stream()
                                .map(p -> p.phase() == phase ? change.apply(p) : p)
                                .toList()));
    }

    private static UnaryOperator<Network.PhaseTiming> bounds(double min, double max, Double ped) {
        return p -> new Network.PhaseTiming(p.phase(), p.greenS(), min, max, p.yellowS(), p.redClearS(), ped);
    }

    private static UnaryOperator<Network.PhaseTiming> clearances(double yellow, double red) {
        return p -> new Network.PhaseTiming(
                p.phase(), p.greenS(), p.minGreenS(), p.maxGreenS(), yellow, red, p.pedClearS());
    }

    @Test
    void aSafePlanPasses() {
        assertThat(check(plan(90, 37, List.of(2, 6), safeSplits()))).isEmpty();
        assertThat(safety.violations(plan(90, 37, List.of(2, 6), safeSplits()), intersection, corridor, null))
                .isEmpty();
    }

    @Test
    void floorsBelowTheContractsAreRefused() {
        assertThatThrownBy(() -> new PlanSafety(2.9, 0, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlanSafety(3, -0.1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlanSafety(Double.NaN, 0, 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingPhaseIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.remove(3); // phase 8; ring 2 then no longer sums to the cycle either
        assertThat(check(plan(phases)))
                .containsExactly("phase 8 is missing", "ring 2 sums to 54.0 s, not the cycle 90 s");
    }

    @Test
    void aDuplicatedPhaseIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.add(split(4, 31));
        assertThat(check(plan(phases))).containsExactly("phase 4 is listed twice");
    }

    @Test
    void anUnknownPhaseIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.add(new TimingPlan.PhaseSplit(9, 0, 0, 0));
        assertThat(check(plan(phases))).containsExactly("phase 9 is not a phase of device 227");
    }

    @Test
    void aGreenBelowItsMinimumIsAViolation() {
        assertThat(safety.violations(plan(safeSplits()), withPhase(4, bounds(35, 60, null)), corridor, 90))
                .containsExactly("phase 4 green 31.0 s outside [35.0, 60.0] s");
    }

    @Test
    void aGreenAboveItsMaximumIsAViolation() {
        assertThat(safety.violations(plan(safeSplits()), withPhase(2, bounds(10, 45, 12.0)), corridor, 90))
                .containsExactly("phase 2 green 49.0 s outside [10.0, 45.0] s");
    }

    @Test
    void aMinimumGreenAboveTheMaximumInNetworkJsonIsAViolation() {
        // no green can lie in [40, 30]: the plan's green fails its bounds as well
        assertThat(safety.violations(plan(safeSplits()), withPhase(4, bounds(40, 30, null)), corridor, 90))
                .containsExactly(
                        "phase 4 min green 40.0 s above its max green 30.0 s in network.json",
                        "phase 4 green 31.0 s outside [40.0, 30.0] s");
    }

    @Test
    void aGreenShorterThanThePedestrianClearanceIsAViolation() {
        assertThat(safety.violations(plan(safeSplits()), withPhase(4, bounds(5, 60, 35.0)), corridor, 90))
                .containsExactly("phase 4 green 31.0 s below its pedestrian clearance 35.0 s");
    }

    @Test
    void aChangedYellowIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(0, new TimingPlan.PhaseSplit(2, 48, 5, 1));
        assertThat(check(plan(phases))).containsExactly("phase 2 yellow 5.0 s differs from the configured 4.0 s");
    }

    @Test
    void aYellowBelowTheFloorIsAViolationEvenAsConfigured() {
        Network.Intersection shortYellow = withPhase(2, clearances(2.5, 1));
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(0, new TimingPlan.PhaseSplit(2, 50.5, 2.5, 1));
        assertThat(safety.violations(plan(phases), shortYellow, corridor, 90))
                .containsExactly("phase 2 yellow 2.5 s below the floor 3.0 s");
        // the floor may be raised by configuration
        assertThat(new PlanSafety(4.5, 0, 20).violations(plan(safeSplits()), intersection, corridor, 90))
                .containsExactly(
                        "phase 2 yellow 4.0 s below the floor 4.5 s",
                        "phase 6 yellow 4.0 s below the floor 4.5 s",
                        "phase 4 yellow 4.0 s below the floor 4.5 s",
                        "phase 8 yellow 4.0 s below the floor 4.5 s");
    }

    @Test
    void aChangedRedClearanceIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(2, new TimingPlan.PhaseSplit(4, 29, 4, 3));
        assertThat(check(plan(phases)))
                .containsExactly("phase 4 red clearance 3.0 s differs from the configured 1.0 s");
    }

    @Test
    void aRedClearanceBelowTheFloorIsAViolationEvenAsConfigured() {
        Network.Intersection shortRed = withPhase(2, clearances(4, 0.5));
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(0, new TimingPlan.PhaseSplit(2, 49.5, 4, 0.5));
        assertThat(safety.violations(plan(phases), shortRed, corridor, 90)).isEmpty();
        assertThat(new PlanSafety(3, 1, 20).violations(plan(phases), shortRed, corridor, 90))
                .containsExactly("phase 2 red clearance 0.5 s below the floor 1.0 s");
        Network.Intersection negativeRed = withPhase(2, clearances(4, -0.5));
        phases.set(0, new TimingPlan.PhaseSplit(2, 50.5, 4, -0.5));
        assertThat(safety.violations(plan(phases), negativeRed, corridor, 90))
                .containsExactly("phase 2 red clearance -0.5 s below the floor 0.0 s");
    }

    @Test
    void aNumberThatIsNotFiniteIsAViolationAndFailsEveryComparison() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(0, split(2, Double.NaN));
        assertThat(check(plan(phases)))
                .containsExactly(
                        "not finite: phase 2 green_s = NaN",
                        "phase 2 green NaN s outside [10.0, 70.0] s",
                        "phase 2 green NaN s below its pedestrian clearance 12.0 s",
                        "ring 1 sums to NaN s, not the cycle 90 s",
                        "rings cross the barrier at different times: ring 1 at NaN s, ring 2 at 54.0 s");

        phases = safeSplits();
        phases.set(3, new TimingPlan.PhaseSplit(8, 31, Double.POSITIVE_INFINITY, 1));
        assertThat(check(plan(phases)))
                .containsExactly(
                        "not finite: phase 8 yellow_s = Infinity",
                        "phase 8 yellow Infinity s differs from the configured 4.0 s",
                        "ring 2 sums to Infinity s, not the cycle 90 s");

        TimingPlan predicted = new TimingPlan(
                "c1-20240513T1515-227",
                "c1",
                "227",
                0,
                60_000,
                3_660_000,
                90,
                0,
                List.of(2, 6),
                safeSplits(),
                null,
                null,
                new TimingPlan.Prediction(Double.NaN, null, 12.0));
        assertThat(check(predicted)).containsExactly("not finite: predicted bandwidth_outbound_s = NaN");
    }

    @Test
    void aRingThatDoesNotSumToTheCycleIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(3, split(8, 31.5));
        assertThat(check(plan(phases))).containsExactly("ring 2 sums to 90.5 s, not the cycle 90 s");
        phases.set(3, split(8, 31.005)); // within the tolerance
        assertThat(check(plan(phases))).isEmpty();
    }

    @Test
    void ringsCrossingTheBarrierAtDifferentTimesAreAViolation() {
        // both rings still sum to 90 s, but ring 1 ends phase 2 at 49 s while ring 2 runs phase 6 until 54 s
        List<TimingPlan.PhaseSplit> phases = List.of(split(2, 44), split(6, 49), split(4, 36), split(8, 31));
        assertThat(check(plan(phases)))
                .containsExactly("rings cross the barrier at different times: ring 1 at 49.0 s, ring 2 at 54.0 s");
    }

    @Test
    void aCycleOutsideTheCorridorsBoundsIsAViolation() {
        Network.Corridor narrow = new Network.Corridor(
                "c1", null, List.of("227"), List.of(), 13.9, 60, 80, corridor.outbound(), corridor.inbound());
        assertThat(safety.violations(plan(safeSplits()), intersection, narrow, 90))
                .containsExactly("cycle 90 s outside the corridor's [60, 80] s");
    }

    @Test
    void aCycleStepLargerThanAllowedIsAViolation() {
        TimingPlan p = plan(safeSplits());
        assertThat(safety.violations(p, intersection, corridor, 70)).isEmpty();
        assertThat(safety.violations(p, intersection, corridor, 69))
                .containsExactly("cycle 90 s moves more than 20 s from the running 69 s");
    }

    @Test
    void anOffsetOutsideTheCycleIsAViolation() {
        assertThat(check(plan(90, 90, List.of(2, 6), safeSplits())))
                .containsExactly("offset 90 s outside [0, cycle 90 s)");
        assertThat(check(plan(90, -1, List.of(2, 6), safeSplits())))
                .containsExactly("offset -1 s outside [0, cycle 90 s)");
    }

    @Test
    void otherCoordinatedPhasesAreAViolation() {
        assertThat(check(plan(90, 0, List.of(6, 2), safeSplits())))
                .containsExactly("coordinated phases [6, 2] differ from the configured [2, 6]");
    }
}
