package greenwave.jobs.signal;

import java.io.Serializable;

/** One bin of one phase's arrivals on green: the Advance detector-ons (moved by the latency) and those on green. */
final class AogCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    long arrivals;
    long onGreen;
}
