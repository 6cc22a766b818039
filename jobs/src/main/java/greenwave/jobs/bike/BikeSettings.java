package greenwave.jobs.bike;

import greenwave.config.GreenwaveConfig;
import java.io.Serializable;

/**
 * The bike job's thresholds, from the {@code bike:} section of the configuration, in milliseconds where they are
 * durations (the job's clock is event time in epoch ms).
 *
 * @param overflowFactor     an overflow's condition: occupancy &gt; capacity × this (strictly)
 * @param openAfterMs        the condition must hold this long before the alarm opens
 * @param closeAfterMs       occupancy ≤ capacity must hold this long before the alarm closes
 * @param deadlineMs         a dispatch task's deadline after it is (re-)issued
 * @param maxEscalationLevel escalation stops at this level, which makes the alarm critical
 * @param reflowEpisodeMs    parks of a blacklisted bike within this long of the episode's first park join it
 * @param gridDeg            disorderly-parking grid cell size, degrees
 * @param snapshotMs         snapshot period (aligned to the epoch, hence to the hour)
 * @param bikeIdleTtlMs      a bike silent this long is forgotten
 * @param blacklistLiftedKeepMs a bike's blacklist history ending in a lift is forgotten this long after the lift;
 *                           a blacklist record arriving more than this behind the watermark is late
 */
public record BikeSettings(
        double overflowFactor,
        long openAfterMs,
        long closeAfterMs,
        long deadlineMs,
        int maxEscalationLevel,
        long reflowEpisodeMs,
        double gridDeg,
        long snapshotMs,
        long bikeIdleTtlMs,
        long blacklistLiftedKeepMs)
        implements Serializable {

    public static BikeSettings of(GreenwaveConfig.Bike bike) {
        return new BikeSettings(
                bike.overflowFactor(),
                bike.overflowOpenAfterS() * 1000L,
                bike.overflowCloseAfterS() * 1000L,
                bike.dispatchDeadlineS() * 1000L,
                bike.maxEscalationLevel(),
                bike.reflowEpisodeS() * 1000L,
                bike.disorderlyGridDeg(),
                bike.snapshotMinutes() * 60_000L,
                bike.bikeIdleTtlS() * 1000L,
                bike.blacklistLiftedKeepS() * 1000L);
    }

    /** The shipped defaults. */
    public static BikeSettings defaults() {
        return of(GreenwaveConfig.defaults().bike());
    }

    /** The first snapshot time at or after {@code ts}: a snapshot at S holds every event with ts ≤ S. */
    public long snapshotAtOrAfter(long ts) {
        return Math.floorDiv(ts + snapshotMs - 1, snapshotMs) * snapshotMs;
    }
}
