package greenwave.jobs.common;

import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** What an operator under a test harness holds: keyed state entries (every state of every key, heap backend). */
public final class StateCounts {
    private StateCounts() {}

    /** Keyed state entries of the harness's operator (the broadcast harnesses do not count them themselves). */
    public static int keyedEntries(AbstractStreamOperatorTestHarness<?> h) {
        var operator = (AbstractStreamOperator<?>) h.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /**
     * One keyed state of {@code key}, as the operator's function declared it under {@code descriptor}'s name (same
     * type): to look inside it. Leaves the operator's current key at {@code key}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <S extends State> S keyedState(
            AbstractStreamOperatorTestHarness<?> h, Object key, StateDescriptor<S, ?> descriptor) throws Exception {
        var operator = (AbstractStreamOperator<?>) h.getOperator();
        var backend = (HeapKeyedStateBackend) operator.getKeyedStateBackend();
        backend.setCurrentKey(key);
        return (S) backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }
}
