package greenwave.jobs.bike;

import greenwave.jobs.common.DataEnd;
import greenwave.schemas.BikeZone;

/**
 * What the per-zone operator reads, keyed by zone: a bike's occupancy delta, the zone's record (its capacity), or
 * the zone's deletion (a tombstone on {@code bike.zones}); exactly one is set. One keyed input for all leaves the
 * operator's second input to the data's end ({@link DataEnd}).
 */
public record ZoneInput(PlaceDelta delta, BikeZone zone, String deletedZone) {
    public static ZoneInput of(PlaceDelta delta) {
        return new ZoneInput(delta, null, null);
    }

    public static ZoneInput of(BikeZone zone) {
        return new ZoneInput(null, zone, null);
    }

    public static ZoneInput deleted(String zoneId) {
        return new ZoneInput(null, null, zoneId);
    }

    /** The zone's record or its deletion, from a zone reference update. */
    public static ZoneInput of(BikeReference zoneChange) {
        return zoneChange.zone() != null ? of(zoneChange.zone()) : deleted(zoneChange.deletedZone());
    }

    public String zoneId() {
        if (delta != null) {
            return delta.place();
        }
        return zone != null ? zone.zoneId() : deletedZone;
    }
}
