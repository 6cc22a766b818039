package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The contract's safety checks for one device's plan (contract, {@code signal.timing-plans}): a plan that fails any
 * is stored with the reasons and never sent. Phase bounds, clearances and the coordinated phases come from the
 * intersection's timing in network.json; the cycle bounds from the corridor; the clearance floors and the cycle step
 * from the {@code plan:} configuration. Rings and barriers are NEMA dual ring ({@link SplitWindows}).
 *
 * <p>Every comparison is written so that NaN and infinities fail it ({@code !(x >= min)}, not {@code x < min}).
 */
public final class PlanSafety implements Serializable {
    /** The contract's floors: the configuration may raise them, never lower them. */
    public static final double CONTRACT_MIN_YELLOW_S = 3;

    public static final double CONTRACT_MIN_RED_CLEAR_S = 0;
    /** Ring sums and barrier crossings may differ by this much (greens may be fractional). */
    static final double RING_SUM_TOLERANCE_S = 0.01;

    private static final double EPS = 1e-9;

    private final double minYellowS;
    private final double minRedClearS;
    private final int maxCycleStepS;

    /**
     * @param minYellowS    no yellow below this, s (≥ {@link #CONTRACT_MIN_YELLOW_S})
     * @param minRedClearS  no red clearance below this, s (≥ {@link #CONTRACT_MIN_RED_CLEAR_S})
     * @param maxCycleStepS a plan's cycle differs from the running one by at most this, s
     */
    public PlanSafety(double minYellowS, double minRedClearS, int maxCycleStepS) {
        if (!(minYellowS >= CONTRACT_MIN_YELLOW_S)
                || !(minRedClearS >= CONTRACT_MIN_RED_CLEAR_S)
                || !Double.isFinite(minYellowS)
                || !Double.isFinite(minRedClearS)
                || maxCycleStepS < 0) {
            throw new IllegalArgumentException("invalid safety limits: min yellow " + minYellowS
                    + " s (at least " + CONTRACT_MIN_YELLOW_S + "), min red clearance " + minRedClearS
                    + " s (at least " + CONTRACT_MIN_RED_CLEAR_S + "), max cycle step " + maxCycleStepS + " s");
        }
        this.minYellowS = minYellowS;
        this.minRedClearS = minRedClearS;
        this.maxCycleStepS = maxCycleStepS;
    }

    /**
     * The contract's safety checks for one device's plan. Empty list = safe; otherwise one line per failed rule.
     *
     * @param previousCycleS the cycle the device runs now (the step rule); null: no step rule
     */
    public List<String> violations(
            TimingPlan plan, Network.Intersection intersection, Network.Corridor corridor, Integer previousCycleS) {
        List<String> out = new ArrayList<>();
        Network.Timing timing = intersection.timing();
        List<TimingPlan.PhaseSplit> listed = plan.phases() == null ? List.of() : plan.phases();
        Map<Integer, Network.PhaseTiming> configured = new LinkedHashMap<>();
        for (Network.PhaseTiming p : timing.phases()) {
            configured.put(p.phase(), p);
        }

        Map<Integer, TimingPlan.PhaseSplit> planned = new LinkedHashMap<>();
        for (TimingPlan.PhaseSplit s : listed) {
            if (!configured.containsKey(s.phase())) {
                out.add("phase " + s.phase() + " is not a phase of device " + intersection.deviceId());
            } else if (planned.putIfAbsent(s.phase(), s) != null) {
                out.add("phase " + s.phase() + " is listed twice");
            }
        }
        for (Integer phase : configured.keySet()) {
            if (!planned.containsKey(phase)) {
                out.add("phase " + phase + " is missing");
            }
        }
        notFinite(plan, listed).ifPresent(out::add);

        for (TimingPlan.PhaseSplit s : planned.values()) {
            phaseViolations(s, configured.get(s.phase()), out);
        }
        ringAndBarrierViolations(plan.cycleS(), planned.values(), out);

        int min = corridor.minCycleOrDefault();
        int max = corridor.maxCycleOrDefault();
        if (plan.cycleS() < min || plan.cycleS() > max) {
            out.add("cycle " + plan.cycleS() + " s outside the corridor's [" + min + ", " + max + "] s");
        }
        if (previousCycleS != null && Math.abs((long) plan.cycleS() - previousCycleS) > maxCycleStepS) {
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

    /** One line naming every number of the plan that is NaN or infinite, if any. */
    private static Optional<String> notFinite(TimingPlan plan, List<TimingPlan.PhaseSplit> listed) {
        List<String> bad = new ArrayList<>();
        for (TimingPlan.PhaseSplit s : listed) {
            addIfNotFinite(bad, "phase " + s.phase() + " green_s", s.greenS());
            addIfNotFinite(bad, "phase " + s.phase() + " yellow_s", s.yellowS());
            addIfNotFinite(bad, "phase " + s.phase() + " red_clear_s", s.redClearS());
        }
        TimingPlan.Prediction predicted = plan.predicted();
        if (predicted != null) {
            addIfNotFinite(bad, "predicted bandwidth_outbound_s", predicted.bandwidthOutboundS());
            addIfNotFinite(bad, "predicted bandwidth_inbound_s", predicted.bandwidthInboundS());
            addIfNotFinite(bad, "predicted delay_s_per_veh", predicted.delaySPerVeh());
        }
        return bad.isEmpty() ? Optional.empty() : Optional.of("not finite: " + String.join(", ", bad));
    }

    private static void addIfNotFinite(List<String> bad, String name, Double value) {
        if (value != null && !Double.isFinite(value)) {
            bad.add(name + " = " + value);
        }
    }

    /** Green bounds, pedestrian clearance, yellow and red clearance of one planned phase against network.json. */
    private void phaseViolations(TimingPlan.PhaseSplit s, Network.PhaseTiming c, List<String> out) {
        String phase = "phase " + c.phase();
        if (!(c.minGreenS() <= c.maxGreenS())) {
            out.add(phase + " min green " + c.minGreenS() + " s above its max green " + c.maxGreenS()
                    + " s in network.json");
        }
        if (!(s.greenS() >= c.minGreenS() - EPS && s.greenS() <= c.maxGreenS() + EPS)) {
            out.add(phase + " green " + s.greenS() + " s outside [" + c.minGreenS() + ", " + c.maxGreenS() + "] s");
        }
        if (c.pedClearS() != null && !(s.greenS() >= c.pedClearS() - EPS)) {
            out.add(phase + " green " + s.greenS() + " s below its pedestrian clearance " + c.pedClearS() + " s");
        }
        if (!(Math.abs(s.yellowS() - c.yellowS()) <= EPS)) {
            out.add(phase + " yellow " + s.yellowS() + " s differs from the configured " + c.yellowS() + " s");
        }
        if (!(s.yellowS() >= minYellowS - EPS)) {
            out.add(phase + " yellow " + s.yellowS() + " s below the floor " + minYellowS + " s");
        }
        if (!(Math.abs(s.redClearS() - c.redClearS()) <= EPS)) {
            out.add(phase + " red clearance " + s.redClearS() + " s differs from the configured " + c.redClearS()
                    + " s");
        }
        if (!(s.redClearS() >= minRedClearS - EPS)) {
            out.add(phase + " red clearance " + s.redClearS() + " s below the floor " + minRedClearS + " s");
        }
    }

    /**
     * Each ring sums to the cycle, and every ring crosses the barrier (after its first barrier group: 1/2 in ring 1,
     * 5/6 in ring 2) at the same moment: equal ring sums alone would let ring 1 still show 2 while ring 2 already
     * shows 8, a conflict across the barrier.
     */
    private static void ringAndBarrierViolations(
            int cycleS, Iterable<TimingPlan.PhaseSplit> planned, List<String> out) {
        Map<Integer, Double> ringSums = new TreeMap<>();
        Map<Integer, Double> barrierCrossings = new TreeMap<>();
        for (TimingPlan.PhaseSplit s : planned) {
            int ring = SplitWindows.ring(s.phase());
            double duration = s.greenS() + s.yellowS() + s.redClearS();
            ringSums.merge(ring, duration, Double::sum);
            barrierCrossings.merge(ring, SplitWindows.barrierGroup(s.phase()) == 0 ? duration : 0, Double::sum);
        }
        ringSums.forEach((ring, sum) -> {
            if (!(Math.abs(sum - cycleS) <= RING_SUM_TOLERANCE_S)) {
                out.add("ring " + ring + " sums to " + sum + " s, not the cycle " + cycleS + " s");
            }
        });
        double first = barrierCrossings.isEmpty()
                ? 0
                : barrierCrossings.values().iterator().next();
        if (!barrierCrossings.values().stream().allMatch(t -> Math.abs(t - first) <= RING_SUM_TOLERANCE_S)) {
            List<String> crossings = new ArrayList<>();
            barrierCrossings.forEach((ring, t) -> crossings.add("ring " + ring + " at " + t + " s"));
            out.add("rings cross the barrier at different times: " + String.join(", ", crossings));
        }
    }
}
