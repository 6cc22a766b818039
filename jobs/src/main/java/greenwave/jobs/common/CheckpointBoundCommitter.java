package greenwave.jobs.common;

import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.configuration.SinkOptions;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.util.SimpleVersionedListState;
import org.apache.flink.streaming.runtime.operators.sink.committables.CheckpointCommittableManager;
import org.apache.flink.streaming.runtime.operators.sink.committables.CommittableCollector;
import org.apache.flink.streaming.runtime.operators.sink.committables.CommittableCollectorSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The committer of a two-phase-commit sink (our Kafka sinks) that commits only what a completed checkpoint covers.
 *
 * <p>Why not Flink's own: Flink 2.0.0's committer, once its input has ended (a bounded source read to its end, as in a
 * replay or a backfill), commits <em>every</em> pending committable on the next checkpoint notification, including
 * the end-of-input transaction and those of checkpoints that never completed, even when that notification is for a
 * checkpoint taken before the end. A failure before the final checkpoint then restores the older checkpoint and
 * replays records whose transaction was already committed: duplicates on the topic. (Seen in the multi-process
 * cluster test: every dead letter of one partition committed twice.) Here the committables of checkpoint n are
 * committed when a checkpoint m >= n completes, and those emitted at the end of input only when a checkpoint taken
 * after the end completes (the final checkpoint), which also covers the sources' finished state.
 *
 * <p>State, uid and committables are those of Flink's committer (state {@value #STATE_NAME}, the collector's
 * serializer, uid {@code "Sink Committer: <sink uid>"}), so checkpoints of either restore in the other.
 */
final class CheckpointBoundCommitter<CommT> extends AbstractStreamOperator<CommittableMessage<CommT>>
        implements OneInputStreamOperator<CommittableMessage<CommT>, CommittableMessage<CommT>>, BoundedOneInput {

    static final String STATE_NAME = "streaming_committer_raw_states";
    private static final ListStateDescriptor<byte[]> STATE =
            new ListStateDescriptor<>(STATE_NAME, BytePrimitiveArraySerializer.INSTANCE);
    private static final long NONE = Long.MIN_VALUE;

    private final SupportsCommitter<CommT> sink;
    private transient Committer<CommT> committer;
    private transient CommittableCollector<CommT> collector;
    private transient ListState<CommittableCollector<CommT>> state;
    private transient SinkCommitterMetricGroup metrics;
    private transient int maxRetries;
    private transient boolean inputEnded;
    /** The first checkpoint this operator took part in after its input ended; NONE before. */
    private transient long firstCheckpointAfterEnd;

    CheckpointBoundCommitter(
            StreamOperatorParameters<CommittableMessage<CommT>> parameters, SupportsCommitter<CommT> sink) {
        super(parameters);
        this.sink = sink;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        metrics = InternalSinkCommitterMetricGroup.wrap(getMetricGroup());
        collector = CommittableCollector.of(metrics);
        maxRetries = getOperatorConfig().getConfiguration().get(SinkOptions.COMMITTER_RETRIES);
        firstCheckpointAfterEnd = NONE;
        OptionalLong restored = context.getRestoredCheckpointId();
        committer = sink.createCommitter(new InitContext(restored));
        state = new SimpleVersionedListState<>(
                context.getOperatorStateStore().getListState(STATE),
                new CommittableCollectorSerializer<>(
                        sink.getCommittableSerializer(),
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                        getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(),
                        metrics));
        if (context.isRestored()) {
            state.get().forEach(collector::merge);
            // everything in a completed checkpoint's state is covered by it: the committables it holds were
            // emitted before its barrier (end-of-input ones only when it was taken after the end)
            commitUpTo(Long.MAX_VALUE);
        }
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<CommT>> element) {
        collector.addMessage(element.getValue());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (inputEnded && firstCheckpointAfterEnd == NONE) {
            firstCheckpointAfterEnd = context.getCheckpointId();
        }
        state.update(List.of(collector.copy()));
    }

    @Override
    public void endInput() throws Exception {
        inputEnded = true;
        if (!getOperatorConfig().isCheckpointingEnabled()) {
            // no checkpoint will come: commit now, as Flink's committer does
            commitUpTo(Long.MAX_VALUE);
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        boolean coversEnd = firstCheckpointAfterEnd != NONE && checkpointId >= firstCheckpointAfterEnd;
        commitUpTo(coversEnd ? Long.MAX_VALUE : checkpointId);
    }

    /** Commits the committables of checkpoints up to {@code checkpointId} (MAX_VALUE: also the end of input's). */
    private void commitUpTo(long checkpointId) throws Exception {
        for (CheckpointCommittableManager<CommT> manager : collector.getCheckpointCommittablesUpTo(checkpointId)) {
            manager.commit(committer, maxRetries);
            collector.remove(manager);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (committer != null) {
                committer.close();
            }
        } finally {
            super.close();
        }
    }

    /** What the sink's committer is created with: the restored checkpoint, the task and the metrics. */
    private final class InitContext implements CommitterInitContext {
        private final OptionalLong restored;

        InitContext(OptionalLong restored) {
            this.restored = restored;
        }

        @Override
        public SinkCommitterMetricGroup metricGroup() {
            return metrics;
        }

        @Override
        public OptionalLong getRestoredCheckpointId() {
            return restored;
        }

        @Override
        public JobInfo getJobInfo() {
            return getRuntimeContext().getJobInfo();
        }

        @Override
        public TaskInfo getTaskInfo() {
            return getRuntimeContext().getTaskInfo();
        }
    }

    /**
     * Adds the committer after a sink's {@code committables}: named {@code name + ": Committer"}, with the uid Flink
     * gives a sink's committer ({@code "Sink Committer: " + sinkUid}), so state moves between this and Flink's.
     */
    static <CommT> SingleOutputStreamOperator<CommittableMessage<CommT>> commit(
            DataStream<CommittableMessage<CommT>> committables,
            SupportsCommitter<CommT> sink,
            String name,
            String sinkUid) {
        return committables
                .transform(
                        name + ": Committer",
                        CommittableMessageTypeInfo.of(sink::getCommittableSerializer),
                        new Factory<>(sink))
                .uid("Sink Committer: " + sinkUid);
    }

    /** Creates the operator for a sink. */
    static final class Factory<CommT> extends AbstractStreamOperatorFactory<CommittableMessage<CommT>>
            implements OneInputStreamOperatorFactory<CommittableMessage<CommT>, CommittableMessage<CommT>> {
        private final SupportsCommitter<CommT> sink;

        Factory(SupportsCommitter<CommT> sink) {
            this.sink = sink;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends StreamOperator<CommittableMessage<CommT>>> T createStreamOperator(
                StreamOperatorParameters<CommittableMessage<CommT>> parameters) {
            return (T) new CheckpointBoundCommitter<>(parameters, sink);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
            return CheckpointBoundCommitter.class;
        }
    }
}
