package greenwave.jobs.signal;

import java.io.Serializable;
import java.util.ArrayDeque;

/**
 * One presence channel of a {@link SplitFailurePhase}: its last raw event (for the clean-up of its on/off sequence),
 * the cleaned transitions not yet integrated, and whether it is occupied at the integration time.
 */
final class SplitFailureChannel implements Serializable {
    private static final long serialVersionUID = 1L;
    long lastTs = Long.MIN_VALUE;
    /** The code of the last raw event (81 off, 82 on), 0 before the first. */
    int lastCode;
    /** Cleaned transitions not yet integrated, oldest first. */
    final ArrayDeque<DetectorTransition> transitions = new ArrayDeque<>();
    /** Occupied at the integration time. */
    boolean on;

    void add(long ts, boolean isOn) {
        transitions.addLast(new DetectorTransition(ts, isOn));
    }

    /** Up to when (exclusive) this channel's cleaned state is certain, given no event of it before t. */
    long certainUntil(long t) {
        if (lastCode == 0) {
            return t - 1;
        }
        if (t <= lastTs) {
            return lastTs;
        }
        return lastTs + (t - lastTs) / 2;
    }
}
