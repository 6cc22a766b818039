package greenwave.jobs.plan;

import greenwave.schemas.ContractCodec;
import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The green-wave planner of one corridor (keyed by corridor id), driven by event time (spec measures.md §2).
 *
 * <p>It keeps the corridor's measures of the last planning window and, at every period boundary T (period_minutes,
 * aligned to the hour), plans from the measures with event time in [T − window, T), provided some measure falls in
 * the last period [T − period, T) (a corridor whose feed stopped is not re-planned from stale measures). The new plan
 * is compared with the running plan under the same observations and sent only if every device's plan is safe and
 * its predicted delay is at least min_improvement below the running plan's, or the running plan itself is unsafe.
 * A sent plan becomes the running plan. Every device plan computed goes to {@link #DECISIONS}; for each sent one, the
 * corridor's measured delay in the first whole period after it took effect goes to {@link #OUTCOMES}.
 *
 * <p>State stays bounded: measures older than any future window (or outcome period) are pruned at each boundary and a
 * late measure that old is dropped on arrival; when a corridor goes quiet its measures are pruned away within one
 * window, and only the running plan (a few hundred bytes per corridor of network.json) remains.
 */
public final class CorridorPlanFunction extends KeyedProcessFunction<String, CorridorMeasure, TimingPlan> {
    public static final OutputTag<PlanDecision> DECISIONS = new OutputTag<>("plan-decisions") {};
    public static final OutputTag<PlanOutcome> OUTCOMES = new OutputTag<>("plan-outcomes") {};

    private final byte[] networkJson;
    private final PlanSettings settings;

    private transient Map<String, Network.Corridor> corridors;
    private transient Map<String, Network.Intersection> intersections;
    private transient GreenWavePlanner planner;
    private transient PlanSafety safety;
    private transient Counter lateMeasures;

    /** The window's measures (pruned at every boundary). */
    private transient ListState<CorridorMeasure> measures;
    /** The plan the corridor runs; empty until the first plan is sent (then network.json's timing runs). */
    private transient ValueState<CorridorPlan> running;
    /** device → id of the running plan sent to it (the next plan's {@code supersedes}). */
    private transient MapState<String, String> runningPlanIds;
    /** When the running plan took effect (its effective_at); empty until the first plan is sent. */
    private transient ValueState<Long> runningSince;
    /** The last boundary planned (or skipped): no boundary is ever planned twice. */
    private transient ValueState<Long> lastBoundary;
    /** Sent plans waiting for the end of their outcome period. */
    private transient ListState<PlanOutcome> pendingOutcomes;

    public CorridorPlanFunction(Network network, PlanSettings settings) {
        // network.json as its contract JSON: the Network records are not Serializable, the function must be
        this.networkJson = ContractCodec.shared().encode(network);
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        Network network = ContractCodec.shared().decodeNetwork(networkJson);
        corridors = new LinkedHashMap<>();
        network.corridors().forEach(c -> corridors.put(c.corridorId(), c));
        intersections = new LinkedHashMap<>();
        network.intersections().forEach(i -> intersections.put(i.deviceId(), i));
        planner = new GreenWavePlanner(settings);
        safety = settings.safety();
        lateMeasures = getRuntimeContext().getMetricGroup().counter("lateMeasures");

        var ctx = getRuntimeContext();
        measures = ctx.getListState(new ListStateDescriptor<>("measures", TypeInformation.of(CorridorMeasure.class)));
        running = ctx.getState(new ValueStateDescriptor<>("running-plan", TypeInformation.of(CorridorPlan.class)));
        runningPlanIds = ctx.getMapState(new MapStateDescriptor<>("running-plan-ids", Types.STRING, Types.STRING));
        lastBoundary = ctx.getState(new ValueStateDescriptor<>("last-boundary", Types.LONG));
        runningSince = ctx.getState(new ValueStateDescriptor<>("running-since", Types.LONG));
        pendingOutcomes =
                ctx.getListState(new ListStateDescriptor<>("pending-outcomes", TypeInformation.of(PlanOutcome.class)));
    }

    private long periodMs() {
        return settings.periodMinutes() * 60_000L;
    }

    private long windowMs() {
        return settings.windowMinutes() * 60_000L;
    }

    /** The first period boundary strictly after {@code ts} (boundaries are aligned to the epoch, hence the hour). */
    private long boundaryAfter(long ts) {
        return Math.floorDiv(ts, periodMs()) * periodMs() + periodMs();
    }

    @Override
    public void processElement(CorridorMeasure measure, Context ctx, Collector<TimingPlan> out) throws Exception {
        long ts = measure.eventTs();
        Long last = lastBoundary.value();
        long nextBoundary = last == null ? boundaryAfter(ts) : Math.max(boundaryAfter(ts), last + periodMs());
        if (ts < nextBoundary - windowMs()) {
            lateMeasures.inc(); // older than every window still to come: it can change nothing
            return;
        }
        measures.add(measure);
        ctx.timerService().registerEventTimeTimer(nextBoundary);
    }

    @Override
    public void onTimer(long boundary, OnTimerContext ctx, Collector<TimingPlan> out) throws Exception {
        Long last = lastBoundary.value();
        if (last != null && boundary <= last) {
            return; // an outcome timer on a boundary already handled
        }
        String corridorId = ctx.getCurrentKey();
        Network.Corridor corridor = corridors.get(corridorId);
        List<CorridorMeasure> all = new ArrayList<>();
        measures.get().forEach(all::add);

        emitDueOutcomes(corridorId, boundary, all, ctx);
        if (corridor != null && !new CorridorWindow(corridorId, boundary - periodMs(), boundary, all).isEmpty()) {
            CorridorWindow window = new CorridorWindow(corridorId, boundary - windowMs(), boundary, all);
            decide(corridor, boundary, window, out, ctx);
        }
        lastBoundary.update(boundary);
        prune(boundary, all, ctx);
    }

    /** Plans the corridor at {@code boundary} and sends, or not, the new plan. */
    private void decide(
            Network.Corridor corridor,
            long boundary,
            CorridorWindow window,
            Collector<TimingPlan> out,
            OnTimerContext ctx)
            throws Exception {
        CorridorObservations observations = window.observations();
        CorridorPlan runningPlan = running.value();
        if (runningPlan == null) {
            runningPlan = planner.runningPlan(corridor, intersections);
        }
        // What the controllers actually ran while the window was measured (usually the plan last sent): the measured
        // arrivals and delays belong to it, so the prediction of the running plan and the refinement use it.
        Map<String, Network.Intersection> field =
                ObservedTiming.of(intersections, running.value(), runningSince.value(), window.pcdCycles());
        double runningDelay = planner.predictDelay(planner.runningPlan(corridor, field), corridor, field, observations);
        List<String> runningUnsafe = new ArrayList<>();
        for (CorridorPlan.DevicePlan device : runningPlan.devices().values()) {
            TimingPlan asSent = timingPlan(runningPlan, device, boundary, runningPlanIds.get(device.deviceId()), null);
            for (String v : safety.violations(asSent, intersections.get(device.deviceId()), corridor, null)) {
                runningUnsafe.add(device.deviceId() + ": " + v);
            }
        }

        CorridorPlan candidate = planner.plan(corridor, field, observations, runningPlan.cycleS());
        double newDelay = candidate.predictedDelaySPerVeh();
        String reason = reason(corridor, runningPlan, candidate, observations, runningDelay);

        Map<String, TimingPlan> plans = new LinkedHashMap<>();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        List<String> allViolations = new ArrayList<>();
        for (CorridorPlan.DevicePlan device : candidate.devices().values()) {
            TimingPlan plan = timingPlan(candidate, device, boundary, runningPlanIds.get(device.deviceId()), reason);
            Network.Intersection intersection = intersections.get(device.deviceId());
            List<String> found = intersection == null
                    ? List.of("device " + device.deviceId() + " is not in network.json")
                    : safety.violations(plan, intersection, corridor, runningPlan.cycleS());
            plans.put(device.deviceId(), plan);
            violations.put(device.deviceId(), found);
            found.forEach(v -> allViolations.add(device.deviceId() + ": " + v));
        }

        String verdict;
        String decisionReason;
        boolean enoughBetter = newDelay <= (1 - settings.minImprovement()) * runningDelay;
        if (!allViolations.isEmpty()) {
            verdict = PlanDecision.UNSAFE;
            decisionReason = "not sent: unsafe: " + String.join("; ", allViolations);
        } else if (!runningUnsafe.isEmpty()) {
            verdict = PlanDecision.SENT;
            decisionReason = "sent: the running plan is unsafe: " + String.join("; ", runningUnsafe);
        } else if (enoughBetter) {
            verdict = PlanDecision.SENT;
            decisionReason = String.format(
                    Locale.ROOT,
                    "sent: predicted delay %.1f → %.1f s/veh (%s)",
                    runningDelay,
                    newDelay,
                    change(runningDelay, newDelay));
        } else {
            verdict = PlanDecision.NOT_BETTER;
            decisionReason = String.format(
                    Locale.ROOT,
                    "not sent: predicted delay %.1f → %.1f s/veh (%s), needs at least %.0f%% less",
                    runningDelay,
                    newDelay,
                    change(runningDelay, newDelay),
                    settings.minImprovement() * 100);
        }

        String inputs = window.inputsJson(corridor, settings.minTravelTimeSamples());
        for (TimingPlan plan : plans.values()) {
            ctx.output(
                    DECISIONS,
                    new PlanDecision(
                            plan,
                            verdict,
                            decisionReason,
                            violations.get(plan.deviceId()),
                            runningPlan.cycleS(),
                            runningDelay,
                            observations.windowStart(),
                            observations.windowEnd(),
                            inputs));
        }
        if (!PlanDecision.SENT.equals(verdict)) {
            return;
        }
        for (TimingPlan plan : plans.values()) {
            out.collect(plan);
            runningPlanIds.put(plan.deviceId(), plan.planId());
            // measured over the first whole period after the plan took effect
            long outcomeStart = boundaryAfter(plan.effectiveAt() - 1);
            pendingOutcomes.add(new PlanOutcome(
                    plan.planId(),
                    plan.corridorId(),
                    plan.deviceId(),
                    plan.issuedAt(),
                    outcomeStart,
                    outcomeStart + periodMs(),
                    newDelay,
                    runningDelay,
                    null,
                    0,
                    null,
                    0));
            ctx.timerService().registerEventTimeTimer(outcomeStart + periodMs());
        }
        running.update(candidate);
        runningSince.update(boundary + settings.effectiveAfterS() * 1000L);
    }

    /** The outcomes whose period ends at or before {@code boundary}, measured from the kept measures. */
    private void emitDueOutcomes(String corridorId, long boundary, List<CorridorMeasure> all, OnTimerContext ctx)
            throws Exception {
        List<PlanOutcome> waiting = new ArrayList<>();
        for (PlanOutcome pending : pendingOutcomes.get()) {
            if (pending.periodEnd() <= boundary) {
                ctx.output(
                        OUTCOMES,
                        new CorridorWindow(corridorId, pending.periodStart(), pending.periodEnd(), all)
                                .measure(pending));
            } else {
                waiting.add(pending);
            }
        }
        pendingOutcomes.update(waiting);
    }

    /**
     * Keeps only the measures a later window or outcome period can use; while any remain, the next boundary's timer
     * stays set, so a corridor that goes quiet is pruned to nothing within one window.
     */
    private void prune(long boundary, List<CorridorMeasure> all, OnTimerContext ctx) throws Exception {
        long keepFrom = boundary + periodMs() - windowMs();
        for (PlanOutcome pending : pendingOutcomes.get()) {
            keepFrom = Math.min(keepFrom, pending.periodStart());
        }
        List<CorridorMeasure> kept = new ArrayList<>();
        for (CorridorMeasure m : all) {
            if (m.eventTs() >= keepFrom) {
                kept.add(m);
            }
        }
        measures.update(kept);
        if (!kept.isEmpty()) {
            ctx.timerService().registerEventTimeTimer(boundary + periodMs());
        }
    }

    /** One device's part of a corridor plan as the contract's command, issued at {@code boundary}. */
    private TimingPlan timingPlan(
            CorridorPlan plan, CorridorPlan.DevicePlan device, long boundary, String supersedes, String reason) {
        long effectiveAt = boundary + settings.effectiveAfterS() * 1000L;
        long expiresAt = effectiveAt + settings.validityMinutes() * 60_000L;
        return new TimingPlan(
                PlanIds.planId(plan.corridorId(), boundary, device.deviceId()),
                plan.corridorId(),
                device.deviceId(),
                boundary,
                effectiveAt,
                expiresAt,
                plan.cycleS(),
                device.offsetS(),
                device.coordinatedPhases(),
                device.phases(),
                reason,
                supersedes,
                new TimingPlan.Prediction(
                        finite(plan.bandwidthOutboundS()),
                        finite(plan.bandwidthInboundS()),
                        finite(plan.predictedDelaySPerVeh())));
    }

    /**
     * For people: e.g. "green wave c1: cycle 90→100 s, outbound weight 0.62, predicted delay −18%", followed by the
     * planner's own reason.
     */
    private static String reason(
            Network.Corridor corridor,
            CorridorPlan running,
            CorridorPlan candidate,
            CorridorObservations observations,
            double runningDelay) {
        double outbound = directionVolume(corridor.outbound(), observations);
        double inbound = directionVolume(corridor.inbound(), observations);
        String weight = outbound + inbound > 0
                ? String.format(Locale.ROOT, ", outbound weight %.2f", outbound / (outbound + inbound))
                : "";
        String text = String.format(
                Locale.ROOT,
                "green wave %s: cycle %d→%d s%s, predicted delay %s",
                corridor.corridorId(),
                running.cycleS(),
                candidate.cycleS(),
                weight,
                change(runningDelay, candidate.predictedDelaySPerVeh()));
        return candidate.reason() == null || candidate.reason().isBlank()
                ? text
                : text + " (" + candidate.reason() + ")";
    }

    private static double directionVolume(Network.CorridorDirection direction, CorridorObservations observations) {
        double sum = 0;
        for (Map.Entry<String, Integer> e : direction.phaseByDevice().entrySet()) {
            sum += observations
                    .phaseVolumeVph()
                    .getOrDefault(e.getKey(), Map.of())
                    .getOrDefault(e.getValue(), 0.0);
        }
        return sum;
    }

    private static String change(double from, double to) {
        if (!(from > 0) || Double.isNaN(to)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.0f%%", (to - from) / from * 100).replace('-', '−');
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
