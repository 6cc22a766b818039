package greenwave.jobs.bike;

import greenwave.schemas.BikeZone;

/**
 * What the per-zone operator reads, keyed by zone: a bike's occupancy delta, or the zone's record (its capacity);
 * exactly one is set. One keyed input for both leaves the operator's second input to the data's end ({@link DataEnd}).
 */
public record ZoneInput(PlaceDelta delta, BikeZone zone) {
    public static ZoneInput of(PlaceDelta delta) {
        return new ZoneInput(delta, null);
    }

    public static ZoneInput of(BikeZone zone) {
        return new ZoneInput(null, zone);
    }

    public String zoneId() {
        return delta != null ? delta.place() : zone.zoneId();
    }
}
