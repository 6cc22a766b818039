package greenwave.udfs.time;

import static greenwave.udfs.time.TimeBuckets.bucketStartMs;
import static greenwave.udfs.time.TimeBuckets.dayPeriod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBucketsTest {

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void bucketsAreFlooredToMultiplesOfTheSize() {
        // 2024-05-13T15:07:42.123Z in 15-minute bins starts at 15:00, the signal measures' bin
        assertThat(bucketStartMs(ms("2024-05-13T15:07:42.123Z"), 900)).isEqualTo(ms("2024-05-13T15:00:00Z"));
        assertThat(bucketStartMs(ms("2024-05-13T15:15:00Z"), 900)).isEqualTo(ms("2024-05-13T15:15:00Z"));
        assertThat(bucketStartMs(ms("2024-05-13T15:14:59.999Z"), 900)).isEqualTo(ms("2024-05-13T15:00:00Z"));
        assertThat(bucketStartMs(ms("2024-05-13T15:07:42.123Z"), 86_400)).isEqualTo(ms("2024-05-13T00:00:00Z"));
        assertThat(bucketStartMs(0, 60)).isEqualTo(0L);
    }

    @Test
    void negativeTimesFloorTowardsMinusInfinity() {
        assertThat(bucketStartMs(-1, 900)).isEqualTo(-900_000L);
        assertThat(bucketStartMs(-900_000, 900)).isEqualTo(-900_000L);
        assertThat(bucketStartMs(-900_001, 900)).isEqualTo(-1_800_000L);
    }

    @Test
    void badSizesAndOverflowAreNull() {
        assertThat(bucketStartMs(1000, 0)).isNull();
        assertThat(bucketStartMs(1000, -60)).isNull();
        assertThat(bucketStartMs(Long.MIN_VALUE, 7)).isNull();
    }

    @Test
    void dayPeriodsInLocalTime() {
        // Europe/Berlin is UTC+2 in May: local 05:59:59.999 is 03:59:59.999Z
        String berlin = "Europe/Berlin";
        assertThat(dayPeriod(ms("2024-05-13T03:59:59.999Z"), berlin)).isEqualTo("night");
        assertThat(dayPeriod(ms("2024-05-13T04:00:00Z"), berlin)).isEqualTo("am_peak"); // 06:00
        assertThat(dayPeriod(ms("2024-05-13T06:59:59.999Z"), berlin)).isEqualTo("am_peak");
        assertThat(dayPeriod(ms("2024-05-13T07:00:00Z"), berlin)).isEqualTo("midday"); // 09:00
        assertThat(dayPeriod(ms("2024-05-13T12:59:59Z"), berlin)).isEqualTo("midday");
        assertThat(dayPeriod(ms("2024-05-13T13:00:00Z"), berlin)).isEqualTo("pm_peak"); // 15:00
        assertThat(dayPeriod(ms("2024-05-13T17:00:00Z"), berlin)).isEqualTo("evening"); // 19:00
        assertThat(dayPeriod(ms("2024-05-13T20:00:00Z"), berlin)).isEqualTo("night"); // 22:00
        assertThat(dayPeriod(ms("2024-05-13T22:30:00Z"), berlin)).isEqualTo("night"); // 00:30 next day
        // the same instant is another period elsewhere: 07:00Z is 07:00 in UTC, 15:00 in Shanghai
        assertThat(dayPeriod(ms("2024-05-13T07:00:00Z"), "UTC")).isEqualTo("am_peak");
        assertThat(dayPeriod(ms("2024-05-13T07:00:00Z"), "Asia/Shanghai")).isEqualTo("pm_peak");
        assertThat(dayPeriod(ms("2024-05-13T07:00:00Z"), "+01:00")).isEqualTo("am_peak");
        // winter time: Berlin is UTC+1 in January, 05:30Z is 06:30
        assertThat(dayPeriod(ms("2024-01-15T05:30:00Z"), berlin)).isEqualTo("am_peak");
    }

    @Test
    void unknownZoneIsNull() {
        assertThat(dayPeriod(0, "Mars/Olympus_Mons")).isNull();
        assertThat(dayPeriod(0, "")).isNull();
        assertThat(dayPeriod(0, null)).isNull();
        assertThat(dayPeriod(0, "Mars/Olympus_Mons")).isNull(); // remembered, still null
    }
}
