package greenwave.jobs.signal;

import java.io.Serializable;

/**
 * The cycle of a {@link SplitFailurePhase} being integrated, from its begin green: the yellows and red-window ends
 * seen (it counts only with exactly one of each), and its green time and occupied green and red-window time.
 */
final class SplitFailureCycle implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Its begin green. */
    final long start;

    int yellows;
    /** Red-window ends seen. */
    int barriers;
    /** The first red-window end, Long.MIN_VALUE before it. */
    long barrier = Long.MIN_VALUE;

    long greenMs;
    long greenOccupiedMs;
    long redOccupiedMs;
    /** Evaluated (counted into its bin or rejected); nothing accrues any more. */
    boolean finalized;

    SplitFailureCycle(long start) {
        this.start = start;
    }
}
