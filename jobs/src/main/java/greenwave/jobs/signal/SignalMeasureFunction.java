package greenwave.jobs.signal;

import greenwave.jobs.common.LateEvent;
import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
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
 * Runs one {@link SignalMeasureEngine} per controller, in event time.
 *
 * <p>Controllers log in bursts that arrive out of order, so events wait in state, grouped by timestamp, until the
 * watermark passes them; then they go to the engine in (ts, code) order — phase events before detector events at
 * equal times, as ATSPM orders them. Exact duplicates (producers deliver at least once) are dropped while waiting.
 * An event at or behind the watermark is late: it goes to {@link #LATE} and is counted, never into a measure.
 *
 * <p>State is bounded: waiting events leave when their time passes, and a device silent for the idle TTL (event
 * time) is flushed and forgotten.
 */
public final class SignalMeasureFunction extends KeyedProcessFunction<String, SignalEvent, SignalMeasure> {
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-signal-events") {};
    /** Events in the order they reach the engine: each accepted, de-duplicated event once, for storage. */
    public static final OutputTag<SignalEvent> ACCEPTED = new OutputTag<>("accepted-signal-events") {};

    private static final Comparator<SignalEvent> BY_CODE = Comparator.comparingInt(SignalEvent::code);

    private final Map<String, SignalLayout> layouts;
    private final MeasureSettings settings;
    private final long idleTtlMs;
    private final String sourceTopic;

    private transient MapState<Long, List<SignalEvent>> waiting;
    private transient ValueState<SignalMeasureEngine> engine;
    private transient ValueState<Long> lastEventTs;
    private transient Counter lateEvents;
    private transient Counter duplicates;

    public SignalMeasureFunction(
            Map<String, SignalLayout> layouts, MeasureSettings settings, long idleTtlMs, String sourceTopic) {
        this.layouts = Map.copyOf(layouts);
        this.settings = settings;
        this.idleTtlMs = idleTtlMs;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "waiting-events", Types.LONG, Types.LIST(TypeInformation.of(SignalEvent.class))));
        engine = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("engine", TypeInformation.of(SignalMeasureEngine.class)));
        lastEventTs = getRuntimeContext().getState(new ValueStateDescriptor<>("last-event-ts", Types.LONG));
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(SignalEvent event, Context ctx, Collector<SignalMeasure> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (event.ts() <= watermark) {
            lateEvents.inc();
            ctx.output(
                    LATE,
                    new LateEvent(
                            sourceTopic,
                            event.deviceId(),
                            event.ts(),
                            watermark,
                            "{\"device_id\":\"" + event.deviceId().replace("\"", "\\\"") + "\",\"ts\":" + event.ts()
                                    + ",\"code\":" + event.code() + ",\"param\":" + event.param() + "}"));
            return;
        }
        List<SignalEvent> atTs = waiting.get(event.ts());
        if (atTs == null) {
            atTs = new ArrayList<>(2);
        } else if (atTs.contains(event)) {
            duplicates.inc();
            return;
        }
        atTs.add(event);
        waiting.put(event.ts(), atTs);
        ctx.timerService().registerEventTimeTimer(event.ts());

        Long last = lastEventTs.value();
        if (last == null || event.ts() > last) {
            lastEventTs.update(event.ts());
            ctx.timerService().registerEventTimeTimer(event.ts() + idleTtlMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignalMeasure> out) throws Exception {
        SignalMeasureEngine current = engine.value();
        if (current == null) {
            current = new SignalMeasureEngine(ctx.getCurrentKey(), layouts.get(ctx.getCurrentKey()), settings);
        }
        // Everything before this instant has been given to the engine: let it close what is complete.
        current.advanceTo(timestamp, out::collect);

        List<SignalEvent> atTs = waiting.get(timestamp);
        if (atTs != null) {
            atTs.sort(BY_CODE); // stable: equal codes keep their arrival order
            for (SignalEvent e : atTs) {
                current.onEvent(e, out::collect);
                ctx.output(ACCEPTED, e);
            }
            waiting.remove(timestamp);
        }

        Long last = lastEventTs.value();
        if (last != null && timestamp >= last + idleTtlMs && waiting.isEmpty()) {
            // The device has been silent for the idle TTL: emit what remains and forget it.
            current.finish(out::collect);
            engine.clear();
            lastEventTs.clear();
            return;
        }
        engine.update(current);
        long wakeup = current.nextWakeup();
        if (wakeup != Long.MAX_VALUE && wakeup > timestamp) {
            ctx.timerService().registerEventTimeTimer(wakeup);
        }
    }
}
