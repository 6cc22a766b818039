package greenwave.jobs.bike;

import java.util.TreeMap;

/**
 * What the job remembers of one zone (keyed state): capacity, occupancy per operator, the conditions being timed and
 * the open overflow alarm with its tasks. A mutable POJO with public fields for Flink's POJO serializer.
 */
public final class ZoneState {
    public static final long NONE = Long.MIN_VALUE;

    /** Capacity from the zone's latest record; −1 until one is seen. */
    public int capacity = -1;
    /** Bikes per operator (operators with at least one), sorted for stable output. */
    public TreeMap<String, Integer> byOperator = new TreeMap<>();
    /** All bikes in the zone. */
    public int total;

    /** Since when occupancy &gt; capacity × factor has held (no alarm open), or {@link #NONE}. */
    public long highSince = NONE;
    /** Since when occupancy ≤ capacity has held (alarm open), or {@link #NONE}. */
    public long lowSince = NONE;

    /** The open overflow alarm's id, or null. */
    public String alarmId;

    public long openedAt = NONE;
    /** Escalation level of the alarm's tasks. */
    public int level;
    /** The tasks' current deadline. */
    public long deadline = NONE;

    public String severity;
    /** The alarm's remove_bikes tasks: operator → count, as issued at opened_at. */
    public TreeMap<String, Integer> tasks = new TreeMap<>();

    /** The next snapshot's time, or {@link #NONE} when none is due (empty zone, no alarm). */
    public long nextSnapshot = NONE;

    public ZoneState() {}

    boolean alarmOpen() {
        return alarmId != null;
    }
}
