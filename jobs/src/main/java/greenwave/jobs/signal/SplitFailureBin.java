package greenwave.jobs.signal;

import java.io.Serializable;

/**
 * The sums of one bin of split failures ({@link SplitFailurePhase}) over the cycles whose red window ended in it,
 * from which the bin's means are taken.
 */
final class SplitFailureBin implements Serializable {
    private static final long serialVersionUID = 1L;
    int cycles;
    /** Σ green time in seconds (each cycle's in float32, like the reference). */
    double greenTimeSumS;
    /** Σ green occupancy over the cycles that had green time. */
    double greenOccupancySum;
    /** Cycles that had green time (so a green occupancy). */
    int cyclesWithGreenOccupancy;

    double redOccupancySum;
    /** Cycles with both occupancies at or above the thresholds. */
    int failures;
}
