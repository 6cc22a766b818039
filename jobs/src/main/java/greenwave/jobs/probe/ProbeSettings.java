package greenwave.jobs.probe;

import java.io.Serializable;

/**
 * Thresholds of the probe-vehicle measures (spec measures.md §1 "Control delay from probe vehicles"). The spec's
 * numbers are the defaults ({@link #DEFAULTS}); the others are this implementation's choices, documented on
 * {@link ApproachMatcher} and {@link VehicleTraversalEngine}.
 *
 * @param laneWidthM          width of one lane, m (zone width = lanes × lane width + 2 × GPS margin)
 * @param gpsMarginM          GPS margin added on each side of the zone, m
 * @param headingToleranceDeg a moving vehicle's heading must be within this of the approach bearing, degrees (spec: 45)
 * @param stopSpeedMps        below this a vehicle is stopped, m/s (spec: 1.5)
 * @param moveSpeedMps        above this a vehicle is moving, m/s; a stop counts only after it (spec: 3)
 * @param maxGapS             two consecutive samples further apart than this are not interpolated between: an open
 *                            traversal is abandoned and no entry / crossing / link is formed across the gap, s
 * @param maxLinkTravelS      a stop-bar-to-stop-bar time longer than this is not a link travel time (the vehicle
 *                            stopped somewhere on the way), s
 */
public record ProbeSettings(
        double laneWidthM,
        double gpsMarginM,
        double headingToleranceDeg,
        double stopSpeedMps,
        double moveSpeedMps,
        double maxGapS,
        double maxLinkTravelS)
        implements Serializable {

    public static final ProbeSettings DEFAULTS = new ProbeSettings(3.5, 8.0, 45.0, 1.5, 3.0, 120.0, 900.0);

    public ProbeSettings {
        if (!(laneWidthM > 0)
                || !(gpsMarginM >= 0)
                || !(headingToleranceDeg > 0 && headingToleranceDeg <= 180)
                || !(stopSpeedMps > 0)
                || !(moveSpeedMps >= stopSpeedMps)
                || !(maxGapS > 0)
                || !(maxLinkTravelS > 0)) {
            throw new IllegalArgumentException("invalid probe settings " + this);
        }
    }
}
