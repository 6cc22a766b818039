package greenwave.jobs.common;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.Decoded;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw records with the wire contract. A record that does not fit goes to the {@link #DEAD_LETTERS} side
 * output with its reason and coordinates; the job carries on.
 */
public final class ContractDecoder<T> extends ProcessFunction<RawRecord, T> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    private final Contract contract;
    private final Class<T> type;
    private transient ContractCodec codec;
    private transient Counter deadLetters;

    public ContractDecoder(Contract contract, Class<T> type) {
        this.contract = contract;
        this.type = type;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = ContractCodec.shared();
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        Decoded<T> decoded = codec.decode(contract, payload, type);
        if (decoded.ok()) {
            out.collect(decoded.value());
        } else {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(record.topic(), record.partition(), record.offset(),
                    record.timestamp(), decoded.error(), payload));
        }
    }
}
