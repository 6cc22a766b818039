package greenwave.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventTimeTest {
    private static long ts(String json) {
        return EventTime.tsOf(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTopLevelTs() {
        assertThat(ts("{\"device_id\":\"227\",\"ts\":1715612400100,\"code\":82}"))
                .isEqualTo(1715612400100L);
        assertThat(ts("{\"details\":{\"ts\":5},\"list\":[1,{\"ts\":6}],\"ts\":7}"))
                .isEqualTo(7L);
    }

    @Test
    void recordsWithoutAReadableTsNeverMoveTheWatermark() {
        for (String bad : new String[] {
            null,
            "",
            "not json",
            "[1,2]",
            "{\"ts\":\"1715612400100\"}",
            "{\"ts\":1.5}",
            "{\"device_id\":\"227\"}",
            "{\"ts\":"
        }) {
            assertThat(ts(bad)).as(String.valueOf(bad)).isEqualTo(Long.MIN_VALUE);
        }
    }
}
