package greenwave.jobs.signal;

import java.io.Serializable;

/** The detector-ons (82) of one channel in one bin: a mutable counter, so that counting does not box. */
final class ActuationCount implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
}
