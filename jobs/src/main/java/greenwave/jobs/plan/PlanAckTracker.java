package greenwave.jobs.plan;

import greenwave.schemas.Alert;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Follows each sent plan through its acknowledgements (keyed by {@code plan_id}, in event time: a plan's time is its
 * {@code issued_at}, an ack's its {@code ts}): {@code sent → accepted → applied | rejected}. Emits every status
 * change ({@link PlanStatus}) and raises alerts on the {@link #ALERTS} side output:
 *
 * <ul>
 *   <li>{@code plan_not_applied} (warning) when no {@code applied} ack has come by {@code effective_at} + the ack
 *       timeout; it is an alarm with a duration: a late {@code applied} ack closes it (same alert id);</li>
 *   <li>{@code plan_rejected} (warning, a single event) at once on a {@code rejected} ack.</li>
 * </ul>
 *
 * <p>Plans and acks come from two topics, so one may overtake the other. The tracker therefore buffers them and
 * applies them in event-time order when the watermark passes them: an ack never counts before its plan, and an
 * {@code applied} ack timed before the deadline always prevents the alert, whatever the arrival order. Duplicate or
 * stale acks (a status the plan already has, or one behind it) change nothing. An ack for a plan never seen sent is
 * recorded ({@code plan_known} false) and raises nothing.
 *
 * <p>State is bounded: once a plan is settled (applied, rejected or alerted) its state is dropped a grace period
 * later (late duplicates within it are still recognised; after it they show as acks of an unknown plan).
 */
public final class PlanAckTracker extends KeyedCoProcessFunction<String, TimingPlan, PlanAck, PlanStatus> {
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("plan-alerts", TypeInformation.of(Alert.class));

    public static final String KIND_NOT_APPLIED = "plan_not_applied";
    public static final String KIND_REJECTED = "plan_rejected";

    /** What the tracker keeps of a sent plan while waiting for its acks. */
    public record SentPlan(String planId, String deviceId, String corridorId, long issuedAt, long effectiveAt) {}

    /**
     * A plan's current status.
     *
     * @param planId     the plan id (the key)
     * @param plan       the plan, or null when only acks of it were seen
     * @param deviceId   controller
     * @param status     a {@link PlanStatus} status
     * @param deadline   effective_at + ack timeout (Long.MAX_VALUE for an unknown plan)
     * @param alertOpen  a plan_not_applied alert has been raised and not closed
     * @param cleanupAt  when the state goes (Long.MAX_VALUE while the plan is not settled)
     */
    public record Tracked(
            String planId,
            SentPlan plan,
            String deviceId,
            String status,
            long deadline,
            boolean alertOpen,
            long cleanupAt) {
        Tracked with(String newStatus) {
            return new Tracked(planId, plan, deviceId, newStatus, deadline, alertOpen, cleanupAt);
        }

        Tracked alert(boolean open) {
            return new Tracked(planId, plan, deviceId, status, deadline, open, cleanupAt);
        }

        Tracked cleanupAt(long at) {
            return new Tracked(planId, plan, deviceId, status, deadline, alertOpen, at);
        }
    }

    private final long ackTimeoutMs;
    private final long graceMs;

    private transient ValueState<Tracked> tracked;
    private transient ValueState<SentPlan> pendingPlan;
    private transient ListState<PlanAck> pendingAcks;
    private transient Counter ignoredAcks;

    /**
     * @param ackTimeoutMs how long after {@code effective_at} an {@code applied} ack may come
     * @param graceMs      how long a settled plan's state is kept for late duplicates
     */
    public PlanAckTracker(long ackTimeoutMs, long graceMs) {
        this.ackTimeoutMs = ackTimeoutMs;
        this.graceMs = graceMs;
    }

    @Override
    public void open(OpenContext openContext) {
        tracked = getRuntimeContext().getState(new ValueStateDescriptor<>("tracked", Tracked.class));
        pendingPlan = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-plan", SentPlan.class));
        pendingAcks = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-acks", PlanAck.class));
        ignoredAcks = getRuntimeContext().getMetricGroup().counter("ignoredAcks");
    }

    @Override
    public void processElement1(TimingPlan plan, Context ctx, Collector<PlanStatus> out) throws Exception {
        Tracked t = tracked.value();
        if ((t != null && t.plan() != null) || pendingPlan.value() != null) {
            return; // the same plan again (redelivered): it was sent once
        }
        pendingPlan.update(
                new SentPlan(plan.planId(), plan.deviceId(), plan.corridorId(), plan.issuedAt(), plan.effectiveAt()));
        ctx.timerService().registerEventTimeTimer(plan.issuedAt());
    }

    @Override
    public void processElement2(PlanAck ack, Context ctx, Collector<PlanStatus> out) throws Exception {
        pendingAcks.add(ack);
        ctx.timerService().registerEventTimeTimer(ack.ts());
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<PlanStatus> out) throws Exception {
        // 1. What is due, in event-time order: the plan before acks of the same instant, acks in status order.
        SentPlan plan = pendingPlan.value();
        if (plan != null && plan.issuedAt() <= time) {
            pendingPlan.clear();
            applyPlan(plan, ctx, out);
        }
        List<PlanAck> due = new ArrayList<>();
        List<PlanAck> later = new ArrayList<>();
        for (PlanAck ack : pendingAcks.get()) {
            (ack.ts() <= time ? due : later).add(ack);
        }
        if (!due.isEmpty()) {
            pendingAcks.update(later);
            due.sort(Comparator.comparingLong(PlanAck::ts).thenComparingInt(a -> rank(a.status())));
            for (PlanAck ack : due) {
                applyAck(ack, ctx, out);
            }
        }

        // 2. The deadline has passed without an applied (or rejected) ack: alert.
        Tracked t = tracked.value();
        if (t != null
                && t.plan() != null
                && time >= t.deadline()
                && !settled(t.status())
                && !PlanStatus.NOT_APPLIED.equals(t.status())) {
            String why = "no applied ack within " + ackTimeoutMs / 1000 + " s of effective_at (last status: "
                    + t.status() + ")";
            out.collect(status(t, PlanStatus.NOT_APPLIED, t.deadline(), why));
            ctx.output(ALERTS, notAppliedAlert(t, t.deadline(), null, t.status(), why));
            t = t.with(PlanStatus.NOT_APPLIED).alert(true);
            t = settle(t, t.deadline(), ctx);
            tracked.update(t);
        }

        // 3. Settled long enough: forget the plan.
        if (t != null && time >= t.cleanupAt()) {
            tracked.clear();
        }
    }

    private void applyPlan(SentPlan plan, OnTimerContext ctx, Collector<PlanStatus> out) throws Exception {
        Tracked t = tracked.value();
        long deadline = plan.effectiveAt() + ackTimeoutMs;
        if (t == null) {
            t = new Tracked(plan.planId(), plan, plan.deviceId(), PlanStatus.SENT, deadline, false, Long.MAX_VALUE);
            ctx.timerService().registerEventTimeTimer(deadline);
        } else {
            // Acks came first in event time (a clock skew at the controller): the plan is known from now on.
            t = new Tracked(plan.planId(), plan, t.deviceId(), t.status(), deadline, false, t.cleanupAt());
            if (!settled(t.status())) {
                ctx.timerService().registerEventTimeTimer(deadline);
            }
        }
        tracked.update(t);
        out.collect(new PlanStatus(
                plan.planId(), plan.deviceId(), plan.corridorId(), PlanStatus.SENT, plan.issuedAt(), null, true));
    }

    private void applyAck(PlanAck ack, OnTimerContext ctx, Collector<PlanStatus> out) throws Exception {
        Tracked t = tracked.value();
        if (t == null) {
            // An ack of a plan never seen sent: recorded, no alert; kept a while so duplicates are recognised.
            t = new Tracked(ack.planId(), null, ack.deviceId(), ack.status(), Long.MAX_VALUE, false, Long.MAX_VALUE);
            t = settle(t, ack.ts(), ctx);
            tracked.update(t);
            out.collect(
                    new PlanStatus(ack.planId(), ack.deviceId(), null, ack.status(), ack.ts(), ack.reason(), false));
            return;
        }
        if (!advances(t.status(), ack.status())) {
            ignoredAcks.inc(); // a duplicate, or behind the status the plan already has
            return;
        }
        out.collect(status(t, ack.status(), ack.ts(), ack.reason()));
        t = t.with(ack.status());
        if (t.plan() != null && PlanAck.REJECTED.equals(ack.status())) {
            ctx.output(ALERTS, rejectedAlert(t, ack));
        }
        if (t.alertOpen() && PlanAck.APPLIED.equals(ack.status())) {
            long late = (ack.ts() - t.plan().effectiveAt()) / 1000;
            ctx.output(
                    ALERTS,
                    notAppliedAlert(
                            t, ack.ts(), ack.ts(), PlanAck.APPLIED, "applied late, " + late + " s after effective_at"));
            t = t.alert(false);
        }
        if (settled(t.status())) {
            if (t.plan() != null && t.deadline() > ack.ts() && !t.alertOpen()) {
                ctx.timerService().deleteEventTimeTimer(t.deadline());
            }
            t = settle(t, ack.ts(), ctx);
        }
        tracked.update(t);
    }

    /** Marks {@code t} for removal a grace period after {@code at} (kept if already marked earlier). */
    private Tracked settle(Tracked t, long at, OnTimerContext ctx) {
        if (t.cleanupAt() != Long.MAX_VALUE) {
            return t;
        }
        long cleanupAt = at + graceMs;
        ctx.timerService().registerEventTimeTimer(cleanupAt);
        return t.cleanupAt(cleanupAt);
    }

    /** Applied and rejected are final. */
    private static boolean settled(String status) {
        return PlanStatus.APPLIED.equals(status) || PlanStatus.REJECTED.equals(status);
    }

    /** Status order: sent < accepted (and not_applied, which stands in for the missing answer) < applied, rejected. */
    private static int rank(String status) {
        return switch (status) {
            case PlanStatus.SENT -> 0;
            case PlanStatus.ACCEPTED, PlanStatus.NOT_APPLIED -> 1;
            default -> 2;
        };
    }

    /** Does an ack of {@code ackStatus} move a plan on from {@code current}? */
    private static boolean advances(String current, String ackStatus) {
        return !settled(current) && rank(ackStatus) > rank(current);
    }

    private static PlanStatus status(Tracked t, String status, long ts, String reason) {
        SentPlan p = t.plan();
        return p == null
                ? new PlanStatus(t.planId(), t.deviceId(), null, status, ts, reason, false)
                : new PlanStatus(p.planId(), p.deviceId(), p.corridorId(), status, ts, reason, true);
    }

    private Alert notAppliedAlert(Tracked t, long ts, Long closedAt, String lastStatus, String reason) {
        SentPlan p = t.plan();
        return new Alert(
                KIND_NOT_APPLIED + ":" + p.planId(),
                ts,
                Alert.TRAFFIC,
                KIND_NOT_APPLIED,
                Alert.WARNING,
                p.deviceId(),
                t.deadline(),
                closedAt,
                details(p, lastStatus, reason));
    }

    private static Alert rejectedAlert(Tracked t, PlanAck ack) {
        SentPlan p = t.plan();
        return new Alert(
                KIND_REJECTED + ":" + p.planId(),
                ack.ts(),
                Alert.TRAFFIC,
                KIND_REJECTED,
                Alert.WARNING,
                p.deviceId(),
                ack.ts(),
                null,
                details(p, PlanAck.REJECTED, ack.reason()));
    }

    private static Map<String, Object> details(SentPlan p, String lastStatus, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("plan_id", p.planId());
        d.put("corridor_id", p.corridorId());
        d.put("effective_at", p.effectiveAt());
        d.put("last_status", lastStatus);
        if (reason != null) {
            d.put("reason", reason);
        }
        return d;
    }
}
