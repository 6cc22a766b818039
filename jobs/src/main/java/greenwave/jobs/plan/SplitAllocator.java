package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Phase splits for a cycle (spec measures.md §2). The two barrier groups share the cycle: each group gets its
 * clearances plus a part of the remaining green time in proportion to its critical y; within a group each ring's
 * phases share the group's green in proportion to their y. Every green lies in [max(min green, ped clearance),
 * max green], the rest being redistributed, and greens are whole seconds where the bounds allow. Both rings of a
 * barrier group take the same time, so every ring sums exactly to the cycle and the barrier is respected.
 */
final class SplitAllocator {
    private static final double EPS = 1e-9;

    private SplitAllocator() {}

    /** The lowest green a phase may get: its minimum green, or its pedestrian clearance when that is longer. */
    static double lowerBound(Network.PhaseTiming p) {
        return Math.max(p.minGreenS(), p.pedClearS() == null ? 0 : p.pedClearS());
    }

    /** Shortest and longest cycle the intersection's bounds allow ({lo, hi}). */
    static double[] feasibleCycle(Network.Timing timing) {
        double[] lo = new double[2];
        double[] hi = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        boolean[] used = new boolean[2];
        for (int group = 0; group < 2; group++) {
            for (int ring : rings(timing)) {
                List<Network.PhaseTiming> phases = phases(timing, ring, group);
                if (phases.isEmpty()) {
                    continue;
                }
                used[group] = true;
                double clearance = clearance(phases);
                lo[group] = Math.max(
                        lo[group],
                        clearance
                                + phases.stream()
                                        .mapToDouble(SplitAllocator::lowerBound)
                                        .sum());
                hi[group] = Math.min(
                        hi[group],
                        clearance
                                + phases.stream()
                                        .mapToDouble(Network.PhaseTiming::maxGreenS)
                                        .sum());
            }
            if (!used[group]) {
                hi[group] = 0;
            }
        }
        return new double[] {lo[0] + lo[1], hi[0] + hi[1]};
    }

    /**
     * Splits of every phase of the timing for {@code cycleS}. {@code weights} are the phases' flow ratios (see
     * {@link WebsterCycle#flowRatios}); when empty the running greens serve as weights (the running shares are kept).
     */
    static List<TimingPlan.PhaseSplit> allocate(Network.Timing timing, Map<Integer, Double> weights, int cycleS) {
        Map<Integer, Double> w = weights.isEmpty() ? runningGreens(timing) : weights;
        List<Integer> rings = rings(timing);
        double[] clearance = new double[2];
        double[] groupY = new double[2];
        double[] lo = new double[2];
        double[] hi = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        boolean[] used = new boolean[2];
        double[] runningGroup = new double[2];
        for (int group = 0; group < 2; group++) {
            for (int ring : rings) {
                List<Network.PhaseTiming> phases = phases(timing, ring, group);
                if (phases.isEmpty()) {
                    continue;
                }
                used[group] = true;
                double c = clearance(phases);
                clearance[group] = Math.max(clearance[group], c);
                groupY[group] = Math.max(
                        groupY[group],
                        phases.stream()
                                .mapToDouble(p -> w.getOrDefault(p.phase(), 0.0))
                                .sum());
                lo[group] = Math.max(
                        lo[group],
                        c
                                + phases.stream()
                                        .mapToDouble(SplitAllocator::lowerBound)
                                        .sum());
                hi[group] = Math.min(
                        hi[group],
                        c
                                + phases.stream()
                                        .mapToDouble(Network.PhaseTiming::maxGreenS)
                                        .sum());
                runningGroup[group] = Math.max(
                        runningGroup[group],
                        c
                                + phases.stream()
                                        .mapToDouble(Network.PhaseTiming::greenS)
                                        .sum());
            }
        }
        // Duration of barrier group 0 (the other gets the rest of the cycle).
        double first;
        if (!used[0] || !used[1]) {
            first = used[0] ? cycleS : 0;
        } else {
            double green = cycleS - clearance[0] - clearance[1];
            double share = groupY[0] + groupY[1] > EPS
                    ? groupY[0] / (groupY[0] + groupY[1])
                    : runningGroup[0] / (runningGroup[0] + runningGroup[1]);
            double target = clearance[0] + green * share;
            double min = Math.max(lo[0], cycleS - hi[1]);
            double max = Math.min(hi[0], cycleS - lo[1]);
            first = min <= max + EPS ? roundWithin(Math.min(Math.max(target, min), max), min, max) : target;
        }
        double[] groupDuration = {first, cycleS - first};
        List<TimingPlan.PhaseSplit> splits = new ArrayList<>();
        for (Network.PhaseTiming p : timing.phases()) {
            splits.add(null);
        }
        for (int group = 0; group < 2; group++) {
            for (int ring : rings) {
                List<Network.PhaseTiming> phases = phases(timing, ring, group);
                if (phases.isEmpty()) {
                    continue;
                }
                double[] greens = fill(groupDuration[group] - clearance(phases), phases, w);
                for (int i = 0; i < phases.size(); i++) {
                    Network.PhaseTiming p = phases.get(i);
                    splits.set(
                            timing.phases().indexOf(p),
                            new TimingPlan.PhaseSplit(p.phase(), greens[i], p.yellowS(), p.redClearS()));
                }
            }
        }
        return splits;
    }

    /**
     * Distributes {@code available} seconds of green over the phases in proportion to their weights within their
     * bounds (water filling: a phase pinned at a bound leaves the rest to the others), then rounds to whole seconds
     * keeping the sum exact. When the bounds cannot hold the sum, the phases stay at the violated bound (the plan
     * then fails PlanSafety rather than silently breaking a bound).
     */
    static double[] fill(double available, List<Network.PhaseTiming> phases, Map<Integer, Double> weights) {
        int n = phases.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            lo[i] = lowerBound(phases.get(i));
            hi[i] = Math.max(lo[i], phases.get(i).maxGreenS());
            w[i] = Math.max(0, weights.getOrDefault(phases.get(i).phase(), 0.0));
        }
        double[] g = waterFill(available, lo, hi, w);
        return roundKeepingSum(g, available, lo, hi);
    }

    static double[] waterFill(double available, double[] lo, double[] hi, double[] w) {
        int n = lo.length;
        double[] g = new double[n];
        boolean[] pinned = new boolean[n];
        while (true) {
            double left = available;
            double weight = 0;
            int free = 0;
            for (int i = 0; i < n; i++) {
                if (pinned[i]) {
                    left -= g[i];
                } else {
                    weight += w[i];
                    free++;
                }
            }
            if (free == 0) {
                return g;
            }
            for (int i = 0; i < n; i++) {
                if (!pinned[i]) {
                    g[i] = weight > EPS ? left * w[i] / weight : left / free;
                }
            }
            // Pin the violations of one side at a time: all below-minimum phases first (raising them takes time
            // from the others), else all above-maximum ones.
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                if (!pinned[i] && g[i] < lo[i] - EPS) {
                    g[i] = lo[i];
                    pinned[i] = true;
                    changed = true;
                }
            }
            if (!changed) {
                for (int i = 0; i < n; i++) {
                    if (!pinned[i] && g[i] > hi[i] + EPS) {
                        g[i] = hi[i];
                        pinned[i] = true;
                        changed = true;
                    }
                }
            }
            if (!changed) {
                return g;
            }
        }
    }

    /** Whole-second greens with the same sum, each within its bounds; the unrounded greens when that is impossible. */
    static double[] roundKeepingSum(double[] g, double available, double[] lo, double[] hi) {
        int n = g.length;
        double[] r = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double min = Math.ceil(lo[i] - EPS);
            double max = Math.floor(hi[i] + EPS);
            if (min > max) {
                return g;
            }
            r[i] = Math.min(Math.max(Math.floor(g[i] + EPS), min), max);
            sum += r[i];
        }
        double wholeSeconds = Math.floor(available + EPS);
        // Hand out (or take back) whole seconds by the largest rounding remainder.
        while (sum < wholeSeconds - EPS) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (r[i] + 1 <= Math.floor(hi[i] + EPS) && (best < 0 || g[i] - r[i] > g[best] - r[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return g;
            }
            r[best]++;
            sum++;
        }
        while (sum > wholeSeconds + EPS) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (r[i] - 1 >= Math.ceil(lo[i] - EPS) && (best < 0 || g[i] - r[i] < g[best] - r[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return g;
            }
            r[best]--;
            sum--;
        }
        // A fractional remainder (fractional clearances) goes to a phase with room for it.
        double fraction = available - sum;
        if (Math.abs(fraction) > EPS) {
            for (int i = 0; i < n; i++) {
                if (r[i] + fraction <= hi[i] + EPS && r[i] + fraction >= lo[i] - EPS) {
                    r[i] += fraction;
                    return r;
                }
            }
            return g;
        }
        return r;
    }

    private static double roundWithin(double x, double min, double max) {
        double r = Math.round(x);
        if (r >= min - EPS && r <= max + EPS) {
            return r;
        }
        double c = Math.ceil(min - EPS);
        return c <= max + EPS ? c : x;
    }

    private static Map<Integer, Double> runningGreens(Network.Timing timing) {
        Map<Integer, Double> w = new java.util.HashMap<>();
        timing.phases().forEach(p -> w.put(p.phase(), p.greenS()));
        return w;
    }

    static List<Integer> rings(Network.Timing timing) {
        return timing.phases().stream()
                .map(p -> SplitWindows.ring(p.phase()))
                .distinct()
                .sorted()
                .toList();
    }

    static List<Network.PhaseTiming> phases(Network.Timing timing, int ring, int group) {
        return timing.phases().stream()
                .filter(p -> SplitWindows.ring(p.phase()) == ring && SplitWindows.barrierGroup(p.phase()) == group)
                .toList();
    }

    private static double clearance(List<Network.PhaseTiming> phases) {
        return phases.stream().mapToDouble(p -> p.yellowS() + p.redClearS()).sum();
    }
}
