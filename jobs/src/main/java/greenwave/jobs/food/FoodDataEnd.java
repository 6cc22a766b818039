package greenwave.jobs.food;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

import java.util.List;

/**
 * The data's end for the food job (as {@code greenwave.jobs.bike.DataEnd} for the bike job): at the end of a bounded
 * input the watermark jumps to its maximum and every CEP window times out at once; nothing is decided for a time the
 * data never reached (no sensor goes offline, no excursion opens or escalates after the last event). Each instance of
 * {@link LatestEventTime} sends its latest event time, broadcast, ahead of each watermark it forwards, so it reaches
 * the episode function before the final watermark. An unbounded job never sees that watermark and is unaffected.
 */
public final class FoodDataEnd {
    public static final MapStateDescriptor<String, Long> STATE = new MapStateDescriptor<>("food-data-end",
            Types.STRING, Types.LONG);
    static final String KEY = "latest-event-ts";

    private FoodDataEnd() {
    }

    /** A decision at {@code ts} under {@code watermark} is beyond the data. */
    static boolean beyond(long ts, long watermark, Long dataEnd) {
        return watermark == Long.MAX_VALUE && (dataEnd == null || ts > dataEnd);
    }

    /** Per parallel instance of the events: their latest ts, sent whenever it grew, before the next watermark. */
    public static final class LatestEventTime extends AbstractStreamOperator<Long>
            implements OneInputStreamOperator<FoodEvent, Long> {
        private static final long serialVersionUID = 1L;
        private transient ListState<Long> stored;
        private transient long latest;
        private transient long sent;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("latest-event-ts", Types.LONG));
            latest = Long.MIN_VALUE;
            for (Long ts : stored.get()) {
                latest = Math.max(latest, ts);
            }
            sent = Long.MIN_VALUE;
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            stored.update(latest == Long.MIN_VALUE ? List.of() : List.of(latest));
        }

        @Override
        public void processElement(StreamRecord<FoodEvent> element) {
            latest = Math.max(latest, element.getValue().ts());
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            flush();
            super.processWatermark(mark);
        }

        @Override
        public void processWatermarkStatus(WatermarkStatus status) throws Exception {
            if (status.isIdle()) {
                flush();
            }
            super.processWatermarkStatus(status);
        }

        private void flush() {
            if (latest > sent) {
                output.collect(new StreamRecord<>(latest, latest));
                sent = latest;
            }
        }
    }
}
