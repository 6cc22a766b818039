package greenwave.jobs.bike;

import greenwave.jobs.common.DataEnd;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per disorderly-parking grid cell: bikes parked in the cell outside every zone, and parks there, snapshot every
 * period (the state after every event with ts ≤ the snapshot time). Deltas are summed per snapshot period as they
 * come and applied when the watermark passes the period's end; a cell with no bikes left and nothing pending
 * leaves no state. The broadcast input is the data's end ({@link DataEnd}): when a bounded input ends, snapshots go
 * up to the last snapshot time the data reached, none after.
 */
public final class DisorderlyParkingFunction
        extends KeyedBroadcastProcessFunction<String, PlaceDelta, Long, DisorderlySnapshot> {
    private final BikeSettings settings;

    private transient ValueState<Integer> bikes;
    /** Snapshot time → [net bike change, parks] of the period ending then. */
    private transient MapState<Long, int[]> periods;

    public DisorderlyParkingFunction(BikeSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        bikes = getRuntimeContext().getState(new ValueStateDescriptor<>("cell-bikes", Types.INT));
        periods = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "cell-periods", Types.LONG, PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(PlaceDelta d, ReadOnlyContext ctx, Collector<DisorderlySnapshot> out) throws Exception {
        long snapshot = settings.snapshotAtOrAfter(d.ts());
        int[] period = periods.get(snapshot);
        if (period == null) {
            period = new int[2];
        }
        period[0] += d.delta();
        if (d.park()) {
            period[1]++;
        }
        periods.put(snapshot, period);
        ctx.timerService().registerEventTimeTimer(snapshot);
    }

    @Override
    public void processBroadcastElement(Long latestEventTs, Context ctx, Collector<DisorderlySnapshot> out)
            throws Exception {
        DataEnd.advance(ctx.getBroadcastState(BikeJob.DATA_END), latestEventTs);
    }

    @Override
    public void onTimer(long snapshot, OnTimerContext ctx, Collector<DisorderlySnapshot> out) throws Exception {
        if (DataEnd.beyond(
                snapshot, ctx.timerService().currentWatermark(), DataEnd.of(ctx.getBroadcastState(BikeJob.DATA_END)))) {
            return; // the input ended before the data reached this snapshot time: no snapshot
        }
        int[] period = periods.get(snapshot);
        int now = (bikes.value() == null ? 0 : bikes.value()) + (period == null ? 0 : period[0]);
        periods.remove(snapshot);
        out.collect(new DisorderlySnapshot(ctx.getCurrentKey(), snapshot, now, period == null ? 0 : period[1]));
        if (now > 0) {
            bikes.update(now);
            ctx.timerService().registerEventTimeTimer(snapshot + settings.snapshotMs());
        } else if (periods.isEmpty()) {
            bikes.clear();
        } else {
            bikes.update(0);
        }
    }
}
