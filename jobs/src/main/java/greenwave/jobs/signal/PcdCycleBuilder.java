package greenwave.jobs.signal;

import java.io.Serializable;
import java.util.ArrayList;

/**
 * A Purdue coordination diagram cycle of one phase ({@link ApproachDelayPhase}) while it is built: from a begin green
 * to the next one, with its begin yellow, begin red clearance and the arrivals in it (seconds after its start). It
 * becomes a {@link greenwave.schemas.SignalMeasure.PcdCycle} once its end is known and the longest travel time has
 * passed.
 */
final class PcdCycleBuilder implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Its begin green. */
    final long start;
    /** Its first begin yellow, null before it. */
    Long yellow;
    /** Its first begin red clearance, null before it. */
    Long red;
    /** The next begin green, Long.MAX_VALUE while the cycle is open. */
    long end = Long.MAX_VALUE;
    /** The stop-bar arrivals in the cycle, in seconds after its start (at most a fixed number). */
    final ArrayList<Double> arrivalsS = new ArrayList<>();

    PcdCycleBuilder(long start) {
        this.start = start;
    }

    boolean isOpen() {
        return end == Long.MAX_VALUE;
    }
}
