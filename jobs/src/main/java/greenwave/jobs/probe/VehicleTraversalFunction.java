package greenwave.jobs.probe;

import greenwave.jobs.common.LateEvent;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.VehiclePosition;
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
 * Follows each probe vehicle through the approach zones, in event time: positions wait until the watermark passes
 * them (producers deliver out of order and more than once), then go to the vehicle's {@link VehicleTraversalEngine}
 * in time order. Traversals are the main output, corridor link trips a side output. A vehicle silent for longer
 * than the largest sample gap the engine bridges leaves no state behind (vehicles vanish without saying goodbye).
 */
public final class VehicleTraversalFunction extends KeyedProcessFunction<String, VehiclePosition, Traversal> {
    public static final OutputTag<LinkTravel> LINKS = new OutputTag<>("link-trips") {};
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-positions") {};

    private final ApproachMatcher matcher;
    private final String sourceTopic;

    private transient MapState<Long, VehiclePosition> waiting;
    private transient ValueState<VehicleTraversalEngine> engine;
    private transient Counter late;

    public VehicleTraversalFunction(ApproachMatcher matcher, String sourceTopic) {
        this.matcher = matcher;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "waiting-positions", Types.LONG, TypeInformation.of(VehiclePosition.class)));
        engine = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("vehicle", TypeInformation.of(VehicleTraversalEngine.class)));
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(VehiclePosition p, Context ctx, Collector<Traversal> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (p.ts() <= watermark) {
            late.inc();
            ctx.output(
                    LATE,
                    new LateEvent(
                            sourceTopic,
                            p.vehicleId(),
                            p.ts(),
                            watermark,
                            ContractCodec.shared().toJson(p)));
            return;
        }
        // One position per instant: an exact duplicate (or a second fix at the same ms) is dropped.
        if (!waiting.contains(p.ts())) {
            waiting.put(p.ts(), p);
            ctx.timerService().registerEventTimeTimer(p.ts());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Traversal> out) throws Exception {
        VehiclePosition p = waiting.get(timestamp);
        VehicleTraversalEngine vehicle = engine.value();
        if (p != null) {
            waiting.remove(timestamp);
            if (vehicle == null) {
                vehicle = new VehicleTraversalEngine();
            }
            vehicle.onPosition(p, matcher, out::collect, trip -> ctx.output(LINKS, trip));
            engine.update(vehicle);
            ctx.timerService().registerEventTimeTimer(vehicle.expiresAt(matcher.settings()));
        } else if (vehicle != null && timestamp >= vehicle.expiresAt(matcher.settings())) {
            engine.clear(); // silent for longer than any gap the engine bridges: nothing more can come of it
        }
    }
}
