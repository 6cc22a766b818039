package greenwave.jobs.signal;

import java.io.Serializable;

/**
 * Settings of the signal performance measures (spec measures.md §1). Use {@link #defaults()} and the {@code with*}
 * methods.
 *
 * @param binMs                     bin length (15 min); bins are aligned to the epoch, hence to the hour
 * @param aogLatencyMs              arrivals-on-green latency offset: detector-ons are moved this much earlier (0)
 * @param cleanupGapMs              split failures: two ONs in a row at most this far apart get an OFF at the second ON (2,000 ms)
 * @param redWindowMs               split failures: the red window after begin red clearance (5 s)
 * @param greenOccupancyThreshold   split failures: green occupancy threshold (0.80, inclusive)
 * @param redOccupancyThreshold     split failures: red occupancy threshold (0.80, inclusive)
 * @param saturationFlowVphpl       degree of saturation: saturation flow per lane (1,800 veh/h/lane)
 * @param maxWaitMs                 the longest a result waits for data that decides it (5 min):
 *                                  <ul>
 *                                  <li>approach delay: a bin's row is emitted when all its arrivals on red have met
 *                                  their next begin green, or at the latest at bin end + travel time + maxWait, where
 *                                  the arrivals still waiting are counted with their delay up to that deadline;</li>
 *                                  <li>split failures: the detector clean-up rules are retroactive (an OFF half-way
 *                                  between two ONs is only known at the second ON), so occupancy is integrated only up
 *                                  to the time each presence channel's state is certain; a channel silent for longer is
 *                                  assumed to keep its state once maxWait has passed;</li>
 *                                  <li>split failures: a cycle is final at the phase's next begin green (the reference
 *                                  checks its events up to there), or maxWait after its red window ended.</li>
 *                                  </ul>
 */
public record MeasureSettings(
        long binMs,
        long aogLatencyMs,
        long cleanupGapMs,
        long redWindowMs,
        double greenOccupancyThreshold,
        double redOccupancyThreshold,
        double saturationFlowVphpl,
        long maxWaitMs)
        implements Serializable {

    public MeasureSettings {
        if (binMs <= 0) {
            throw new IllegalArgumentException("binMs must be > 0");
        }
        if (aogLatencyMs < 0 || cleanupGapMs < 0 || redWindowMs <= 0 || maxWaitMs < 0) {
            throw new IllegalArgumentException("negative duration in settings");
        }
        if (saturationFlowVphpl <= 0) {
            throw new IllegalArgumentException("saturationFlowVphpl must be > 0");
        }
    }

    public static MeasureSettings defaults() {
        return new MeasureSettings(15 * 60_000L, 0L, 2_000L, 5_000L, 0.80, 0.80, 1_800.0, 5 * 60_000L);
    }

    public MeasureSettings withBinMs(long v) {
        return new MeasureSettings(
                v,
                aogLatencyMs,
                cleanupGapMs,
                redWindowMs,
                greenOccupancyThreshold,
                redOccupancyThreshold,
                saturationFlowVphpl,
                maxWaitMs);
    }

    public MeasureSettings withAogLatencyMs(long v) {
        return new MeasureSettings(
                binMs,
                v,
                cleanupGapMs,
                redWindowMs,
                greenOccupancyThreshold,
                redOccupancyThreshold,
                saturationFlowVphpl,
                maxWaitMs);
    }

    public MeasureSettings withSaturationFlowVphpl(double v) {
        return new MeasureSettings(
                binMs,
                aogLatencyMs,
                cleanupGapMs,
                redWindowMs,
                greenOccupancyThreshold,
                redOccupancyThreshold,
                v,
                maxWaitMs);
    }

    public MeasureSettings withMaxWaitMs(long v) {
        return new MeasureSettings(
                binMs,
                aogLatencyMs,
                cleanupGapMs,
                redWindowMs,
                greenOccupancyThreshold,
                redOccupancyThreshold,
                saturationFlowVphpl,
                v);
    }

    /** Start of the bin containing {@code ts}. */
    public long binStart(long ts) {
        return Math.floorDiv(ts, binMs) * binMs;
    }
}
