package greenwave.jobs.bike;

import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;

/**
 * A reference-data update for the per-bike operator's broadcast state: a zone (from {@code zones.json} or
 * {@code bike.zones}), a blacklist record (from {@code bike.blacklist}), or the latest event time seen by one
 * instance of the decoded events ({@link DataEnd}); exactly one is set.
 */
public record BikeReference(BikeZone zone, BlacklistEntry blacklist, Long dataEnd) {
    public static BikeReference of(BikeZone zone) {
        return new BikeReference(zone, null, null);
    }

    public static BikeReference of(BlacklistEntry entry) {
        return new BikeReference(null, entry, null);
    }

    public static BikeReference dataEnd(long latestEventTs) {
        return new BikeReference(null, null, latestEventTs);
    }
}
