package greenwave.schemas;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Which record times ({@code ts}) are plausible: not before 2000-01-01 and not more than {@code maxFuture} ahead of
 * the wall clock when the record is read. A replay of old logs is fine: only the future is bounded. Serializable (the
 * system and fixed clocks are), so a Flink function or timestamp assigner can hold one.
 *
 * @param maxFuture how far ahead of {@code clock} a {@code ts} may be (contract default: 300 s)
 * @param clock     the wall clock; injectable so tests need no sleeps
 */
public record PlausibleTime(Duration maxFuture, Clock clock) implements Serializable {
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofSeconds(300);
    /** The earliest plausible {@code ts}, 2000-01-01T00:00:00Z. */
    public static final long EARLIEST_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    public PlausibleTime {
        if (maxFuture == null || maxFuture.isNegative() || clock == null) {
            throw new IllegalArgumentException("maxFuture must be >= 0 and clock set");
        }
    }

    /** The contract default: 300 s ahead of the system clock. */
    public static PlausibleTime defaults() {
        return new PlausibleTime(DEFAULT_MAX_FUTURE, Clock.systemUTC());
    }

    /** True when {@code tsMs} is plausible now. */
    public boolean accepts(long tsMs) {
        return reasonAgainst(tsMs) == null;
    }

    /** Why {@code tsMs} is implausible now, naming the field, or null when it is plausible. */
    public String reasonAgainst(long tsMs) {
        return reasonAgainst("ts", tsMs);
    }

    /** Why the time {@code tsMs} of the record's top-level {@code field} is implausible now, or null. */
    public String reasonAgainst(String field, long tsMs) {
        if (tsMs < EARLIEST_MS) {
            return "$." + field + ": implausible, " + tsMs + " is before 2000-01-01T00:00:00Z";
        }
        long now = clock.millis();
        // Compared as a difference: a ts near Long.MAX_VALUE must not overflow into the past.
        if (tsMs - now > maxFuture.toMillis()) {
            return "$." + field + ": implausible, " + Instant.ofEpochMilli(tsMs) + " is more than "
                    + maxFuture.toSeconds() + " s ahead of the wall clock (" + Instant.ofEpochMilli(now) + ")";
        }
        return null;
    }
}
