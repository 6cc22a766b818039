package greenwave.jobs.bike;

import greenwave.jobs.common.DataEnd;
import greenwave.schemas.Alert;
import greenwave.schemas.BikeZone;
import greenwave.schemas.DispatchTask;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per zone, in event time (spec measures.md §3): applies the bikes' occupancy deltas, all those of one ts together,
 * then judges the overflow conditions; "held for D" is an event-time timer at start + D, so an alarm opens or closes
 * at that instant, not at the next event.
 *
 * <ul>
 * <li>Opens (alarm {@link BikeAlarm#OPENED}, {@code opened_at} = start + open delay) when occupancy &gt;
 * capacity × factor has held for the open delay; every operator with a bike in the zone then gets a
 * {@code remove_bikes} task of round-half-up(excess × its bikes / occupancy), at least 1.</li>
 * <li>Closes when occupancy ≤ capacity has held for the close delay; between the two an open alarm stays open.</li>
 * <li>At the deadline an open alarm's tasks are re-sent with the same ids, one level up, a new deadline; at the
 * last level the alarm turns critical and escalation stops.</li>
 * <li>Snapshots of the occupancy every period while the zone has bikes or an open alarm.</li>
 * </ul>
 * The keyed input holds the deltas, the zone's records and its deletion ({@link ZoneInput}); a record sets the zone's
 * capacity, and a change is judged from the watermark on (capacity records carry no time). A deletion (a tombstone on
 * {@code bike.zones}) closes an open alarm at once (a closed record without capacity; the alert's details say
 * {@code zone_deleted}) and nothing is judged after it; the bikes' −1 from the per-bike operator empty the zone, and
 * a zone with no record, no bikes, no alarm and nothing pending keeps no state. So the state is one entry per zone in
 * force, plus deleted zones until their bikes have left. The broadcast input is the data's end
 * ({@link DataEnd}): when a bounded input ends, nothing is decided, and no snapshot taken, for a time after it. Alarm
 * events are the main output; tasks go to {@link #TASKS}, snapshots to {@link #SNAPSHOTS}.
 */
public final class ZoneOccupancyFunction extends KeyedBroadcastProcessFunction<String, ZoneInput, Long, BikeAlarm> {
    public static final OutputTag<DispatchTask> TASKS = new OutputTag<>("bike-overflow-tasks") {};
    public static final OutputTag<OccupancySnapshot> SNAPSHOTS = new OutputTag<>("bike-occupancy-snapshots") {};

    private final BikeSettings settings;

    private transient ValueState<ZoneState> zone;
    private transient MapState<Long, List<PlaceDelta>> waiting;

    public ZoneOccupancyFunction(BikeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        zone = getRuntimeContext().getState(new ValueStateDescriptor<>("zone", TypeInformation.of(ZoneState.class)));
        waiting = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "waiting-deltas", Types.LONG, Types.LIST(TypeInformation.of(PlaceDelta.class))));
    }

    @Override
    public void processElement(ZoneInput input, ReadOnlyContext ctx, Collector<BikeAlarm> out) throws Exception {
        if (input.delta() != null) {
            delta(input.delta(), ctx);
        } else if (input.zone() != null) {
            capacity(input.zone(), ctx);
        } else {
            delete(ctx, out);
        }
    }

    /**
     * The zone was deleted (a tombstone on {@code bike.zones}): an open alarm closes now (the current event time; its
     * record has no capacity and the alert says why), nothing is judged any more, and the state goes once the bikes
     * counted in it have left (the per-bike operator sends their −1 when it deletes the zone) and their last snapshot
     * is out. A later record of the zone starts it afresh.
     */
    private void delete(ReadOnlyContext ctx, Collector<BikeAlarm> out) throws Exception {
        ZoneState z = zone.value();
        if (z == null) {
            return;
        }
        z.capacity = -1;
        z.highSince = ZoneState.NONE;
        z.lowSince = ZoneState.NONE;
        if (z.alarmOpen()) {
            long now = ctx.timerService().currentWatermark();
            if (now == Long.MAX_VALUE) {
                now = DataEnd.of(ctx.getBroadcastState(BikeJob.DATA_END));
            }
            closeAlarm(z, Math.max(now, z.openedAt), ctx.getCurrentKey(), out);
        }
        keepOrDrop(z);
    }

    /** Keeps the zone's state, or drops it when it holds nothing: no record, no bikes, no alarm, nothing pending. */
    private void keepOrDrop(ZoneState z) throws Exception {
        if (z.capacity < 0
                && z.total == 0
                && z.byOperator.isEmpty()
                && !z.alarmOpen()
                && z.nextSnapshot == ZoneState.NONE
                && waiting.isEmpty()) {
            zone.clear();
        } else {
            zone.update(z);
        }
    }

    @Override
    public void processBroadcastElement(Long latestEventTs, Context ctx, Collector<BikeAlarm> out) throws Exception {
        DataEnd.advance(ctx.getBroadcastState(BikeJob.DATA_END), latestEventTs);
    }

    private void delta(PlaceDelta delta, ReadOnlyContext ctx) throws Exception {
        // Deltas come from the per-bike operator once its watermark passed them, so never behind ours; they still
        // wait for our watermark, which holds the other bikes' deltas of the same instant.
        List<PlaceDelta> atTs = waiting.get(delta.ts());
        if (atTs == null) {
            atTs = new ArrayList<>(2);
        }
        atTs.add(delta);
        waiting.put(delta.ts(), atTs);
        ctx.timerService().registerEventTimeTimer(delta.ts());
    }

    private void capacity(BikeZone record, ReadOnlyContext ctx) throws Exception {
        ZoneState z = state();
        if (z.capacity == record.capacity()) {
            return;
        }
        z.capacity = record.capacity();
        long now = ctx.timerService().currentWatermark();
        if (now != Long.MIN_VALUE && now != Long.MAX_VALUE) {
            // judged by the new capacity from now on: conditions restart their timing at the current event time
            judge(z, now, ctx.timerService());
        }
        zone.update(z);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<BikeAlarm> out) throws Exception {
        TimerService timers = ctx.timerService();
        if (DataEnd.beyond(ts, timers.currentWatermark(), DataEnd.of(ctx.getBroadcastState(BikeJob.DATA_END)))) {
            return; // the input ended before the data reached this time: nothing is decided for it
        }
        ZoneState z = state();
        boolean changed = false;
        List<PlaceDelta> deltas = waiting.get(ts);
        if (deltas != null) {
            waiting.remove(ts);
            for (PlaceDelta d : deltas) {
                z.byOperator.merge(d.operator(), d.delta(), Integer::sum);
                if (z.byOperator.get(d.operator()) <= 0) {
                    z.byOperator.remove(d.operator());
                }
                z.total += d.delta();
            }
            changed = true;
        }
        judge(z, ts, timers);
        if (!z.alarmOpen() && z.highSince != ZoneState.NONE && ts >= z.highSince + settings.openAfterMs()) {
            openAlarm(z, z.highSince + settings.openAfterMs(), ctx, out);
            judge(z, ts, timers);
            changed = true;
        }
        if (z.alarmOpen() && z.lowSince != ZoneState.NONE && ts >= z.lowSince + settings.closeAfterMs()) {
            closeAlarm(z, z.lowSince + settings.closeAfterMs(), ctx.getCurrentKey(), out);
            judge(z, ts, timers);
            changed = true;
        }
        if (z.alarmOpen() && ts >= z.deadline && z.level < settings.maxEscalationLevel()) {
            escalate(z, z.deadline, ctx, out);
            changed = true;
        }
        if (changed && z.nextSnapshot == ZoneState.NONE) {
            z.nextSnapshot = settings.snapshotAtOrAfter(ts);
            timers.registerEventTimeTimer(z.nextSnapshot);
        }
        if (z.nextSnapshot != ZoneState.NONE && ts >= z.nextSnapshot) {
            ctx.output(
                    SNAPSHOTS,
                    new OccupancySnapshot(
                            ctx.getCurrentKey(),
                            z.nextSnapshot,
                            z.capacity,
                            z.total,
                            new TreeMap<>(z.byOperator),
                            z.alarmOpen()));
            // The chain goes on while there is something to report; at the end of a bounded input it stops at the
            // last snapshot time the data reached (the next one fires beyond the data's end and is dropped above).
            boolean more = z.total > 0 || z.alarmOpen();
            z.nextSnapshot = more ? z.nextSnapshot + settings.snapshotMs() : ZoneState.NONE;
            if (more) {
                timers.registerEventTimeTimer(z.nextSnapshot);
            }
        }
        keepOrDrop(z);
    }

    private ZoneState state() throws Exception {
        ZoneState z = zone.value();
        return z == null ? new ZoneState() : z;
    }

    /** Starts or stops timing the condition that matters now: high while no alarm is open, low while one is. */
    private void judge(ZoneState z, long ts, TimerService timers) {
        if (z.capacity < 0) {
            return; // the zone's record has not arrived: nothing to judge against
        }
        if (!z.alarmOpen()) {
            z.lowSince = ZoneState.NONE;
            boolean high = BigDecimal.valueOf(z.total)
                            .compareTo(BigDecimal.valueOf(z.capacity)
                                    .multiply(BigDecimal.valueOf(settings.overflowFactor())))
                    > 0;
            if (!high) {
                z.highSince = ZoneState.NONE;
            } else if (z.highSince == ZoneState.NONE) {
                z.highSince = ts;
                timers.registerEventTimeTimer(ts + settings.openAfterMs());
            }
        } else {
            z.highSince = ZoneState.NONE;
            boolean low = z.total <= z.capacity;
            if (!low) {
                z.lowSince = ZoneState.NONE;
            } else if (z.lowSince == ZoneState.NONE) {
                z.lowSince = ts;
                timers.registerEventTimeTimer(ts + settings.closeAfterMs());
            }
        }
    }

    private void openAlarm(ZoneState z, long at, OnTimerContext ctx, Collector<BikeAlarm> out) {
        String zoneId = ctx.getCurrentKey();
        z.alarmId = BikeIds.overflowAlarm(zoneId, at);
        z.openedAt = at;
        z.level = 0;
        z.deadline = at + settings.deadlineMs();
        z.severity = Alert.WARNING;
        z.highSince = ZoneState.NONE;
        z.tasks = new TreeMap<>(dispatchCounts(z.byOperator, z.total, z.total - z.capacity));
        out.collect(alarm(z, zoneId, BikeAlarm.OPENED, at, null));
        sendTasks(z, zoneId, at, ctx);
        ctx.timerService().registerEventTimeTimer(z.deadline);
    }

    private void escalate(ZoneState z, long at, OnTimerContext ctx, Collector<BikeAlarm> out) {
        String zoneId = ctx.getCurrentKey();
        z.level++;
        z.deadline = at + settings.deadlineMs();
        if (z.level >= settings.maxEscalationLevel()) {
            z.severity = Alert.CRITICAL;
        } else {
            ctx.timerService().registerEventTimeTimer(z.deadline);
        }
        out.collect(alarm(z, zoneId, BikeAlarm.ESCALATED, at, null));
        sendTasks(z, zoneId, at, ctx);
    }

    private void closeAlarm(ZoneState z, long at, String zoneId, Collector<BikeAlarm> out) {
        out.collect(alarm(z, zoneId, BikeAlarm.CLOSED, at, at));
        z.alarmId = null;
        z.openedAt = ZoneState.NONE;
        z.level = 0;
        z.deadline = ZoneState.NONE;
        z.severity = null;
        z.tasks = new TreeMap<>();
        z.lowSince = ZoneState.NONE;
    }

    private void sendTasks(ZoneState z, String zoneId, long at, OnTimerContext ctx) {
        for (Map.Entry<String, Integer> task : z.tasks.entrySet()) {
            ctx.output(
                    TASKS,
                    new DispatchTask(
                            BikeIds.overflowTask(z.alarmId, task.getKey()),
                            zoneId,
                            task.getKey(),
                            at,
                            DispatchTask.REMOVE_BIKES,
                            task.getValue(),
                            null,
                            z.deadline,
                            z.level));
        }
    }

    private static BikeAlarm alarm(ZoneState z, String zoneId, String event, long ts, Long closedAt) {
        return new BikeAlarm(
                z.alarmId,
                BikeAlarm.ZONE_OVERFLOW,
                event,
                ts,
                zoneId,
                null,
                null,
                z.openedAt,
                closedAt,
                z.capacity < 0 ? null : z.capacity,
                z.total,
                z.level,
                z.severity,
                new TreeMap<>(z.byOperator));
    }

    /**
     * Bikes each operator is asked to remove: round-half-up(excess × operator's bikes / occupancy), at least 1, for
     * every operator with a bike in the zone. Integer arithmetic, so 2.5 is always 3.
     */
    static Map<String, Integer> dispatchCounts(Map<String, Integer> byOperator, int occupancy, int excess) {
        Map<String, Integer> counts = new TreeMap<>();
        byOperator.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Comparator.comparing(Map.Entry::getKey))
                .forEach(e -> {
                    long n = (2L * excess * e.getValue() + occupancy) / (2L * occupancy);
                    counts.put(e.getKey(), (int) Math.max(1, n));
                });
        return counts;
    }
}
