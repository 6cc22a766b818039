package greenwave.jobs.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import greenwave.schemas.PlausibleTime;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time, assigned where records enter: at the source, so a Kafka source tracks a watermark per partition and
 * one partition read ahead of another never makes the other's records late. The time is the record's own
 * {@code ts} (contract: epoch ms), read from the raw JSON; a record without a readable, plausible {@code ts} (it will
 * be dead-lettered: {@link ContractDecoder} applies the same {@link PlausibleTime}) gets no event time of its own and
 * never moves the watermark, so one record from the far future cannot make a partition's later records late.
 */
public final class EventTime {
    private static final JsonFactory JSON = new JsonFactory();

    private EventTime() {}

    /**
     * Watermarks that trail the largest plausible {@code ts} seen by {@code maxOutOfOrderness}, per source split.
     */
    public static WatermarkStrategy<RawRecord> boundedOutOfOrderness(
            Duration maxOutOfOrderness, Duration idleness, PlausibleTime plausible) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((SerializableTimestampAssigner<RawRecord>) (r, previous) -> {
                    long ts = tsOf(r.value());
                    return ts != Long.MIN_VALUE && plausible.accepts(ts) ? ts : Long.MIN_VALUE;
                })
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
