package greenwave.jobs.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import greenwave.jobs.common.EventTime;
import greenwave.jobs.common.RawRecord;
import greenwave.schemas.PlausibleTime;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the plan-ack job's two inputs, assigned at the source (per Kafka partition, as every job does): a
 * plan's time is its {@code issued_at}, an ack's its {@code ts}.
 */
public final class PlanAckEventTime {
    private static final JsonFactory JSON = new JsonFactory();

    private PlanAckEventTime() {}

    /** Raw {@code signal.timing-plans} records, timed by {@code issued_at}. */
    public static WatermarkStrategy<RawRecord> plans(Duration maxOutOfOrderness, Duration idleness) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner(
                        (SerializableTimestampAssigner<RawRecord>) (r, previous) -> longField(r.value(), "issued_at"))
                .withIdleness(idleness);
    }

    /** Raw {@code signal.plan-acks} records, timed by {@code ts}. */
    public static WatermarkStrategy<RawRecord> acks(
            Duration maxOutOfOrderness, Duration idleness, PlausibleTime plausible) {
        return EventTime.boundedOutOfOrderness(maxOutOfOrderness, idleness, plausible);
    }

    /** A top-level integer field of a JSON object, or {@link Long#MIN_VALUE} (no event time) when there is none. */
    static long longField(byte[] json, String field) {
        if (json == null) {
            return Long.MIN_VALUE;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name)) {
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
