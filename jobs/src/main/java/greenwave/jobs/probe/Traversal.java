package greenwave.jobs.probe;

import java.io.Serializable;

/**
 * One vehicle's traversal of an approach's delay zone (spec measures.md §1): it entered the zone
 * ({@code zone_length_m} upstream of the stop bar) at {@code entryTs} and crossed the stop bar at {@code stopbarTs},
 * both interpolated linearly between the samples around them (epoch ms, rounded to the millisecond).
 *
 * @param approachId approach ({@code approach_id} of network.json)
 * @param deviceId   its intersection's controller
 * @param vehicleId  the probe vehicle
 * @param entryTs    zone entry, epoch ms
 * @param stopbarTs  stop-bar crossing, epoch ms; the traversal belongs to this time's bin
 * @param delayS     control delay = traversal time − zone_length_m / speed_limit_mps, floored at 0, s
 * @param stops      times the speed fell below 1.5 m/s after being above 3 m/s within the traversal
 * @param queueM     farthest distance upstream of the stop bar at which the vehicle was stopped (speed &lt; 1.5 m/s),
 *                   m; null when it never stopped
 */
public record Traversal(
        String approachId,
        String deviceId,
        String vehicleId,
        long entryTs,
        long stopbarTs,
        double delayS,
        int stops,
        Double queueM)
        implements Serializable {}
