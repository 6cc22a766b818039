package greenwave.jobs.bike;

/**
 * One bike arriving at (+1) or leaving (−1) a place: a zone, or a disorderly-parking grid cell. The per-bike
 * operator emits them; the per-place operators apply them in event-time order.
 *
 * @param place    zone id, or grid cell id ({@link GridCell})
 * @param operator the bike's operator
 * @param delta    +1 or −1
 * @param park     the change is a {@code park} event at this place (cells count parks as well as bikes)
 * @param ts       event time, epoch ms
 * @param bikeId   the bike
 */
public record PlaceDelta(String place, String operator, int delta, boolean park, long ts, String bikeId) {}
