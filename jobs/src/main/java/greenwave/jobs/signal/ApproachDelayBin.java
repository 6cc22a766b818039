package greenwave.jobs.signal;

import java.io.Serializable;
import java.util.ArrayList;

/**
 * One bin of one phase's approach delay and degree of saturation ({@link ApproachDelayPhase}): the stop-bar arrivals
 * in it, the delay they have accrued, the phase's green time in it, and the red arrivals still waiting for a green.
 */
final class ApproachDelayBin implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Stop-bar arrivals in the bin. */
    long arrivals;
    /** Of them, those that met green. */
    long arrivalsOnGreen;
    /** The phase's green time within the bin. */
    long greenMs;
    /** Delay of the arrivals on red that met their next green. */
    double delayMs;
    /** The degree of saturation row has been decided (emitted or skipped). */
    boolean saturationDone;
    /** Arrival times of the arrivals on red whose next green has not come yet. */
    final ArrayList<Long> waitingForGreen = new ArrayList<>();
}
