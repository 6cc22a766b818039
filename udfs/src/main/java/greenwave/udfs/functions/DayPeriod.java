package greenwave.udfs.functions;

import greenwave.udfs.time.TimeBuckets;
import java.time.Instant;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code DAY_PERIOD(ts BIGINT, time_zone STRING) -> STRING} and {@code DAY_PERIOD(t TIMESTAMP_LTZ(3), time_zone STRING)
 * -> STRING}: the time-of-day period in that zone, 'am_peak' [06:00, 09:00), 'midday' [09:00, 15:00), 'pm_peak'
 * [15:00, 19:00), 'evening' [19:00, 22:00) or 'night' ({@link TimeBuckets#dayPeriod}). NULL when an argument is NULL
 * or the zone is unknown.
 */
public class DayPeriod extends ScalarFunction {
    public String eval(Long ts, String timeZone) {
        return ts == null || timeZone == null ? null : TimeBuckets.dayPeriod(ts, timeZone);
    }

    public String eval(@DataTypeHint("TIMESTAMP_LTZ(3)") Instant t, String timeZone) {
        return t == null || timeZone == null ? null : TimeBuckets.dayPeriod(t.toEpochMilli(), timeZone);
    }
}
