package greenwave.jobs.bike;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Deterministic ids: the same alarm or episode gets the same id on every run and after a restart, so a re-sent
 * task or alert record is recognisably the same one.
 */
public final class BikeIds {
    private static final DateTimeFormatter COMPACT_UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BikeIds() {}

    static String time(long ts) {
        return COMPACT_UTC.format(Instant.ofEpochMilli(ts));
    }

    /** An overflow alarm of {@code zoneId} opened at {@code openedAt}. */
    public static String overflowAlarm(String zoneId, long openedAt) {
        return "overflow-" + zoneId + "-" + time(openedAt);
    }

    /** One operator's remove_bikes task of an overflow alarm. */
    public static String overflowTask(String alarmId, String operator) {
        return alarmId + "-" + operator;
    }

    /** A blacklisted bike's reflow episode starting with the park at {@code firstPark}. */
    public static String reflowAlarm(String bikeId, long firstPark) {
        return "reflow-" + bikeId + "-" + time(firstPark);
    }

    /** The remove_blacklisted task of a reflow episode. */
    public static String reflowTask(String alarmId, String operator) {
        return alarmId + "-" + operator;
    }
}
