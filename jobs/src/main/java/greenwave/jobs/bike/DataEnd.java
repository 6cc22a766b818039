package greenwave.jobs.bike;

import greenwave.schemas.BikeEvent;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
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
 * The data's end: the latest event time the job has seen (the largest {@code ts} of the valid {@code bike.events}).
 *
 * <p>At the end of a bounded input Flink advances the watermark to {@link Long#MAX_VALUE} and fires every pending
 * event-time timer, however far behind the data the watermark was a moment before. Nothing may be decided then for a
 * time after the data's end: no alarm opens, closes or escalates, no bike is forgotten, no snapshot is taken for a
 * time the data never reached ({@link #beyond}). Up to the data's end everything happens as if the watermark had
 * moved there event by event, so a bounded replay gives the same outputs on every run and at any parallelism. An
 * unbounded job never sees that watermark and is unaffected.
 *
 * <p>Each operator that decides in event time learns the data's end the same way, deterministically:
 * {@link LatestEventTime}, right after the events are decoded, keeps the latest ts of its parallel instance and
 * sends it on (broadcast to every instance downstream) whenever it grew, before each watermark it forwards, before its
 * input goes idle, and so before the final watermark. A downstream operator reaches the final watermark only once
 * every upstream instance has sent it, hence after every instance's latest ts: the maximum it keeps in broadcast state
 * ({@link #STATE}) is then the maximum over all events, whichever instance saw which event.
 */
public final class DataEnd {
    /** Broadcast state of the operators that decide in event time: {@link #KEY} → the latest event time seen. */
    public static final MapStateDescriptor<String, Long> STATE = new MapStateDescriptor<>("bike-data-end",
            Types.STRING, Types.LONG);
    static final String KEY = "latest-event-ts";
    /** Nothing is known yet. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private DataEnd() {
    }

    /** The latest event time broadcast so far, or {@link #UNKNOWN}. */
    static long of(ReadOnlyBroadcastState<String, Long> state) throws Exception {
        Long ts = state.get(KEY);
        return ts == null ? UNKNOWN : ts;
    }

    /** Keeps the larger of what is known and {@code ts}. */
    static void advance(BroadcastState<String, Long> state, long ts) throws Exception {
        Long known = state.get(KEY);
        if (known == null || ts > known) {
            state.put(KEY, ts);
        }
    }

    /**
     * A timer at {@code ts} firing under {@code watermark} is beyond the data: the input ended (the watermark is at its
     * maximum) and the data never reached {@code ts}. Nothing may be decided for it.
     */
    static boolean beyond(long ts, long watermark, long dataEnd) {
        return watermark == Long.MAX_VALUE && ts > dataEnd;
    }

    /**
     * Per parallel instance of the decoded events: their latest ts, sent on whenever it grew, before the watermark
     * (or the idleness) that follows, so it always arrives downstream ahead of the final watermark. At most one
     * record per watermark; the latest ts is operator state, so a restore does not lose what was not sent yet.
     */
    public static final class LatestEventTime extends AbstractStreamOperator<Long>
            implements OneInputStreamOperator<BikeEvent, Long> {
        private static final long serialVersionUID = 1L;

        private transient ListState<Long> stored;
        private transient long latest;
        private transient long sent;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            stored = context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>("latest-event-ts", Types.LONG));
            latest = UNKNOWN;
            for (Long ts : stored.get()) {
                latest = Math.max(latest, ts);
            }
            sent = UNKNOWN; // sent again after a restore: downstream keeps the maximum, a repeat changes nothing
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            stored.update(latest == UNKNOWN ? List.of() : List.of(latest));
        }

        @Override
        public void processElement(StreamRecord<BikeEvent> element) {
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
