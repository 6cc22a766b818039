package greenwave.jobs.common;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The data's end of a bounded input, as the jobs that decide on event-time timers learn it: per parallel instance of
 * the decoded events, their latest event time, sent on whenever it grew, before the watermark (or the idleness) that
 * follows, so it always arrives downstream ahead of the final watermark. Broadcast to the deciding operators, its
 * maximum is the latest event time of the whole input once the final watermark ({@link Long#MAX_VALUE}) arrives, on
 * every run and at any parallelism: they decide nothing for a time after it (see the bike and food jobs). At most one
 * record per watermark; the latest time is operator state, so a restore does not lose what was not sent yet.
 *
 * @param <T> the decoded event
 */
public final class LatestEventTime<T> extends AbstractStreamOperator<Long> implements OneInputStreamOperator<T, Long> {
    private static final long serialVersionUID = 1L;
    private static final long UNKNOWN = Long.MIN_VALUE;

    /** An event's time, epoch ms. */
    public interface EventTs<T> extends Serializable {
        long of(T event);
    }

    private final EventTs<T> eventTs;
    private transient ListState<Long> stored;
    private transient long latest;
    private transient long sent;

    public LatestEventTime(EventTs<T> eventTs) {
        this.eventTs = eventTs;
    }

    /** A decision at {@code ts} under {@code watermark} is beyond the data: the input ended before {@code ts}. */
    public static boolean beyond(long ts, long watermark, long dataEnd) {
        return watermark == Long.MAX_VALUE && ts > dataEnd;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("latest-event-ts", Types.LONG));
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
    public void processElement(StreamRecord<T> element) {
        latest = Math.max(latest, eventTs.of(element.getValue()));
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
