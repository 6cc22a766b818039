package greenwave.jobs.signal;

import java.io.Serializable;

/** One cleaned on/off change of a presence channel ({@link SplitFailureChannel}) at {@code ts}. */
record DetectorTransition(long ts, boolean on) implements Serializable {}
