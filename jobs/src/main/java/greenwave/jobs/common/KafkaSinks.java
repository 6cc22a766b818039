package greenwave.jobs.common;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Contract;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;

/** Kafka sources and sinks as every job uses them: raw records in, contract JSON out, exactly once. */
public final class KafkaSinks {
    private KafkaSinks() {}

    /**
     * Writes {@code stream}'s {@code contract} records to {@code topic} exactly once: Flink's Kafka sink writer (one
     * transaction per checkpoint) followed by {@link CheckpointBoundCommitter}, which commits a transaction only
     * once a checkpoint covering its records has completed (Flink 2.0.0's own committer can commit the transactions
     * of a bounded input's end too early; see there).
     *
     * @param txName part of the transactional ids, unique per sink; keep it stable across releases
     * @param name   the operators' name in the job graph ({@code name: Writer}, {@code name: Committer})
     * @param uid    the writer's uid (the committer's is {@code "Sink Committer: " + uid}, as Flink names it), so
     *               the open transactions survive upgrades; keep it stable
     */
    public static <T> void exactlyOnce(
            DataStream<T> stream,
            GreenwaveConfig config,
            String topic,
            Contract contract,
            String txName,
            String name,
            String uid) {
        KafkaSink<T> sink = exactlyOnceSink(config, topic, contract, txName);
        TypeInformation<CommittableMessage<KafkaCommittable>> committables =
                CommittableMessageTypeInfo.of(sink::getCommittableSerializer);
        CheckpointBoundCommitter.commit(
                stream.transform(
                                name + ": Writer",
                                committables,
                                new SinkWriterOperatorFactory<T, KafkaCommittable>(sink))
                        .uid(uid),
                sink,
                name,
                uid);
    }

    /**
     * The transactional Kafka sink writing {@code contract} records to {@code topic}; {@link #exactlyOnce} wires it
     * with the committer that waits for covering checkpoints. {@code name} makes the transactional ids unique.
     */
    static <T> KafkaSink<T> exactlyOnceSink(GreenwaveConfig config, String topic, Contract contract, String name) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(clientProperties(config))
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setRecordSerializer(new ContractRecordSerializer<T>(topic, contract))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.kafka().transactionalIdPrefix() + "-" + name)
                // Must not exceed the broker's transaction.max.timeout.ms, or the sink fails at once.
                .setProperty(
                        "transaction.timeout.ms", String.valueOf(config.kafka().transactionTimeoutS() * 1000L))
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
    public static KafkaSource<RawRecord> rawSource(
            GreenwaveConfig config, String topic, boolean bounded, OffsetsInitializer startingOffsets) {
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
