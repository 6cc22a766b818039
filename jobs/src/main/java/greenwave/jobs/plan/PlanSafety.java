package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract's safety checks for one device's plan (contract, {@code signal.timing-plans}): a plan that fails any
 * is stored with the reasons and never sent. Phase bounds, clearances and the coordinated phases come from the
 * intersection's timing in network.json; the cycle bounds from the corridor.
 */
public final class PlanSafety {
    /** Ring sums may differ from the cycle by this much (greens may be fractional). */
    static final double RING_SUM_TOLERANCE_S = 0.01;
    private static final double EPS = 1e-9;

    private PlanSafety() {
    }

    /** The contract's safety checks for one device's plan. Empty list = safe; otherwise one message per failed check. */
    public static List<String> violations(TimingPlan plan, Network.Intersection intersection, Network.Corridor corridor,
            Integer previousCycleS, int maxCycleStepS) {
        List<String> out = new ArrayList<>();
        Network.Timing timing = intersection.timing();
        Map<Integer, Network.PhaseTiming> configured = new LinkedHashMap<>();
        for (Network.PhaseTiming p : timing.phases()) {
            configured.put(p.phase(), p);
        }
        Map<Integer, TimingPlan.PhaseSplit> planned = new LinkedHashMap<>();
        for (TimingPlan.PhaseSplit s : plan.phases() == null ? List.<TimingPlan.PhaseSplit>of() : plan.phases()) {
            if (!configured.containsKey(s.phase())) {
                out.add("phase " + s.phase() + " is not a phase of device " + intersection.deviceId());
            } else if (planned.putIfAbsent(s.phase(), s) != null) {
                out.add("phase " + s.phase() + " is listed twice");
            }
        }
        for (Network.PhaseTiming c : configured.values()) {
            TimingPlan.PhaseSplit s = planned.get(c.phase());
            if (s == null) {
                out.add("phase " + c.phase() + " is missing");
                continue;
            }
            if (s.greenS() < c.minGreenS() - EPS || s.greenS() > c.maxGreenS() + EPS) {
                out.add("phase " + c.phase() + " green " + s.greenS() + " s outside [" + c.minGreenS() + ", "
                        + c.maxGreenS() + "] s");
            }
            if (c.pedClearS() != null && s.greenS() < c.pedClearS() - EPS) {
                out.add("phase " + c.phase() + " green " + s.greenS() + " s below its pedestrian clearance "
                        + c.pedClearS() + " s");
            }
            if (Math.abs(s.yellowS() - c.yellowS()) > EPS) {
                out.add("phase " + c.phase() + " yellow " + s.yellowS() + " s differs from the configured "
                        + c.yellowS() + " s");
            }
            if (Math.abs(s.redClearS() - c.redClearS()) > EPS) {
                out.add("phase " + c.phase() + " red clearance " + s.redClearS() + " s differs from the configured "
                        + c.redClearS() + " s");
            }
        }
        Map<Integer, Double> ringSums = new TreeMap<>();
        for (TimingPlan.PhaseSplit s : planned.values()) {
            ringSums.merge(SplitWindows.ring(s.phase()), s.greenS() + s.yellowS() + s.redClearS(), Double::sum);
        }
        ringSums.forEach((ring, sum) -> {
            if (Math.abs(sum - plan.cycleS()) > RING_SUM_TOLERANCE_S) {
                out.add("ring " + ring + " sums to " + sum + " s, not the cycle " + plan.cycleS() + " s");
            }
        });
        int min = corridor.minCycleOrDefault();
        int max = corridor.maxCycleOrDefault();
        if (plan.cycleS() < min || plan.cycleS() > max) {
            out.add("cycle " + plan.cycleS() + " s outside the corridor's [" + min + ", " + max + "] s");
        }
        if (previousCycleS != null && Math.abs(plan.cycleS() - previousCycleS) > maxCycleStepS) {
            out.add("cycle " + plan.cycleS() + " s moves more than " + maxCycleStepS + " s from the running "
                    + previousCycleS + " s");
        }
        if (plan.offsetS() < 0 || plan.offsetS() >= plan.cycleS()) {
            out.add("offset " + plan.offsetS() + " s outside [0, cycle " + plan.cycleS() + " s)");
        }
        List<Integer> coordinated = timing.coordinatedPhases() == null ? List.of() : timing.coordinatedPhases();
        if (!coordinated.equals(plan.coordinatedPhases() == null ? List.of() : plan.coordinatedPhases())) {
            out.add("coordinated phases " + plan.coordinatedPhases() + " differ from the configured " + coordinated);
        }
        return out;
    }
}
