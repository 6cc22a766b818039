package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaJsonLinesTest {

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafka(dir.resolve("kafka")).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void publishAndDumpRoundTripKeepsMalformedLinesAndKeys() throws Exception {
        kafka.createTopics(Map.of("signal.events", TopicSpec.of(1)));
        String a = "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 82, \"param\": 27}";
        String b = "{\"device_id\":452,\"ts\":1715612400200,\"code\":1,\"param\":2}"; // numeric key
        String notJson = "this is not json {";
        String noKey = "{\"ts\": 1}";
        String unicode = "{\"device_id\":\"227\",\"name\":\"红星路 – Süd\"}";
        Path file = dir.resolve("signal.events.jsonl");
        Files.writeString(
                file, a + "\n" + b + "\r\n\n" + notJson + "\n" + noKey + "\n" + unicode, StandardCharsets.UTF_8);

        long sent = KafkaJsonLines.publish(kafka.bootstrapServers(), "signal.events", file, "device_id");
        assertThat(sent).isEqualTo(5);

        Map<String, String> keyByValue = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : consume("signal.events")) {
            keyByValue.put(
                    new String(r.value(), StandardCharsets.UTF_8),
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        }
        assertThat(keyByValue)
                .containsEntry(a, "227")
                .containsEntry(b, "452")
                .containsEntry(notJson, null)
                .containsEntry(noKey, null)
                .containsEntry(unicode, "227")
                .hasSize(5);

        Path out = dir.resolve("out/signal.events.jsonl");
        assertThat(KafkaJsonLines.dump(kafka.bootstrapServers(), "signal.events", out))
                .isEqualTo(5);
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactly(a, b, notJson, noKey, unicode);
    }

    @Test
    void publishesGzipAndKeepsInvalidUtf8BytesUnchanged() throws Exception {
        kafka.createTopics(Map.of("bike.events", TopicSpec.of(3)));
        byte[] invalidUtf8 = {'{', '"', 'x', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
        Path file = dir.resolve("bike.events.jsonl.gz");
        List<String> lines = new ArrayList<>();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < 1000; i++) {
                String line =
                        "{\"bike_id\":\"hb-" + (i % 17) + "\",\"ts\":" + (1715612400000L + i) + ",\"type\":\"park\"}";
                lines.add(line);
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(invalidUtf8);
            out.write('\n');
        }
        assertThat(KafkaJsonLines.publish(kafka.bootstrapServers(), "bike.events", file, "bike_id"))
                .isEqualTo(1001);

        List<ConsumerRecord<byte[], byte[]>> records = consume("bike.events");
        assertThat(records).hasSize(1001);
        assertThat(records).anySatisfy(r -> assertThat(r.value()).isEqualTo(invalidUtf8));
        // same key, same partition
        Map<String, Integer> partitionByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.key() != null) {
                Integer p = partitionByKey.putIfAbsent(new String(r.key(), StandardCharsets.UTF_8), r.partition());
                assertThat(p == null || p == r.partition()).isTrue();
            }
        }
        assertThat(partitionByKey).hasSize(17);

        Path out = dir.resolve("bike.events.out.jsonl.gz");
        assertThat(KafkaJsonLines.dump(kafka.bootstrapServers(), "bike.events", out))
                .isEqualTo(1001);
        byte[] dumped;
        try (var in = new GZIPInputStream(Files.newInputStream(out))) {
            dumped = in.readAllBytes();
        }
        String text = new String(dumped, StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.startsWith("{\"bike_id\"")).toList())
                .containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void dumpSkipsAbortedTransactions() throws Exception {
        kafka.createTopics(Map.of("alerts", TopicSpec.of(2)));
        try (var p = EmbeddedKafkaTest.producer(kafka.bootstrapServers(), "tx-dump")) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>("alerts", "k1", "{\"a\":1}"));
            p.commitTransaction();
            p.beginTransaction();
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>("alerts", "k2", "{\"a\":2}"));
            p.flush();
            p.abortTransaction();
        }
        Path out = dir.resolve("alerts.jsonl");
        assertThat(KafkaJsonLines.dump(kafka.bootstrapServers(), "alerts", out)).isEqualTo(1);
        assertThat(Files.readAllLines(out)).containsExactly("{\"a\":1}");
    }

    @Test
    void keyIsTakenOnlyFromParseableObjects() {
        assertThat(KafkaJsonLines.key("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), "id"))
                .isEqualTo("x".getBytes());
        assertThat(KafkaJsonLines.key("{\"id\":7}".getBytes(StandardCharsets.UTF_8), "id"))
                .isEqualTo("7".getBytes());
        assertThat(KafkaJsonLines.key("{\"id\":\"x\"} trailing".getBytes(StandardCharsets.UTF_8), "id"))
                .isNull();
        assertThat(KafkaJsonLines.key("{\"id\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8), "id"))
                .isNull();
        assertThat(KafkaJsonLines.key("[1,2]".getBytes(StandardCharsets.UTF_8), "id"))
                .isNull();
        assertThat(KafkaJsonLines.key("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), null))
                .isNull();
    }

    static List<ConsumerRecord<byte[], byte[]>> consume(String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
