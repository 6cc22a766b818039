package greenwave.jobs.food;

import greenwave.jobs.common.LateEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per kitchen, before any pattern: an event at or before the watermark is late ({@link #LATE}, metric
 * {@code lateEvents}); an exact duplicate of an event already seen (same contract JSON) counts once (metric
 * {@code duplicates}). What was seen is kept by event time and dropped once the watermark passes it: a later
 * duplicate would be late anyway. State: the distinct events not yet behind the watermark.
 */
public final class FoodDedup extends KeyedProcessFunction<String, FoodEvent, FoodEvent> {
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-food-events") {};

    private transient MapState<Long, List<String>> seen;
    private transient Counter late;
    private transient Counter duplicates;

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Types.LONG, Types.LIST(Types.STRING)));
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
    }

    @Override
    public void processElement(FoodEvent e, Context ctx, Collector<FoodEvent> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        String json = e.json();
        if (e.ts() <= watermark) {
            late.inc();
            ctx.output(LATE, new LateEvent(e.topic(), e.kitchenId(), e.ts(), watermark, json));
            return;
        }
        List<String> atTs = seen.get(e.ts());
        if (atTs == null) {
            atTs = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(e.ts());
        } else if (atTs.contains(json)) {
            duplicates.inc();
            return;
        }
        atTs.add(json);
        seen.put(e.ts(), atTs);
        out.collect(e);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FoodEvent> out) throws Exception {
        seen.remove(timestamp);
    }
}
