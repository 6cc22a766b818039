package greenwave.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlanIdsTest {
    @Test
    void theIdNamesCorridorPeriodStartInUtcAndDevice() {
        long start = Instant.parse("2024-05-13T15:15:00Z").toEpochMilli();
        assertThat(PlanIds.planId("c1", start, "227")).isEqualTo("c1-20240513T1515-227");
        assertThat(PlanIds.planId("c1", start, "227")).isEqualTo(PlanIds.planId("c1", start, "227"));
        assertThat(PlanIds.planId("c1", start + 15 * 60_000, "227")).isEqualTo("c1-20240513T1530-227");
    }
}
