package greenwave.jobs.bike;

import greenwave.schemas.BlacklistEntry;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One bike's blacklist records in ts order, to answer "is the bike blacklisted at time t" (its latest record with
 * ts ≤ t is active). Records no event can ask about any more (superseded before the watermark) are dropped; a
 * bike's history is at most its records since the watermark plus the one in force then. A history ending in a lift
 * goes altogether some time after the lift ({@link #liftedBefore}; the per-bike operator decides when).
 */
public final class BlacklistHistory implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sorted by ts; public for Flink's POJO serializer. */
    public List<BlacklistEntry> entries = new ArrayList<>();

    /** The record in force at {@code ts}, or null. */
    public BlacklistEntry at(long ts) {
        BlacklistEntry found = null;
        for (BlacklistEntry e : entries) {
            if (e.ts() <= ts) {
                found = e;
            } else {
                break;
            }
        }
        return found;
    }

    /**
     * Nothing left to answer after {@code ts}: no records, or the latest is a lift made at or before {@code ts}. The
     * bike's history can then go once no record older than that lift can arrive any more.
     */
    public boolean liftedBefore(long ts) {
        if (entries.isEmpty()) {
            return true;
        }
        BlacklistEntry latest = entries.get(entries.size() - 1);
        return !latest.active() && latest.ts() <= ts;
    }

    /** Is the bike blacklisted at {@code ts}? */
    public boolean activeAt(long ts) {
        BlacklistEntry e = at(ts);
        return e != null && e.active();
    }

    /**
     * Adds a record (a redelivered one replaces its equal) and drops the records no event after {@code watermark} can
     * see any more (older than the one in force at the watermark). A lifted record is kept even when it is all that
     * is left: the records of one bike may arrive in any order, and an older "active" arriving after it must still
     * be overruled.
     */
    public void add(BlacklistEntry entry, long watermark) {
        entries.removeIf(e -> e.ts() == entry.ts());
        entries.add(entry);
        entries.sort(Comparator.comparingLong(BlacklistEntry::ts));
        BlacklistEntry inForce = at(watermark);
        if (inForce != null) {
            entries.removeIf(e -> e.ts() < inForce.ts());
        }
    }
}
