package greenwave.jobs.signal;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.OpsTables;
import greenwave.local.LocalFlink;
import greenwave.local.LocalStack;
import greenwave.local.TopicSpec;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.SignalMeasure;
import greenwave.testing.CommittedRecords;
import greenwave.testing.IcebergRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the real components: records on a real (embedded KRaft) broker, the production topology with
 * its exactly-once sinks on a local Flink cluster, results read back from the Iceberg tables as an analyst would
 * and from the committed Kafka output as a consumer would — including the malformed records in {@code dlq}.
 */
class SignalPipelineEndToEndTest {
    private static final long T0 = 1_715_612_400_000L; // 2024-05-13 15:00 UTC

    @TempDir
    Path dir;

    @Test
    void eventsFlowFromKafkaThroughTheJobIntoIcebergAndKafka() throws Exception {
        long testStart = System.currentTimeMillis();
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(stack.bootstrapServers());
            stack.createTopics(Map.of(
                    "signal.events", TopicSpec.of(2), "signal.measures", TopicSpec.of(2), "dlq", TopicSpec.of(1)));
            SignalPipeline.ensureTables(stack.warehouse().catalog());

            List<String> good = new ArrayList<>();
            // Device 227: detector 5 on five times in the first bin, 3 times in the second; a gap-out of phase 2.
            for (int i = 0; i < 5; i++) {
                good.add(event("227", T0 + 10_000L * (i + 1), 82, 5));
            }
            for (int i = 0; i < 3; i++) {
                good.add(event("227", T0 + 15 * 60_000L + 10_000L * (i + 1), 82, 5));
            }
            good.add(event("227", T0 + 20_000, 4, 2));
            good.add(event("227", T0 + 20_000, 4, 2)); // an exact duplicate: counts once
            good.add(event("452", T0 + 5_000, 82, 9));
            // a record over 64 KiB: its dead letter keeps the first 64 KiB with the full length and hash
            String huge = "{\"device_id\": \"" + "x".repeat(100_000);
            List<String> bad = List.of(
                    "this is not json",
                    "{\"device_id\":\"227\",\"ts\":\"1715612400100\",\"code\":82,\"param\":5}",
                    huge);
            produce(stack.bootstrapServers(), "signal.events", good, bad);

            Configuration flink = LocalFlink.configuration(stack.flinkDir(), "e2e", 0);
            flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
            flink.set(CoreOptions.DEFAULT_PARALLELISM, 2);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
            SignalPipeline.add(
                    env, config, Map.of(), stack.warehouse().catalogLoader(), true, OffsetsInitializer.earliest());
            env.execute("e2e");

            // Analysts' side: Iceberg.
            Map<String, Long> actuations = new HashMap<>();
            for (Record r : IcebergRows.of(stack.warehouse().catalog(), SignalTables.ACTUATIONS)) {
                actuations.put(
                        r.getField("device_id") + "/" + r.getField("detector") + "/" + r.getField("bin_start"),
                        (Long) r.getField("total"));
            }
            assertThat(actuations).hasSize(3);
            assertThat(actuations.values()).containsExactlyInAnyOrder(5L, 3L, 1L);
            List<Record> terminations = IcebergRows.of(stack.warehouse().catalog(), SignalTables.TERMINATIONS);
            assertThat(terminations)
                    .singleElement()
                    .satisfies(r -> assertThat(r.getField("termination")).isEqualTo("GapOut"))
                    .satisfies(r -> assertThat(r.getField("total")).isEqualTo(1L));
            assertThat(IcebergRows.of(stack.warehouse().catalog(), SignalTables.SIGNAL_EVENTS))
                    .hasSize(good.size() - 1);
            List<Record> deadLetters = IcebergRows.of(stack.warehouse().catalog(), OpsTables.DEAD_LETTERS);
            assertThat(deadLetters).hasSize(3);
            assertThat(deadLetters)
                    .extracting(r -> (String) r.getField("reason"))
                    .anySatisfy(reason -> assertThat(reason).startsWith("not JSON"))
                    .anySatisfy(reason -> assertThat(reason).contains("$.ts"));
            assertThat(deadLetters)
                    .filteredOn(r -> r.getField("payload_bytes") != null)
                    .singleElement()
                    .satisfies(r -> assertThat(r.getField("payload_bytes")).isEqualTo((long) huge.length()))
                    .satisfies(r -> assertThat(r.getField("payload_sha256")).isEqualTo(sha256(huge)))
                    .satisfies(r -> assertThat(huge).startsWith((String) r.getField("payload")));

            // Integrators' side: committed Kafka output.
            ContractCodec codec = ContractCodec.shared();
            List<SignalMeasure> measures = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r :
                    CommittedRecords.readCommitted(stack.bootstrapServers(), "signal.measures")) {
                measures.add(codec.decode(Contract.SIGNAL_MEASURES, r.value(), SignalMeasure.class)
                        .value());
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isIn("227", "452");
                // Stamped when written, not with 2024 event time: retention would otherwise delete a backfill's output.
                assertThat(r.timestamp()).isGreaterThanOrEqualTo(testStart);
            }
            assertThat(measures)
                    .filteredOn(m -> m instanceof SignalMeasure.Actuations)
                    .hasSize(3);
            List<DeadLetter> dlq = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readCommitted(stack.bootstrapServers(), "dlq")) {
                dlq.add(codec.decode(Contract.DLQ, r.value(), DeadLetter.class).value());
            }
            assertThat(dlq).hasSize(3).allSatisfy(d -> {
                assertThat(d.sourceTopic()).isEqualTo("signal.events");
                assertThat(d.offset()).isGreaterThanOrEqualTo(0);
                // when it was rejected, not the 2024 record's own time
                assertThat(d.ts()).isBetween(testStart, System.currentTimeMillis());
            });
            assertThat(dlq).extracting(DeadLetter::payload).containsAll(bad.subList(0, 2));
            assertThat(dlq)
                    .filteredOn(d -> d.payloadLength() != null)
                    .singleElement()
                    .satisfies(d -> assertThat(d.payload()).hasSize(DeadLetter.MAX_PAYLOAD_BYTES))
                    .satisfies(d -> assertThat(d.payloadSha256()).isEqualTo(sha256(huge)));
        }
    }

    /**
     * One reader holding two partitions, each a controller's 50 minutes: Kafka hands the reader whole batches of one
     * partition at a time, far ahead in event time of the other's. Watermarks per partition keep every event.
     */
    @Test
    void aReaderOfSeveralPartitionsLosesNoEventsToLateness() throws Exception {
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(stack.bootstrapServers());
            stack.createTopics(Map.of(
                    "signal.events", TopicSpec.of(2), "signal.measures", TopicSpec.of(1), "dlq", TopicSpec.of(1)));
            SignalPipeline.ensureTables(stack.warehouse().catalog());
            Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            int perDevice = 3000; // one detector-on a second for 50 minutes
            try (var producer = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int partition = 0; partition < 2; partition++) {
                    String device = partition == 0 ? "A" : "B";
                    for (int i = 0; i < perDevice; i++) {
                        producer.send(new ProducerRecord<>(
                                "signal.events",
                                partition,
                                device.getBytes(StandardCharsets.UTF_8),
                                event(device, T0 + 1000L * i, 82, 5).getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            Configuration flink = LocalFlink.configuration(stack.flinkDir(), "partitions", 0);
            flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
            flink.set(CoreOptions.DEFAULT_PARALLELISM, 1); // one reader for both partitions
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
            SignalPipeline.add(
                    env, config, Map.of(), stack.warehouse().catalogLoader(), true, OffsetsInitializer.earliest());
            env.execute("partitions");

            assertThat(IcebergRows.of(stack.warehouse().catalog(), OpsTables.LATE_EVENTS))
                    .isEmpty();
            long total = 0;
            for (Record r : IcebergRows.of(stack.warehouse().catalog(), SignalTables.ACTUATIONS)) {
                total += (Long) r.getField("total");
            }
            assertThat(total).isEqualTo(2L * perDevice);
        }
    }

    private static String event(String device, long ts, int code, int param) {
        return "{\"device_id\":\"" + device + "\",\"ts\":" + ts + ",\"code\":" + code + ",\"param\":" + param + "}";
    }

    private static void produce(String bootstrap, String topic, List<String> good, List<String> bad) throws Exception {
        Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String json : good) {
                String device = json.substring(json.indexOf(":\"") + 2, json.indexOf("\","));
                producer.send(new ProducerRecord<>(
                                topic, device.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
            for (String payload : bad) {
                producer.send(new ProducerRecord<>(topic, 0, null, payload.getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
