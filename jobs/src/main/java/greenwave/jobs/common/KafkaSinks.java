package greenwave.jobs.common;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Contract;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

import java.util.Properties;

/** Kafka sources and sinks as every job uses them: raw records in, contract JSON out, exactly once. */
public final class KafkaSinks {
    private KafkaSinks() {
    }

    /**
     * An exactly-once (transactional) sink writing {@code contract} records to {@code topic}. {@code name} makes the
     * transactional ids unique per sink; keep it stable across releases.
     */
    public static <T> KafkaSink<T> exactlyOnce(GreenwaveConfig config, String topic, Contract contract, String name) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(clientProperties(config))
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setRecordSerializer(new ContractRecordSerializer<T>(topic, contract))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.kafka().transactionalIdPrefix() + "-" + name)
                // Must not exceed the broker's transaction.max.timeout.ms, or the sink fails at once.
                .setProperty("transaction.timeout.ms", String.valueOf(config.kafka().transactionTimeoutS() * 1000L))
                .build();
    }

    /** The configuration's {@code kafka.client_properties} (security, TLS) as the Kafka clients take them. */
    public static Properties clientProperties(GreenwaveConfig config) {
        Properties p = new Properties();
        p.putAll(config.kafka().clientPropertiesOrEmpty());
        return p;
    }

    /**
     * A source of raw records from {@code topic}, starting at {@code startingOffsets} (a service: the consumer
     * group's committed offsets; a replay: the offsets before its batch). Bounded sources stop at the offsets present
     * when the job starts; unbounded ones run on. Reads only committed records of transactional producers.
     */
    public static KafkaSource<RawRecord> rawSource(GreenwaveConfig config, String topic, boolean bounded,
                                                   OffsetsInitializer startingOffsets) {
        var builder = KafkaSource.<RawRecord>builder()
                .setProperties(clientProperties(config))
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.kafka().groupId())
                .setStartingOffsets(startingOffsets)
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
