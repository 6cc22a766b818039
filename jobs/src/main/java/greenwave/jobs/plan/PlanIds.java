package greenwave.jobs.plan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Deterministic plan ids: the same corridor, period and device always give the same id, so a plan is never sent twice. */
public final class PlanIds {
    private static final DateTimeFormatter PERIOD =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    private PlanIds() {}

    /** Deterministic plan id, e.g. "c1-20240513T1515-227" for the period starting 2024-05-13 15:15 UTC. */
    public static String planId(String corridorId, long periodStartMs, String deviceId) {
        return corridorId + "-" + PERIOD.format(Instant.ofEpochMilli(periodStartMs)) + "-" + deviceId;
    }
}
