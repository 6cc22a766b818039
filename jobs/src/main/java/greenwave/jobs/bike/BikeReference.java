package greenwave.jobs.bike;

import greenwave.jobs.common.DataEnd;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;

/**
 * A reference-data update for the per-bike operator's broadcast state: a zone (from {@code zones.json} or
 * {@code bike.zones}), a blacklist record (from {@code bike.blacklist}), the latest event time seen by one
 * instance of the decoded events ({@link DataEnd}), a deleted zone (a tombstone on {@code bike.zones}, its key) or
 * a bike taken off the blacklist altogether (a tombstone on {@code bike.blacklist}, its key); exactly one is set.
 */
public record BikeReference(
        BikeZone zone, BlacklistEntry blacklist, Long dataEnd, String deletedZone, String delistedBike) {
    public static BikeReference of(BikeZone zone) {
        return new BikeReference(zone, null, null, null, null);
    }

    public static BikeReference of(BlacklistEntry entry) {
        return new BikeReference(null, entry, null, null, null);
    }

    public static BikeReference dataEnd(long latestEventTs) {
        return new BikeReference(null, null, latestEventTs, null, null);
    }

    public static BikeReference zoneDeleted(String zoneId) {
        return new BikeReference(null, null, null, zoneId, null);
    }

    public static BikeReference delisted(String bikeId) {
        return new BikeReference(null, null, null, null, bikeId);
    }
}
