package greenwave.jobs.common;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.Decoded;
import greenwave.schemas.PlausibleTime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw records with the wire contract. A record that does not fit goes to the {@link #DEAD_LETTERS} side
 * output with its reason and coordinates; the job carries on. A record's {@code ts} must be plausible
 * ({@link PlausibleTime}, from {@code input.max_future_s}) when it is decoded.
 */
public final class ContractDecoder<T> extends ProcessFunction<RawRecord, T> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    private final Contract contract;
    private final Class<T> type;
    private final PlausibleTime plausible;
    private transient ContractCodec codec;
    private transient Counter deadLetters;

    public ContractDecoder(Contract contract, Class<T> type, PlausibleTime plausible) {
        this.contract = contract;
        this.type = type;
        this.plausible = plausible;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = ContractCodec.shared();
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        Decoded<T> decoded = codec.decode(contract, payload, type, plausible);
        if (decoded.ok() && ctx.timestamp() != null && ctx.timestamp() == Long.MIN_VALUE) {
            // The source's timestamp assigner (EventTime) found the ts implausible a moment ago, by the same rule:
            // the record has no event time, so it cannot go on as if valid.
            decoded = Decoded.failure("$.ts: implausible when read (no event time at the source)");
        }
        if (decoded.ok()) {
            out.collect(decoded.value());
        } else {
            deadLetters.inc();
            // a record without value (a tombstone) keeps its null payload: no value, not an empty one
            ctx.output(DEAD_LETTERS, DeadLetter.of(record.topic(), record.partition(), record.offset(),
                    record.timestamp(), decoded.error(), record.value()));
        }
    }
}
