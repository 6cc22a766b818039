package greenwave.jobs.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.io.IOException;
import java.time.Duration;

/**
 * Event time, assigned where records enter: at the source, so a Kafka source tracks a watermark per partition and
 * one partition read ahead of another never makes the other's records late. The time is the record's own
 * {@code ts} (contract: epoch ms), read from the raw JSON; a record without a readable {@code ts} (it will be
 * dead-lettered) gets no event time of its own and never moves the watermark.
 */
public final class EventTime {
    private static final JsonFactory JSON = new JsonFactory();

    private EventTime() {
    }

    /** Watermarks that trail the largest {@code ts} seen by {@code maxOutOfOrderness}, per source split. */
    public static WatermarkStrategy<RawRecord> boundedOutOfOrderness(Duration maxOutOfOrderness, Duration idleness) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((SerializableTimestampAssigner<RawRecord>) (r, previous) -> tsOf(r.value()))
                .withIdleness(idleness);
    }

    /** The top-level integer {@code ts} of a JSON object, or {@link Long#MIN_VALUE} when there is none. */
    static long tsOf(byte[] json) {
        if (json == null) {
            return Long.MIN_VALUE;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("ts".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                }
                p.skipChildren();
            }
            return Long.MIN_VALUE;
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
