package greenwave.udfs.functions;

import greenwave.udfs.time.TimeBuckets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code TIME_BUCKET(ts BIGINT, size_s INT) -> BIGINT}, {@code TIME_BUCKET(t TIMESTAMP_LTZ(3), size_s INT) ->
 * TIMESTAMP_LTZ(3)} and {@code TIME_BUCKET(t TIMESTAMP(3), size_s INT) -> TIMESTAMP(3)}: the start of the bucket of
 * {@code size_s} seconds holding the time ({@link TimeBuckets#bucketStartMs}, floor). Epoch ms and TIMESTAMP_LTZ
 * buckets are aligned to the epoch in UTC; TIMESTAMP (a wall-clock time without zone) buckets to the wall clock's
 * midnight. NULL when an argument is NULL or {@code size_s} ≤ 0.
 */
public class TimeBucket extends ScalarFunction {
    public Long eval(Long ts, Integer sizeS) {
        return ts == null || sizeS == null ? null : TimeBuckets.bucketStartMs(ts, sizeS);
    }

    public @DataTypeHint("TIMESTAMP_LTZ(3)") Instant eval(@DataTypeHint("TIMESTAMP_LTZ(3)") Instant t, Integer sizeS) {
        if (t == null || sizeS == null) {
            return null;
        }
        Long start = TimeBuckets.bucketStartMs(t.toEpochMilli(), sizeS);
        return start == null ? null : Instant.ofEpochMilli(start);
    }

    public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval(
            @DataTypeHint("TIMESTAMP(3)") LocalDateTime t, Integer sizeS) {
        if (t == null || sizeS == null) {
            return null;
        }
        Long start = TimeBuckets.bucketStartMs(t.toInstant(ZoneOffset.UTC).toEpochMilli(), sizeS);
        return start == null
                ? null
                : LocalDateTime.ofEpochSecond(
                        Math.floorDiv(start, 1000), (int) Math.floorMod(start, 1000) * 1_000_000, ZoneOffset.UTC);
    }
}
