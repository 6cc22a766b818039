package greenwave.jobs.bike;

import greenwave.jobs.common.ContractDecoder;
import greenwave.jobs.common.RawRecord;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;
import greenwave.schemas.Contract;
import greenwave.schemas.Decoded;
import greenwave.schemas.PlausibleTime;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes a compacted reference topic of the bike job ({@code bike.zones} or {@code bike.blacklist}) into
 * {@link BikeReference}s, records and tombstones alike, in one operator so that a deletion and a later record of the
 * same key keep their order. A record is decoded with the contract ({@link ContractDecoder}); a tombstone (null value)
 * deletes its key: the zone, or every blacklist record of the bike. A tombstone whose key is missing, empty or not
 * UTF-8 names nothing and goes to the dead letters ({@link ContractDecoder#DEAD_LETTERS}) with its reason.
 */
public final class BikeReferenceDecoder extends ProcessFunction<RawRecord, BikeReference> {
    private final Contract contract;
    private final PlausibleTime plausible;
    private transient Counter deadLetters;

    public BikeReferenceDecoder(Contract contract, PlausibleTime plausible) {
        if (contract != Contract.BIKE_ZONES && contract != Contract.BIKE_BLACKLIST) {
            throw new IllegalArgumentException("not a bike reference topic: " + contract);
        }
        this.contract = contract;
        this.plausible = plausible;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<BikeReference> out) {
        if (record.value() == null) {
            String key = key(record.key());
            if (key == null) {
                deadLetters.inc();
                ctx.output(
                        ContractDecoder.DEAD_LETTERS,
                        ContractDecoder.deadLetter(
                                record,
                                "tombstone without a valid key (missing, empty or not UTF-8)" + ": it names no "
                                        + (contract == Contract.BIKE_ZONES ? "zone" : "bike"),
                                plausible));
            } else {
                out.collect(
                        contract == Contract.BIKE_ZONES ? BikeReference.zoneDeleted(key) : BikeReference.delisted(key));
            }
            return;
        }
        if (contract == Contract.BIKE_ZONES) {
            emit(
                    ContractDecoder.decode(contract, BikeZone.class, plausible, record, ctx.timestamp()),
                    record,
                    ctx,
                    out);
        } else {
            emit(
                    ContractDecoder.decode(contract, BlacklistEntry.class, plausible, record, ctx.timestamp()),
                    record,
                    ctx,
                    out);
        }
    }

    private void emit(Decoded<?> decoded, RawRecord record, Context ctx, Collector<BikeReference> out) {
        if (!decoded.ok()) {
            deadLetters.inc();
            ctx.output(ContractDecoder.DEAD_LETTERS, ContractDecoder.deadLetter(record, decoded.error(), plausible));
        } else if (decoded.value() instanceof BikeZone zone) {
            out.collect(BikeReference.of(zone));
        } else {
            out.collect(BikeReference.of((BlacklistEntry) decoded.value()));
        }
    }

    /** The key as strict UTF-8, or null when it is missing, empty or not UTF-8. */
    static String key(byte[] key) {
        if (key == null || key.length == 0) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(key))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
