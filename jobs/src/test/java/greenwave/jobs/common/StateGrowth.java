package greenwave.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * For the state-growth tests: how many one-off ids to feed (system property {@code greenwave.stategrowth.ids},
 * default 1,000,000), and what the measurement prints.
 */
public final class StateGrowth {
    /** One-off ids fed per keyed input. */
    public static final int IDS = Integer.getInteger("greenwave.stategrowth.ids", 1_000_000);
    /** The watermark moves on (and the outputs are dropped) every this many ids. */
    public static final int BATCH = 10_000;

    private StateGrowth() {}

    /** Drops what the harness collected so far (main and side outputs): the tests look at state, not output. */
    public static void dropOutputs(AbstractStreamOperatorTestHarness<?> h, OutputTag<?>... tags) {
        h.getOutput().clear();
        for (OutputTag<?> tag : tags) {
            var q = h.getSideOutput(tag);
            if (q != null) {
                q.clear();
            }
        }
    }

    /** Checks the operator is back to its bound, {@code after} entries, with no timer left; closes it. */
    public static void assertBackTo(AbstractStreamOperatorTestHarness<?> h, long after, long bound) throws Exception {
        assertThat(after).isEqualTo(bound);
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    /** Prints one measurement: state entries at the peak and after the TTL, against the bound. */
    public static void print(String what, long peak, long after, long bound, long startNanos) {
        System.out.printf(
                "state growth, %s: %,d one-off ids; peak %,d entries, %,d after the TTL (bound %,d);" + " %.1f s%n",
                what, IDS, peak, after, bound, (System.nanoTime() - startNanos) / 1e9);
    }
}
