package greenwave.jobs.signal;

import java.io.Serializable;

/**
 * A phase mark waiting in a {@link SplitFailurePhase} to be integrated: a phase event (1, 8, 10) or the end of a red
 * window ({@link #RED_WINDOW_END}) at {@code ts}. Marks are kept sorted by (ts, code).
 */
record SplitFailureMark(long ts, int code) implements Serializable {
    /**
     * ATSPM's synthetic event 11: the end of the red window, {@code redWindowMs} after a begin red clearance (the
     * "barrier"); it sorts after the phase events and before the detector events at the same time.
     */
    static final int RED_WINDOW_END = 11;

    /** Whether this mark sorts after one at ({@code otherTs}, {@code otherCode}). */
    boolean after(long otherTs, int otherCode) {
        return ts > otherTs || (ts == otherTs && code > otherCode);
    }
}
