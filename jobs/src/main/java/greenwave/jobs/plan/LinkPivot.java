package greenwave.jobs.plan;

import java.util.List;
import java.util.Map;

/**
 * Link-pivot refinement of offsets with measured arrival profiles (the PCD arrivals at each stop bar).
 *
 * <p>The arrivals measured at a device on a coordinated phase were released by the running plan upstream; each is
 * kept as its position, in seconds, after the upstream device's running green start in that direction. Under a new
 * plan the same platoon leaves at the upstream device's new green start, so the arrival moves to new start +
 * position (modulo the new cycle). Link by link downstream, the refinement shifts the downstream part of the corridor
 * (devices k..n−1 together, so the links already refined keep their relative offsets) by every whole second in
 * [−C/2, C/2) and keeps the shift with the most predicted arrivals on green over both directions of the link
 * (outbound at device k, inbound at device k−1; counting vehicles weights the directions by volume). A link without a
 * measured profile keeps the band solution, and so does a shift that predicts no more arrivals on green than none.
 */
final class LinkPivot {
    private static final double SECONDS_PER_DAY = 86_400;

    private LinkPivot() {}

    /** Position of each arrival after the upstream device's running green start, s in [0, runningCycle). */
    static double[] relativeArrivals(List<Long> arrivalsMs, double upstreamRunningGreenStart, int runningCycleS) {
        if (arrivalsMs == null) {
            return new double[0];
        }
        double[] r = new double[arrivalsMs.size()];
        for (int i = 0; i < r.length; i++) {
            double secondOfDay = SplitWindows.mod(arrivalsMs.get(i) / 1000.0, SECONDS_PER_DAY);
            r[i] = SplitWindows.mod(secondOfDay - upstreamRunningGreenStart, runningCycleS);
        }
        return r;
    }

    /** How many of the relative arrivals fall on the downstream green under the new plan. */
    static int onGreen(double[] relative, double upstreamNewGreenStart, double greenStart, double green, int cycleS) {
        int count = 0;
        for (double r : relative) {
            if (SplitWindows.mod(upstreamNewGreenStart + r - greenStart, cycleS) < green) {
                count++;
            }
        }
        return count;
    }

    /** Measured arrivals at {@code downstream} on its outbound phase, relative to {@code downstream − 1}'s running start. */
    static double[] outboundProfile(
            int downstream, BandGeometry running, Map<String, Map<Integer, List<Long>>> arrivals) {
        if (downstream == 0 || Double.isNaN(running.outGreen()[downstream - 1])) {
            return new double[0];
        }
        List<Long> a = arrivals.getOrDefault(running.devices().get(downstream), Map.of())
                .get(running.outPhase()[downstream]);
        int up = downstream - 1;
        return relativeArrivals(a, running.outStart(up, running.offsets()[up]), running.cycleS());
    }

    /** Measured arrivals at {@code downstream} on its inbound phase, relative to {@code downstream + 1}'s running start. */
    static double[] inboundProfile(
            int downstream, BandGeometry running, Map<String, Map<Integer, List<Long>>> arrivals) {
        if (downstream + 1 >= running.size() || Double.isNaN(running.inGreen()[downstream + 1])) {
            return new double[0];
        }
        List<Long> a = arrivals.getOrDefault(running.devices().get(downstream), Map.of())
                .get(running.inPhase()[downstream]);
        int up = downstream + 1;
        return relativeArrivals(a, running.inStart(up, running.offsets()[up]), running.cycleS());
    }

    /** Refined offsets of the planned geometry (same order as the corridor's devices). */
    static int[] refine(BandGeometry planned, BandGeometry running, Map<String, Map<Integer, List<Long>>> arrivals) {
        int n = planned.size();
        int cycle = planned.cycleS();
        int[] offsets = planned.offsets().clone();
        for (int k = 1; k < n; k++) {
            double[] outbound =
                    Double.isNaN(planned.outGreen()[k]) ? new double[0] : outboundProfile(k, running, arrivals);
            double[] inbound =
                    Double.isNaN(planned.inGreen()[k - 1]) ? new double[0] : inboundProfile(k - 1, running, arrivals);
            if (outbound.length == 0 && inbound.length == 0) {
                continue;
            }
            int bestShift = 0;
            int bestScore = score(planned, offsets, k, 0, outbound, inbound);
            for (int shift = -cycle / 2; shift < cycle - cycle / 2; shift++) {
                int score = score(planned, offsets, k, shift, outbound, inbound);
                if (score > bestScore || (score == bestScore && Math.abs(shift) < Math.abs(bestShift))) {
                    bestScore = score;
                    bestShift = shift;
                }
            }
            for (int j = k; j < n; j++) {
                offsets[j] = Math.floorMod(offsets[j] + bestShift, cycle);
            }
        }
        return offsets;
    }

    private static int score(BandGeometry g, int[] offsets, int k, int shift, double[] outbound, double[] inbound) {
        int cycle = g.cycleS();
        int shifted = offsets[k] + shift;
        int score = 0;
        if (outbound.length > 0) {
            score += onGreen(
                    outbound, g.outStart(k - 1, offsets[k - 1]), g.outStart(k, shifted), g.outGreen()[k], cycle);
        }
        if (inbound.length > 0) {
            score += onGreen(
                    inbound, g.inStart(k, shifted), g.inStart(k - 1, offsets[k - 1]), g.inGreen()[k - 1], cycle);
        }
        return score;
    }
}
