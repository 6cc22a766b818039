package greenwave.jobs.probe;

import greenwave.schemas.ProbeMeasure;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers per-vehicle results (traversals, link trips) of one approach or link into 15-minute bins of their own
 * time (stop-bar crossing, arrival) and emits the bin's measure once no more can come: a crossing is recognised at
 * the vehicle's next sample, at most the largest bridged sample gap later, so a bin closes when the watermark passes
 * its end plus that gap.
 */
public final class BinnedProbeAggregation<T> extends KeyedProcessFunction<String, T, ProbeMeasure> {
    /** Serializable accessors, so the function ships to the cluster. */
    public interface TimeOf<T> extends ToLongFunction<T>, Serializable {}

    public interface Aggregate<T> extends Function<List<T>, ProbeMeasure>, Serializable {}

    private final TypeInformation<T> type;
    private final TimeOf<T> timeOf;
    private final Aggregate<T> aggregate;
    private final long closeAfterMs;

    private transient MapState<Long, List<T>> bins;
    private transient Counter tooLate;

    public BinnedProbeAggregation(
            TypeInformation<T> type, TimeOf<T> timeOf, Aggregate<T> aggregate, long closeAfterMs) {
        this.type = type;
        this.timeOf = timeOf;
        this.aggregate = aggregate;
        this.closeAfterMs = closeAfterMs;
    }

    @Override
    public void open(OpenContext openContext) {
        bins = getRuntimeContext().getMapState(new MapStateDescriptor<>("bins", Types.LONG, Types.LIST(type)));
        tooLate = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(T value, Context ctx, Collector<ProbeMeasure> out) throws Exception {
        long bin = ApproachDelayAggregator.binStart(timeOf.applyAsLong(value));
        long closesAt = bin + ApproachDelayAggregator.BIN_MS + closeAfterMs;
        if (closesAt <= ctx.timerService().currentWatermark()) {
            tooLate.inc(); // its bin was already emitted; counted, not re-emitted
            return;
        }
        List<T> list = bins.get(bin);
        if (list == null) {
            list = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(closesAt);
        }
        list.add(value);
        bins.put(bin, list);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ProbeMeasure> out) throws Exception {
        long bin = timestamp - closeAfterMs - ApproachDelayAggregator.BIN_MS;
        List<T> list = bins.get(bin);
        if (list != null && !list.isEmpty()) {
            out.collect(aggregate.apply(list));
        }
        bins.remove(bin);
    }
}
