package greenwave.jobs.plan;

import greenwave.schemas.Network;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Webster's optimum cycle from flow ratios (spec measures.md §2). Flow ratio y = q / (s × lanes) per phase, lanes =
 * the approaches serving the phase. Critical Y = sum over the two barrier groups of the larger ring's sum of y in that
 * group; L = lost time per phase × the number of phases on that critical path; C₀ = (1.5 L + 5) / (1 − Y).
 */
final class WebsterCycle {
    private WebsterCycle() {}

    /** Critical flow ratio sum, the number of critical phases, and the critical y of each barrier group. */
    record Critical(double y, int criticalPhases, double[] groupY) {}

    /**
     * Flow ratios of every phase of the intersection's timing, or an empty map when no phase has an observed volume.
     * A phase without an observed volume gets an imputed ratio k × (running green / running cycle), with k the
     * observed phases' Σy / Σ(running share): it keeps the running plan's share relative to the observed phases.
     */
    static Map<Integer, Double> flowRatios(
            Network.Intersection intersection, Map<Integer, Double> volumesVph, double saturationFlowVphpl) {
        Network.Timing timing = intersection.timing();
        Map<Integer, Double> y = new LinkedHashMap<>();
        double observedY = 0;
        double observedShare = 0;
        for (Network.PhaseTiming p : timing.phases()) {
            Double q = volumesVph == null ? null : volumesVph.get(p.phase());
            if (q != null && !q.isNaN() && q >= 0) {
                double ratio = q / (saturationFlowVphpl * lanes(intersection, p.phase()));
                y.put(p.phase(), ratio);
                observedY += ratio;
                observedShare += p.greenS() / timing.cycleS();
            }
        }
        if (y.isEmpty()) {
            return Map.of();
        }
        double k = observedShare > 0 ? observedY / observedShare : 0;
        Map<Integer, Double> all = new LinkedHashMap<>();
        for (Network.PhaseTiming p : timing.phases()) {
            all.put(p.phase(), y.getOrDefault(p.phase(), k * p.greenS() / timing.cycleS()));
        }
        return all;
    }

    /** Lanes of the approaches the phase serves (at least 1, so a phase without a listed approach still counts). */
    static int lanes(Network.Intersection intersection, int phase) {
        int lanes = 0;
        for (Network.Approach a :
                intersection.approaches() == null ? java.util.List.<Network.Approach>of() : intersection.approaches()) {
            if (a.phase() == phase) {
                lanes += Math.max(a.lanes(), 0);
            }
        }
        return Math.max(lanes, 1);
    }

    /** Critical Y: per barrier group the ring with the larger Σy, summed over both groups. */
    static Critical critical(Map<Integer, Double> flowRatios) {
        double[] groupY = new double[2];
        int phases = 0;
        for (int group = 0; group < 2; group++) {
            Map<Integer, double[]> byRing = new TreeMap<>(); // ring -> {sum y, count}
            for (Map.Entry<Integer, Double> e : flowRatios.entrySet()) {
                if (SplitWindows.barrierGroup(e.getKey()) == group) {
                    double[] acc = byRing.computeIfAbsent(SplitWindows.ring(e.getKey()), r -> new double[2]);
                    acc[0] += e.getValue();
                    acc[1]++;
                }
            }
            double[] critical = null;
            for (double[] acc : byRing.values()) {
                if (critical == null || acc[0] > critical[0]) {
                    critical = acc;
                }
            }
            if (critical != null) {
                groupY[group] = critical[0];
                phases += (int) critical[1];
            }
        }
        return new Critical(groupY[0] + groupY[1], phases, groupY);
    }

    /** Webster's C₀, or +∞ when Y reaches criticalYMax (the caller then takes the corridor's maximum). */
    static double optimumCycle(Critical critical, double lostTimePerPhaseS, double criticalYMax) {
        if (critical.y() >= criticalYMax) {
            return Double.POSITIVE_INFINITY;
        }
        double lostTime = lostTimePerPhaseS * critical.criticalPhases();
        return greenwave.udfs.traffic.SignalTiming.websterCycleS(lostTime, critical.y());
    }
}
