package greenwave.jobs.bike;

import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;

/**
 * A reference-data update for the per-bike operator's broadcast state: a zone (from {@code zones.json} or
 * {@code bike.zones}) or a blacklist record (from {@code bike.blacklist}); exactly one is set.
 */
public record BikeReference(BikeZone zone, BlacklistEntry blacklist) {
    public static BikeReference of(BikeZone zone) {
        return new BikeReference(zone, null);
    }

    public static BikeReference of(BlacklistEntry entry) {
        return new BikeReference(null, entry);
    }
}
