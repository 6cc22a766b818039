package greenwave.jobs.bike;

/**
 * What the job remembers of one bike (keyed state): where it is counted and its open reflow episode. A mutable POJO
 * with public fields, so Flink's POJO serializer stores it compactly (strings and longs, no class names).
 */
public final class BikeState {
    /** No episode / no timer. */
    public static final long NONE = Long.MIN_VALUE;

    /** The operator the bike is counted under. */
    public String operator;
    /** The zone the bike is in, or null. */
    public String zoneId;
    /** The disorderly-parking grid cell the bike is parked in (outside every zone), or null. */
    public String cellId;
    /** ts of its latest event. */
    public long lastSeenTs = NONE;
    /** The event-time timer that forgets the bike, or {@link #NONE}. */
    public long ttlTimer = NONE;
    /** First park of the open blacklisted-reflow episode, or {@link #NONE}. */
    public long episodeStart = NONE;

    public BikeState() {}
}
