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
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final Contract contract;
    private final Class<T> type;
    private final PlausibleTime plausible;
    private transient Counter deadLetters;

    public ContractDecoder(Contract contract, Class<T> type, PlausibleTime plausible) {
        this.contract = contract;
        this.type = type;
        this.plausible = plausible;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        Decoded<T> decoded = decode(contract, type, plausible, record, ctx.timestamp());
        if (decoded.ok()) {
            out.collect(decoded.value());
        } else {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, deadLetter(record, decoded.error(), plausible));
        }
    }

    /**
     * Decodes one record with the contract; {@code timestamp} is the record's event time as the source assigned it
     * (null when it has none), {@link Long#MIN_VALUE} meaning the source found its ts implausible.
     */
    public static <T> Decoded<T> decode(
            Contract contract, Class<T> type, PlausibleTime plausible, RawRecord record, Long timestamp) {
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        Decoded<T> decoded = ContractCodec.shared().decode(contract, payload, type, plausible);
        if (decoded.ok() && timestamp != null && timestamp == Long.MIN_VALUE) {
            // The source's timestamp assigner (EventTime) found the ts implausible a moment ago, by the same rule:
            // the record has no event time, so it cannot go on as if valid.
            decoded = Decoded.failure("$.ts: implausible when read (no event time at the source)");
        }
        return decoded;
    }

    /**
     * The dead letter of {@code record}, with its coordinates and {@code reason}, stamped with the time it is rejected
     * (the wall clock of {@code now}, as the contract asks: when, not the record's own time); a record without value
     * (a tombstone) keeps its null payload: no value, not an empty one.
     */
    public static DeadLetter deadLetter(RawRecord record, String reason, PlausibleTime now) {
        return DeadLetter.of(
                record.topic(), record.partition(), record.offset(), now.clock().millis(), reason, record.value());
    }
}
