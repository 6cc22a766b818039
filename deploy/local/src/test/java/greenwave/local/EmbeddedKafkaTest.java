package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @TempDir
    Path dir;

    @Test
    void startsCreatesTopicsRoundTripsAndKeepsDataAcrossRestart() throws Exception {
        Path kafkaDir = dir.resolve("kafka");
        try (EmbeddedKafka kafka = new EmbeddedKafka(kafkaDir, 0).start()) {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            Map<String, TopicSpec> topics = Map.of(
                    "signal.events", TopicSpec.of(3),
                    "network", TopicSpec.compacted(1));
            kafka.createTopics(topics);
            kafka.createTopics(topics); // idempotent
            try (Admin admin = kafka.admin()) {
                Map<String, TopicDescription> d =
                        admin.describeTopics(topics.keySet()).allTopicNames().get();
                assertThat(d.get("signal.events").partitions()).hasSize(3);
                assertThat(d.get("network").partitions()).hasSize(1);
                ConfigResource net = new ConfigResource(ConfigResource.Type.TOPIC, "network");
                ConfigResource ev = new ConfigResource(ConfigResource.Type.TOPIC, "signal.events");
                var configs = admin.describeConfigs(List.of(net, ev)).all().get();
                assertThat(configs.get(net).get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(configs.get(ev).get("cleanup.policy").value()).isEqualTo("delete");
            }

            // plain and transactional (committed and aborted) records
            try (KafkaProducer<String, String> p = producer(kafka.bootstrapServers(), null)) {
                p.send(new ProducerRecord<>("signal.events", "227", "plain-1")).get();
            }
            try (KafkaProducer<String, String> p = producer(kafka.bootstrapServers(), "tx-test")) {
                p.initTransactions();
                p.beginTransaction();
                p.send(new ProducerRecord<>("signal.events", "227", "tx-committed"));
                p.commitTransaction();
                p.beginTransaction();
                p.send(new ProducerRecord<>("signal.events", "227", "tx-aborted"));
                p.flush();
                p.abortTransaction();
            }
            assertThat(readAll(kafka.bootstrapServers(), "signal.events", 3))
                    .containsExactly("plain-1", "tx-committed");
        }

        // restart on the same directory: topics and data survive
        try (EmbeddedKafka kafka = new EmbeddedKafka(kafkaDir, 0).start()) {
            try (Admin admin = kafka.admin()) {
                assertThat(admin.listTopics().names().get()).contains("signal.events", "network");
            }
            assertThat(readAll(kafka.bootstrapServers(), "signal.events", 3))
                    .containsExactly("plain-1", "tx-committed");
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactionalId != null) {
            c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // above the broker's default max (15 min), allowed by the embedded broker's 1 h
            c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TimeUnit.MINUTES.toMillis(30));
        }
        return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
    }

    /** Values of all committed records, read_committed, partition by partition. */
    static List<String> readAll(String bootstrap, String topic, int partitions) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            for (int i = 0; i < partitions; i++) {
                TopicPartition tp = new TopicPartition(topic, i);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        out.add(r.value());
                    }
                }
            }
        }
        return out;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
