package greenwave.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.runtime.operators.sink.CommitterOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The committer commits a transaction only once a checkpoint covering it has completed, also at the end of a bounded
 * input (where Flink 2.0.0's own committer commits everything pending on the next notification, even one for a
 * checkpoint taken before the end).
 */
class CheckpointBoundCommitterTest {

    /** What the sink's committer committed, in order (static: the operator creates the committer itself). */
    static final List<String> COMMITTED = new ArrayList<>();

    @BeforeEach
    void reset() {
        COMMITTED.clear();
    }

    @Test
    void theEndOfInputsTransactionWaitsForACheckpointTakenAfterTheEnd() throws Exception {
        try (var harness = harness()) {
            harness.open();
            emit(harness, 1, "a");
            harness.snapshot(1, 1);
            emit(harness, 2, "b"); // checkpoint 2 will never complete
            harness.snapshot(2, 2);
            emit(harness, CommittableMessage.EOI, "c");
            harness.endInput();

            // checkpoint 1's notification arrives late, after the end of input: it covers "a" only
            harness.notifyOfCompletedCheckpoint(1);
            assertThat(COMMITTED).containsExactly("a");

            // the final checkpoint, taken after the end, covers the rest
            harness.snapshot(3, 3);
            harness.notifyOfCompletedCheckpoint(3);
            assertThat(COMMITTED).containsExactly("a", "b", "c");
        }
    }

    /**
     * Why this committer exists: Flink 2.0.0's own commits everything pending on the first notification after the end
     * of input. When this test fails after a Flink upgrade, the upgrade fixed it and KafkaSinks may go back to sinkTo.
     */
    @Test
    void flinksOwnCommitterCommitsTooEarlyAtTheEndOfInput() throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<>(
                new CommitterOperatorFactory<>(new RecordingSink(), false, true))) {
            harness.open();
            emit(harness, 1, "a");
            harness.snapshot(1, 1);
            emit(harness, 2, "b");
            harness.snapshot(2, 2);
            emit(harness, CommittableMessage.EOI, "c");
            harness.endInput();
            harness.notifyOfCompletedCheckpoint(1);
            assertThat(COMMITTED).as("committed on checkpoint 1's notification").containsExactly("a", "b", "c");
        }
    }

    @Test
    void aCheckpointCommitsItsOwnAndEarlierTransactionsOnly() throws Exception {
        try (var harness = harness()) {
            harness.open();
            emit(harness, 1, "a");
            harness.snapshot(1, 1);
            emit(harness, 2, "b");
            harness.snapshot(2, 2);
            emit(harness, 3, "c");
            harness.snapshot(3, 3);
            harness.notifyOfCompletedCheckpoint(2); // 1 was subsumed
            assertThat(COMMITTED).containsExactly("a", "b");
            harness.notifyOfCompletedCheckpoint(3);
            assertThat(COMMITTED).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aRestoredCheckpointsTransactionsAreCommittedAtOnceAndLaterOnesNot() throws Exception {
        OperatorSubtaskState checkpoint2;
        try (var harness = harness()) {
            harness.open();
            emit(harness, 1, "a");
            harness.snapshot(1, 1);
            emit(harness, 2, "b");
            checkpoint2 = harness.snapshot(2, 2);
            emit(harness, 3, "c"); // after checkpoint 2: lost with the failure, replayed by the writer
        }
        assertThat(COMMITTED).isEmpty();
        try (var restored = harness()) {
            restored.initializeState(checkpoint2);
            restored.open();
            assertThat(COMMITTED).containsExactly("a", "b");
        }
    }

    @Test
    void withoutCheckpointingTheEndOfInputCommitsEverything() throws Exception {
        try (var harness = harness()) {
            harness.getStreamConfig().setCheckpointingEnabled(false);
            harness.open();
            emit(harness, CommittableMessage.EOI, "a");
            harness.endInput();
            assertThat(COMMITTED).containsExactly("a");
        }
    }

    private static OneInputStreamOperatorTestHarness<CommittableMessage<String>, CommittableMessage<String>> harness()
            throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(new CheckpointBoundCommitter.Factory<>(new RecordingSink()));
        harness.getStreamConfig().setCheckpointingEnabled(true);
        return harness;
    }

    /** What the writer emits for one checkpoint: a summary, then the committable. */
    private static void emit(
            OneInputStreamOperatorTestHarness<CommittableMessage<String>, ?> harness,
            long checkpointId,
            String committable)
            throws Exception {
        harness.processElement(new StreamRecord<>(new CommittableSummary<>(0, 1, checkpointId, 1, 0)));
        harness.processElement(new StreamRecord<>(new CommittableWithLineage<>(committable, checkpointId, 0)));
    }

    /** A two-phase-commit sink whose committer records what it commits. */
    private static final class RecordingSink implements SupportsCommitter<String>, java.io.Serializable {
        @Override
        public Committer<String> createCommitter(CommitterInitContext context) {
            return new Committer<>() {
                @Override
                public void commit(Collection<CommitRequest<String>> requests) {
                    requests.forEach(r -> COMMITTED.add(r.getCommittable()));
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public SimpleVersionedSerializer<String> getCommittableSerializer() {
            return new SimpleVersionedSerializer<>() {
                @Override
                public int getVersion() {
                    return 1;
                }

                @Override
                public byte[] serialize(String s) {
                    return s.getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public String deserialize(int version, byte[] bytes) {
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            };
        }
    }
}
