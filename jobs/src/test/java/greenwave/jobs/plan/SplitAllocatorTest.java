package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.fourPhase;
import static greenwave.jobs.plan.GreenWavePlannerFixtures.phase;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAllocatorTest {
    private final Network.Intersection a = fourPhase("a", 90, 0, 49, 2, 1);

    private static double green(List<TimingPlan.PhaseSplit> splits, int phase) {
        return SplitWindows.green(phase, splits);
    }

    private static double ringSum(List<TimingPlan.PhaseSplit> splits, int ring) {
        return splits.stream()
                .filter(s -> SplitWindows.ring(s.phase()) == ring)
                .mapToDouble(s -> s.greenS() + s.yellowS() + s.redClearS())
                .sum();
    }

    @Test
    void greensFollowTheCriticalFlowRatiosAndEachRingSumsToTheCycle() {
        // 75 s of green; group {2,6} gets 0.5 / 0.8 of it = 46.875 s → group 51.875 s, rounded to 52 s.
        List<TimingPlan.PhaseSplit> s = SplitAllocator.allocate(a.timing(), Map.of(2, 0.5, 6, 0.4, 4, 0.3, 8, 0.2), 85);
        assertThat(green(s, 2)).isEqualTo(47);
        assertThat(green(s, 6)).isEqualTo(47);
        assertThat(green(s, 4)).isEqualTo(28);
        assertThat(green(s, 8)).isEqualTo(28);
        assertThat(ringSum(s, 1)).isEqualTo(85);
        assertThat(ringSum(s, 2)).isEqualTo(85);
        assertThat(s).allMatch(p -> p.yellowS() == 4 && p.redClearS() == 1);
    }

    @Test
    void withinAGroupEachRingSharesTheGroupsTimeByItsPhasesRatios() {
        Network.Timing timing = new Network.Timing(
                100,
                0,
                List.of(2, 6),
                List.of(
                        phase(1, 10, 5, 40, null),
                        phase(2, 40, 10, 70, null),
                        phase(5, 10, 5, 40, null),
                        phase(6, 40, 10, 70, null),
                        phase(4, 30, 5, 60, null),
                        phase(8, 30, 5, 60, null)));
        // Group A: ring 1 = 0.1 + 0.3, ring 2 = 0.2 + 0.25 → critical 0.45; group B: 0.15. Clearances 10 + 5 s,
        // green 85 s, group A = 10 + 85 × 0.75 = 73.75 → 74 s. Ring 1 in A: 74 − 10 = 64 s of green, 1 : 2 = 1 : 3.
        List<TimingPlan.PhaseSplit> s =
                SplitAllocator.allocate(timing, Map.of(1, 0.1, 2, 0.3, 5, 0.2, 6, 0.25, 4, 0.15, 8, 0.1), 100);
        assertThat(ringSum(s, 1)).isEqualTo(100);
        assertThat(ringSum(s, 2)).isEqualTo(100);
        assertThat(green(s, 1) + green(s, 2) + 10).isEqualTo(green(s, 5) + green(s, 6) + 10); // barrier aligned
        assertThat(green(s, 1) + green(s, 2)).isEqualTo(64);
        assertThat(green(s, 1)).isEqualTo(16);
    }

    @Test
    void greensAreRaisedToMinimumAndPedestrianClearanceAndCappedAtMaximum() {
        // Main street almost empty: its green is raised to its pedestrian clearance (12 s > min 10 s).
        List<TimingPlan.PhaseSplit> low =
                SplitAllocator.allocate(a.timing(), Map.of(2, 0.001, 6, 0.001, 4, 0.5, 8, 0.5), 60);
        assertThat(green(low, 2)).isEqualTo(12);
        assertThat(green(low, 4)).isEqualTo(38);
        assertThat(ringSum(low, 1)).isEqualTo(60);
        // Main street saturated at a long cycle: capped at its 70 s maximum, the side street takes the rest.
        List<TimingPlan.PhaseSplit> high =
                SplitAllocator.allocate(a.timing(), Map.of(2, 0.9, 6, 0.9, 4, 0.01, 8, 0.01), 120);
        assertThat(green(high, 2)).isEqualTo(70);
        assertThat(green(high, 4)).isEqualTo(40);
        assertThat(ringSum(high, 2)).isEqualTo(120);
    }

    @Test
    void withinARingGroupTheRestIsRedistributedAfterAPhaseIsCapped() {
        Network.Timing timing = new Network.Timing(
                100,
                0,
                List.of(2),
                List.of(phase(1, 20, 5, 15, null), phase(2, 30, 10, 80, null), phase(4, 30, 5, 60, null)));
        double[] g = SplitAllocator.fill(
                60, List.of(timing.phases().get(0), timing.phases().get(1)), Map.of(1, 0.5, 2, 0.5));
        assertThat(g).containsExactly(15, 45);
    }

    @Test
    void withoutFlowRatiosTheRunningSharesAreKept() {
        List<TimingPlan.PhaseSplit> s = SplitAllocator.allocate(a.timing(), Map.of(), 90);
        assertThat(green(s, 2)).isEqualTo(49);
        assertThat(green(s, 4)).isEqualTo(31);
    }

    @Test
    void roundingKeepsTheSumExactAndTheBounds() {
        double[] r = SplitAllocator.roundKeepingSum(
                new double[] {20.4, 20.3, 20.3}, 61, new double[] {5, 5, 5}, new double[] {60, 60, 60});
        assertThat(r[0] + r[1] + r[2]).isEqualTo(61);
        assertThat(r).containsExactly(21, 20, 20);
        double[] half = SplitAllocator.roundKeepingSum(
                new double[] {20.25, 20.25}, 40.5, new double[] {5, 5}, new double[] {60, 60});
        assertThat(half[0] + half[1]).isEqualTo(40.5);
    }
}
