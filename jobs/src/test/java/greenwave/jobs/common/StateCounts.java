package greenwave.jobs.common;

import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** What an operator under a test harness holds: keyed state entries (every state of every key, heap backend). */
public final class StateCounts {
    private StateCounts() {
    }

    /** Keyed state entries of the harness's operator (the broadcast harnesses do not count them themselves). */
    public static int keyedEntries(AbstractStreamOperatorTestHarness<?> h) {
        var operator = (AbstractStreamOperator<?>) h.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
