package greenwave.udfs.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time-of-day helpers on the contract's time, epoch milliseconds (UTC).
 *
 * <p>Buckets are aligned to the epoch (1970-01-01T00:00Z): a 900-s bucket starts at :00, :15, :30 and :45 of every
 * UTC hour, the same bins as the signal measures; a 1-day bucket starts at midnight UTC.
 *
 * <p>Time-of-day periods, the usual weekday periods of traffic engineering, in local time of a zone, each including
 * its start and excluding its end:
 * <table>
 * <caption>periods</caption>
 * <tr><td>{@code am_peak}</td><td>06:00 – 09:00</td></tr>
 * <tr><td>{@code midday}</td><td>09:00 – 15:00</td></tr>
 * <tr><td>{@code pm_peak}</td><td>15:00 – 19:00</td></tr>
 * <tr><td>{@code evening}</td><td>19:00 – 22:00</td></tr>
 * <tr><td>{@code night}</td><td>22:00 – 06:00</td></tr>
 * </table>
 */
public final class TimeBuckets {
    public static final String AM_PEAK = "am_peak";
    public static final String MIDDAY = "midday";
    public static final String PM_PEAK = "pm_peak";
    public static final String EVENING = "evening";
    public static final String NIGHT = "night";

    private static final int MAX_CACHED_ZONES = 256;
    /** Zone texts seen, valid or not (an invalid one maps to itself as a marker, see {@link #zone}). */
    private static final Map<String, Object> ZONES = new ConcurrentHashMap<>();

    private static final Object INVALID = new Object();

    private TimeBuckets() {}

    /**
     * Start of the bucket of {@code sizeS} seconds holding {@code epochMs}, epoch ms: the largest multiple of the size
     * not after the time (floor, so -1 ms lies in the bucket that starts one size before the epoch).
     *
     * @return the bucket start; null when {@code sizeS} is not positive or the start would be before the earliest
     *         representable time
     */
    public static Long bucketStartMs(long epochMs, int sizeS) {
        if (sizeS <= 0) {
            return null;
        }
        long sizeMs = sizeS * 1000L;
        long start = epochMs - Math.floorMod(epochMs, sizeMs);
        return start <= epochMs ? start : null; // overflowed below Long.MIN_VALUE
    }

    /**
     * The time-of-day period (see the class comment) of an instant in a time zone.
     *
     * @param zone an IANA time-zone id such as {@code Europe/Berlin} (also {@code UTC} or an offset {@code +01:00})
     * @return one of {@link #AM_PEAK}, {@link #MIDDAY}, {@link #PM_PEAK}, {@link #EVENING}, {@link #NIGHT}; null when
     *         the zone is unknown
     */
    public static String dayPeriod(long epochMs, String zone) {
        ZoneId id = zone(zone);
        if (id == null) {
            return null;
        }
        LocalTime t = Instant.ofEpochMilli(epochMs).atZone(id).toLocalTime();
        int hour = t.getHour();
        if (hour >= 6 && hour < 9) {
            return AM_PEAK;
        } else if (hour >= 9 && hour < 15) {
            return MIDDAY;
        } else if (hour >= 15 && hour < 19) {
            return PM_PEAK;
        } else if (hour >= 19 && hour < 22) {
            return EVENING;
        }
        return NIGHT;
    }

    /** The zone of an id, or null when it is unknown; ids are remembered so a query parses each once. */
    static ZoneId zone(String id) {
        if (id == null) {
            return null;
        }
        Object known = ZONES.get(id);
        if (known == null) {
            try {
                known = ZoneId.of(id);
            } catch (DateTimeException unknown) {
                known = INVALID;
            }
            if (ZONES.size() < MAX_CACHED_ZONES) {
                ZONES.put(id, known);
            }
        }
        return known == INVALID ? null : (ZoneId) known;
    }
}
