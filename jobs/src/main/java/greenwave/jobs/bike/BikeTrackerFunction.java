package greenwave.jobs.bike;

import greenwave.jobs.common.DataEnd;
import greenwave.jobs.common.LateEvent;
import greenwave.schemas.Alert;
import greenwave.schemas.BikeEvent;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DispatchTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per bike, in event time: where the bike is (a zone, a disorderly-parking grid cell, or riding), and the occupancy
 * deltas when that changes. Events wait until the watermark passes them (producers deliver out of order and more than
 * once), then apply in ts order; an exact duplicate counts once, an event behind the watermark goes to {@link #LATE}.
 *
 * <p>Outputs: zone deltas (main), grid-cell deltas ({@link #CELLS}), and for a blacklisted bike parking in a zone a
 * reflow alarm ({@link #ALARMS}) and a {@code remove_blacklisted} task ({@link #TASKS}) once per episode.
 *
 * <p>Reference data is broadcast state, changing while the job runs: zones (the lookup index is rebuilt on the next
 * event after a change; a bike's zone is decided with the zones in force when its event is applied) and blacklist
 * histories (looked up at the event's ts). A bike silent for {@code bike_idle_ttl_s} leaves its place and is forgotten
 * (its state and timer go; only events still waiting beyond that time remain, and bring it back); the broadcast input
 * also carries the data's end ({@link DataEnd}), after which a bounded input's end forgets bikes without moving them.
 *
 * <p>Every piece of state has an owner that clears it: a zone tombstone removes the zone, and the bikes counted in it
 * leave it at once (a −1 each; they are in no zone until their next event); a bike tombstone on the blacklist removes
 * its history; a history ending in a lift goes {@code blacklist_lifted_keep_s} after the lift (looked for on reference
 * updates, once the watermark moved on by a tenth of that time), and a blacklist record more than that behind the
 * watermark is late ({@link #LATE}) and changes nothing, so no older record can revive a forgotten lift.
 */
public final class BikeTrackerFunction
        extends KeyedBroadcastProcessFunction<String, BikeEvent, BikeReference, PlaceDelta> {
    public static final MapStateDescriptor<String, BikeZone> ZONES =
            new MapStateDescriptor<>("bike-zones", Types.STRING, TypeInformation.of(BikeZone.class));
    public static final MapStateDescriptor<String, BlacklistHistory> BLACKLIST =
            new MapStateDescriptor<>("bike-blacklist", Types.STRING, TypeInformation.of(BlacklistHistory.class));

    /** Each bike's state (keyed). */
    static final ValueStateDescriptor<BikeState> BIKE =
            new ValueStateDescriptor<>("bike", TypeInformation.of(BikeState.class));

    public static final OutputTag<PlaceDelta> CELLS = new OutputTag<>("bike-cell-deltas") {};
    public static final OutputTag<BikeAlarm> ALARMS = new OutputTag<>("bike-reflow-alarms") {};
    public static final OutputTag<DispatchTask> TASKS = new OutputTag<>("bike-reflow-tasks") {};
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-bike-events") {};

    /** Events of one bike at one instant apply in this order: parks, then locates, then unparks. */
    private static final Comparator<BikeEvent> SAME_INSTANT = Comparator.comparingInt(
                    (BikeEvent e) -> switch (e.type()) {
                        case BikeEvent.PARK -> 0;
                        case BikeEvent.LOCATE -> 1;
                        default -> 2;
                    })
            .thenComparing(e -> e.lat() == null ? 0.0 : e.lat())
            .thenComparing(e -> e.lon() == null ? 0.0 : e.lon());

    private final BikeSettings settings;
    private final String sourceTopic;
    private final String blacklistTopic;

    private transient ValueState<BikeState> bike;
    private transient MapState<Long, List<BikeEvent>> waiting;
    private transient Counter late;
    /** Built from the zones broadcast state; null when the zones changed since. */
    private transient ZoneIndex index;
    /** The watermark from which the blacklist is next scanned for lifted bikes. */
    private transient long nextPrune;

    /** {@code sourceTopic}: the events' topic; {@code blacklistTopic}: the blacklist's (both name late records). */
    public BikeTrackerFunction(BikeSettings settings, String sourceTopic, String blacklistTopic) {
        this.settings = settings;
        this.sourceTopic = sourceTopic;
        this.blacklistTopic = blacklistTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        bike = getRuntimeContext().getState(BIKE);
        waiting = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "waiting-bike-events", Types.LONG, Types.LIST(TypeInformation.of(BikeEvent.class))));
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
        nextPrune = Long.MIN_VALUE;
    }

    @Override
    public void processBroadcastElement(BikeReference ref, Context ctx, Collector<PlaceDelta> out) throws Exception {
        long watermark = ctx.currentWatermark();
        if (ref.zone() != null) {
            ctx.getBroadcastState(ZONES).put(ref.zone().zoneId(), ref.zone());
            index = null;
        } else if (ref.deletedZone() != null) {
            deleteZone(ref.deletedZone(), watermark, ctx, out);
        } else if (ref.blacklist() != null) {
            BlacklistEntry entry = ref.blacklist();
            if (watermark != Long.MIN_VALUE && entry.ts() + settings.blacklistLiftedKeepMs() < watermark) {
                // Older than any lifted record still kept: it could revive a lifted bike's older record, so it is late.
                late.inc();
                ctx.output(
                        LATE,
                        new LateEvent(
                                blacklistTopic,
                                entry.bikeId(),
                                entry.ts(),
                                watermark,
                                ContractCodec.shared().toJson(entry)));
            } else {
                BroadcastState<String, BlacklistHistory> blacklist = ctx.getBroadcastState(BLACKLIST);
                BlacklistHistory history = blacklist.get(entry.bikeId());
                if (history == null) {
                    history = new BlacklistHistory();
                }
                history.add(entry, watermark);
                blacklist.put(entry.bikeId(), history);
            }
        } else if (ref.delistedBike() != null) {
            ctx.getBroadcastState(BLACKLIST).remove(ref.delistedBike());
        } else if (ref.dataEnd() != null) {
            DataEnd.advance(ctx.getBroadcastState(BikeJob.DATA_END), ref.dataEnd());
        }
        pruneLifted(watermark, ctx.getBroadcastState(BLACKLIST));
    }

    /**
     * A deleted zone leaves the zones in force; every bike counted in it leaves its count (a −1 delta at the current
     * event time, or at the bike's latest event if that is later) and is then in no zone until its next event places
     * it, so its later moves send the deleted zone nothing.
     */
    private void deleteZone(String zoneId, long watermark, Context ctx, Collector<PlaceDelta> out) throws Exception {
        ctx.getBroadcastState(ZONES).remove(zoneId);
        index = null;
        ctx.applyToKeyedState(BIKE, (bikeId, state) -> {
            BikeState b = state.value();
            if (b != null && zoneId.equals(b.zoneId)) {
                out.collect(new PlaceDelta(zoneId, b.operator, -1, false, Math.max(watermark, b.lastSeenTs), bikeId));
                b.zoneId = null;
                state.update(b);
            }
        });
    }

    /**
     * Drops the blacklist histories no event can need any more: those whose latest record is a lift older than the
     * watermark by {@code blacklist_lifted_keep_s} (an event is judged at its ts, after the watermark, where the lift
     * holds; an older record of the bike arriving now is late). Run once the watermark has moved on by a tenth of that
     * time since the last run, so the blacklist is not scanned on every reference update.
     */
    private void pruneLifted(long watermark, BroadcastState<String, BlacklistHistory> blacklist) throws Exception {
        if (watermark == Long.MIN_VALUE || watermark < nextPrune) {
            return;
        }
        long keep = settings.blacklistLiftedKeepMs();
        nextPrune = watermark == Long.MAX_VALUE ? Long.MAX_VALUE : watermark + Math.max(1, keep / 10);
        List<String> lifted = new ArrayList<>();
        for (Map.Entry<String, BlacklistHistory> e : blacklist.entries()) {
            if (e.getValue().liftedBefore(watermark - keep)) {
                lifted.add(e.getKey());
            }
        }
        for (String bikeId : lifted) {
            blacklist.remove(bikeId);
        }
    }

    @Override
    public void processElement(BikeEvent e, ReadOnlyContext ctx, Collector<PlaceDelta> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (e.ts() <= watermark) {
            late.inc();
            ctx.output(
                    LATE,
                    new LateEvent(
                            sourceTopic,
                            e.bikeId(),
                            e.ts(),
                            watermark,
                            ContractCodec.shared().toJson(e)));
            return;
        }
        List<BikeEvent> atTs = waiting.get(e.ts());
        if (atTs == null) {
            atTs = new ArrayList<>(1);
        } else if (atTs.contains(e)) {
            return; // an exact duplicate (at-least-once delivery): counts once
        }
        atTs.add(e);
        waiting.put(e.ts(), atTs);
        ctx.timerService().registerEventTimeTimer(e.ts());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<PlaceDelta> out) throws Exception {
        BikeState state = bike.value();
        List<BikeEvent> events = waiting.get(ts);
        if (events != null) {
            waiting.remove(ts);
            if (state == null) {
                state = new BikeState();
            }
            events.sort(SAME_INSTANT);
            for (BikeEvent e : events) {
                apply(e, state, ctx, out);
            }
        } else if (state != null && ts >= state.lastSeenTs + settings.bikeIdleTtlMs()) {
            // Silent for the TTL: the bike leaves its place and is forgotten. At the end of a bounded input
            // (watermark at its maximum) nothing is known after the data's end: then the state goes without deltas.
            if (!DataEnd.beyond(
                    ts, ctx.timerService().currentWatermark(), DataEnd.of(ctx.getBroadcastState(BikeJob.DATA_END)))) {
                leave(state, ts, ctx, out);
            }
            bike.clear();
            return;
        }
        if (state != null) {
            long ttl = state.lastSeenTs + settings.bikeIdleTtlMs();
            if (state.ttlTimer != ttl) {
                // One TTL timer per bike; the old one goes unless it is also a waiting event's timer.
                if (state.ttlTimer != BikeState.NONE && !waiting.contains(state.ttlTimer)) {
                    ctx.timerService().deleteEventTimeTimer(state.ttlTimer);
                }
                ctx.timerService().registerEventTimeTimer(ttl);
                state.ttlTimer = ttl;
            }
            bike.update(state);
        }
    }

    private void apply(BikeEvent e, BikeState state, OnTimerContext ctx, Collector<PlaceDelta> out) throws Exception {
        long ts = e.ts();
        state.lastSeenTs = ts;
        if (BikeEvent.UNPARK.equals(e.type())) {
            leave(state, ts, ctx, out);
            state.operator = e.operator();
            return;
        }
        if (e.lat() == null || e.lon() == null) {
            return; // the contract rejects these; never placed without a position
        }
        boolean park = BikeEvent.PARK.equals(e.type());
        String zone = zones(ctx).zoneAt(e.lat(), e.lon());
        String cell = zone == null ? GridCell.idOf(e.lat(), e.lon(), settings.gridDeg()) : null;
        boolean moved = !Objects.equals(zone, state.zoneId)
                || !Objects.equals(cell, state.cellId)
                || !e.operator().equals(state.operator);
        if (moved) {
            leave(state, ts, ctx, out);
            state.operator = e.operator();
            state.zoneId = zone;
            state.cellId = cell;
            if (zone != null) {
                out.collect(new PlaceDelta(zone, e.operator(), +1, park, ts, e.bikeId()));
            } else {
                ctx.output(CELLS, new PlaceDelta(cell, e.operator(), +1, park, ts, e.bikeId()));
            }
        } else if (park && cell != null) {
            // parked again where it already was (its unpark was never seen): no new bike, one more disorderly park
            ctx.output(CELLS, new PlaceDelta(cell, e.operator(), 0, true, ts, e.bikeId()));
        }
        if (park && zone != null) {
            reflow(e, zone, state, ctx);
        }
    }

    /** A park of a blacklisted bike in a zone opens an episode, unless it falls within the open one. */
    private void reflow(BikeEvent e, String zone, BikeState state, OnTimerContext ctx) throws Exception {
        long ts = e.ts();
        BlacklistHistory history = ctx.getBroadcastState(BLACKLIST).get(e.bikeId());
        if (history == null || !history.activeAt(ts)) {
            return;
        }
        if (state.episodeStart != BikeState.NONE && ts < state.episodeStart + settings.reflowEpisodeMs()) {
            return; // joins the episode: same alert, same task
        }
        state.episodeStart = ts;
        String alarmId = BikeIds.reflowAlarm(e.bikeId(), ts);
        ctx.output(
                ALARMS,
                new BikeAlarm(
                        alarmId,
                        BikeAlarm.BLACKLISTED_REFLOW,
                        BikeAlarm.REFLOW,
                        ts,
                        zone,
                        e.bikeId(),
                        e.operator(),
                        ts,
                        null,
                        null,
                        null,
                        0,
                        Alert.WARNING,
                        Map.of()));
        ctx.output(
                TASKS,
                new DispatchTask(
                        BikeIds.reflowTask(alarmId, e.operator()),
                        zone,
                        e.operator(),
                        ts,
                        DispatchTask.REMOVE_BLACKLISTED,
                        1,
                        List.of(e.bikeId()),
                        ts + settings.deadlineMs(),
                        0));
    }

    /** The bike leaves the place it is counted in. */
    private void leave(BikeState state, long ts, OnTimerContext ctx, Collector<PlaceDelta> out) {
        String bikeId = ctx.getCurrentKey();
        if (state.zoneId != null) {
            out.collect(new PlaceDelta(state.zoneId, state.operator, -1, false, ts, bikeId));
        }
        if (state.cellId != null) {
            ctx.output(CELLS, new PlaceDelta(state.cellId, state.operator, -1, false, ts, bikeId));
        }
        state.zoneId = null;
        state.cellId = null;
    }

    private ZoneIndex zones(OnTimerContext ctx) throws Exception {
        if (index == null) {
            ReadOnlyBroadcastState<String, BikeZone> zones = ctx.getBroadcastState(ZONES);
            List<BikeZone> all = new ArrayList<>();
            for (Map.Entry<String, BikeZone> z : zones.immutableEntries()) {
                all.add(z.getValue());
            }
            index = new ZoneIndex(all);
        }
        return index;
    }
}
