package greenwave.jobs.common;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Contract;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.PlausibleTime;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Checks input topics that no job reads yet against the wire contract, so a producer's malformed records show up
 * in {@code dlq} and {@code ops.dead_letters} from day one. Valid records are left where they are, on their topic.
 * Each job that starts reading a topic takes it out of the gate (it dead-letters that topic itself).
 */
public final class ContractGate {
    private ContractGate() {}

    /**
     * Adds the gate for {@code topics} (configured topic name → its contract) to {@code env}. Nothing is added for
     * an empty map.
     */
    public static void add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            Map<String, Contract> topics,
            CatalogLoader catalog,
            boolean bounded,
            OffsetsInitializer startingOffsets) {
        DataStream<DeadLetter> deadLetters = null;
        for (Map.Entry<String, Contract> topic : topics.entrySet()) {
            String name = topic.getKey();
            DataStream<DeadLetter> rejected = check(
                    env.fromSource(
                                    KafkaSinks.rawSource(config, name, bounded, startingOffsets),
                                    WatermarkStrategy.noWatermarks(),
                                    "kafka " + name)
                            .uid("gate-kafka-" + name),
                    name,
                    topic.getValue(),
                    config.input().plausibleTime());
            deadLetters = deadLetters == null ? rejected : deadLetters.union(rejected);
        }
        if (deadLetters == null) {
            return;
        }
        KafkaSinks.exactlyOnce(
                deadLetters,
                config,
                config.topics().dlq(),
                Contract.DLQ,
                "gate-dlq",
                "kafka " + config.topics().dlq(),
                "gate-kafka-dlq");
        OpsTables.DEAD_LETTERS.append(deadLetters, catalog, "gate");
    }

    /** The records of topic {@code name} (contract {@code contract}) that do not fit the contract, as dead letters. */
    public static DataStream<DeadLetter> check(
            DataStream<RawRecord> raw, String name, Contract contract, PlausibleTime plausible) {
        return raw.process(decoderOf(contract, plausible))
                .returns(TypeInformation.of(Object.class))
                .name("check " + name)
                .uid("gate-check-" + name)
                .getSideOutput(ContractDecoder.DEAD_LETTERS);
    }

    /** A decoder to the contract's own record type, so the record-level checks run too. */
    @SuppressWarnings("unchecked")
    private static ContractDecoder<Object> decoderOf(Contract contract, PlausibleTime plausible) {
        return new ContractDecoder<>(contract, (Class<Object>) contract.javaType(), plausible);
    }
}
