package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.corridor;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.fourPhase;
import static org.assertj.core.api.Assertions.assertThat;

/** One test per safety check: a safe plan passes, and breaking one thing yields exactly that violation. */
class PlanSafetyTest {
    private final Network.Intersection intersection = fourPhase("227", 90, 0, 49, 2, 1);
    private final Network.Corridor corridor = corridor("c1", List.of("227"), List.of(), 13.9);

    private static List<TimingPlan.PhaseSplit> safeSplits() {
        return new ArrayList<>(List.of(split(2, 49), split(6, 49), split(4, 31), split(8, 31)));
    }

    private static TimingPlan.PhaseSplit split(int phase, double green) {
        return new TimingPlan.PhaseSplit(phase, green, 4, 1);
    }

    private static TimingPlan plan(int cycle, int offset, List<Integer> coordinated, List<TimingPlan.PhaseSplit> phases) {
        return new TimingPlan("c1-20240513T1515-227", "c1", "227", 0, 60_000, 3_660_000, cycle, offset, coordinated,
                phases, null, null, null);
    }

    private List<String> check(TimingPlan plan) {
        return PlanSafety.violations(plan, intersection, corridor, 90, 20);
    }

    @Test
    void aSafePlanPasses() {
        assertThat(check(plan(90, 37, List.of(2, 6), safeSplits()))).isEmpty();
        assertThat(PlanSafety.violations(plan(90, 37, List.of(2, 6), safeSplits()), intersection, corridor, null, 20)).isEmpty();
    }

    @Test
    void aMissingPhaseIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.remove(3); // phase 8; ring 2 then no longer sums to the cycle either
        assertThat(check(plan(90, 0, List.of(2, 6), phases))).anyMatch(v -> v.equals("phase 8 is missing"));
    }

    @Test
    void anUnknownPhaseIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.add(new TimingPlan.PhaseSplit(9, 0, 0, 0));
        assertThat(check(plan(90, 0, List.of(2, 6), phases))).containsExactly("phase 9 is not a phase of device 227");
    }

    @Test
    void aGreenBelowItsMinimumIsAViolation() {
        // phase 4: min 5 s; ring 1 keeps its sum (2 gets the difference, still within its max).
        List<TimingPlan.PhaseSplit> phases = List.of(split(2, 70), split(6, 49), split(4, 10), split(8, 31));
        Network.Intersection i = new Network.Intersection("227", null, 0, 0, intersection.approaches(),
                new Network.Timing(90, 0, List.of(2, 6), List.of(
                        GreenWavePlannerFixtures.phase(2, 49, 10, 70, 12.0), GreenWavePlannerFixtures.phase(6, 49, 10, 70, 12.0),
                        GreenWavePlannerFixtures.phase(4, 31, 15, 60, null), GreenWavePlannerFixtures.phase(8, 31, 5, 60, null))));
        assertThat(PlanSafety.violations(plan(90, 0, List.of(2, 6), phases), i, corridor, 90, 20))
                .containsExactly("phase 4 green 10.0 s outside [15.0, 60.0] s");
    }

    @Test
    void aGreenAboveItsMaximumIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = List.of(split(2, 75), split(6, 49), split(4, 5), split(8, 31));
        assertThat(check(plan(90, 0, List.of(2, 6), phases))).containsExactly("phase 2 green 75.0 s outside [10.0, 70.0] s");
    }

    @Test
    void aGreenShorterThanThePedestrianClearanceIsAViolation() {
        Network.Intersection i = new Network.Intersection("227", null, 0, 0, intersection.approaches(),
                new Network.Timing(90, 0, List.of(2, 6), List.of(
                        GreenWavePlannerFixtures.phase(2, 49, 10, 70, 12.0), GreenWavePlannerFixtures.phase(6, 49, 10, 70, 12.0),
                        GreenWavePlannerFixtures.phase(4, 31, 5, 60, 35.0), GreenWavePlannerFixtures.phase(8, 31, 5, 60, null))));
        assertThat(PlanSafety.violations(plan(90, 0, List.of(2, 6), safeSplits()), i, corridor, 90, 20))
                .containsExactly("phase 4 green 31.0 s below its pedestrian clearance 35.0 s");
    }

    @Test
    void aChangedYellowIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(0, new TimingPlan.PhaseSplit(2, 48, 5, 1));
        assertThat(check(plan(90, 0, List.of(2, 6), phases)))
                .containsExactly("phase 2 yellow 5.0 s differs from the configured 4.0 s");
    }

    @Test
    void aChangedRedClearanceIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(2, new TimingPlan.PhaseSplit(4, 29, 4, 3));
        assertThat(check(plan(90, 0, List.of(2, 6), phases)))
                .containsExactly("phase 4 red clearance 3.0 s differs from the configured 1.0 s");
    }

    @Test
    void aRingThatDoesNotSumToTheCycleIsAViolation() {
        List<TimingPlan.PhaseSplit> phases = safeSplits();
        phases.set(1, split(6, 49.5));
        assertThat(check(plan(90, 0, List.of(2, 6), phases))).containsExactly("ring 2 sums to 90.5 s, not the cycle 90 s");
        phases.set(1, split(6, 49.005)); // within the tolerance
        assertThat(check(plan(90, 0, List.of(2, 6), phases))).isEmpty();
    }

    @Test
    void aCycleOutsideTheCorridorsBoundsIsAViolation() {
        Network.Corridor narrow = new Network.Corridor("c1", null, List.of("227"), List.of(), 13.9, 60, 80,
                corridor.outbound(), corridor.inbound());
        assertThat(PlanSafety.violations(plan(90, 0, List.of(2, 6), safeSplits()), intersection, narrow, 90, 20))
                .containsExactly("cycle 90 s outside the corridor's [60, 80] s");
    }

    @Test
    void aCycleStepLargerThanAllowedIsAViolation() {
        TimingPlan p = plan(90, 0, List.of(2, 6), safeSplits());
        assertThat(PlanSafety.violations(p, intersection, corridor, 70, 20)).isEmpty();
        assertThat(PlanSafety.violations(p, intersection, corridor, 69, 20))
                .containsExactly("cycle 90 s moves more than 20 s from the running 69 s");
    }

    @Test
    void anOffsetOutsideTheCycleIsAViolation() {
        assertThat(check(plan(90, 90, List.of(2, 6), safeSplits()))).containsExactly("offset 90 s outside [0, cycle 90 s)");
        assertThat(check(plan(90, -1, List.of(2, 6), safeSplits()))).containsExactly("offset -1 s outside [0, cycle 90 s)");
    }

    @Test
    void otherCoordinatedPhasesAreAViolation() {
        assertThat(check(plan(90, 0, List.of(6, 2), safeSplits())))
                .containsExactly("coordinated phases [6, 2] differ from the configured [2, 6]");
    }
}
