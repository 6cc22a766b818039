package greenwave.jobs.probe;

import java.io.Serializable;

/**
 * One vehicle's stop-bar-to-stop-bar trip between consecutive intersections of a corridor in one direction: it crossed
 * {@code fromDevice}'s stop bar (of the approach serving the direction) at {@code fromTs} and then, with no other stop
 * bar crossed in between, {@code toDevice}'s at {@code toTs}.
 *
 * @param corridorId corridor
 * @param direction  the direction's name, e.g. {@code EB} (the corridor's outbound or inbound {@code direction})
 * @param fromDevice upstream intersection
 * @param toDevice   downstream intersection
 * @param vehicleId  the probe vehicle
 * @param fromTs     stop-bar crossing at {@code fromDevice}, epoch ms
 * @param toTs       stop-bar crossing at {@code toDevice}, epoch ms; the trip belongs to this time's bin
 * @param travelS    {@code toTs − fromTs} in seconds (from the unrounded crossing times)
 * @param runningS   {@code travelS} minus the vehicle's control delay on {@code toDevice}'s approach (the time it
 *                   would have needed had the downstream signal not held it); {@code travelS} when that traversal
 *                   was not measured (entered its zone unseen)
 */
public record LinkTravel(
        String corridorId,
        String direction,
        String fromDevice,
        String toDevice,
        String vehicleId,
        long fromTs,
        long toTs,
        double travelS,
        double runningS)
        implements Serializable {}
