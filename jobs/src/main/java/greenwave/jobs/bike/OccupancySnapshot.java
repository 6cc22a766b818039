package greenwave.jobs.bike;

import java.util.Map;

/**
 * A zone's occupancy at a snapshot time (every {@code bike.snapshot_minutes}): the state after every event with
 * ts ≤ {@code snapshotTs}.
 *
 * @param zoneId     zone
 * @param snapshotTs snapshot time, epoch ms
 * @param capacity   capacity then (−1 if the zone's record has not been seen)
 * @param occupancy  bikes in the zone, all operators
 * @param byOperator bikes per operator (operators with at least one bike)
 * @param overflow   an overflow alarm is open
 */
public record OccupancySnapshot(
        String zoneId,
        long snapshotTs,
        int capacity,
        int occupancy,
        Map<String, Integer> byOperator,
        boolean overflow) {}
