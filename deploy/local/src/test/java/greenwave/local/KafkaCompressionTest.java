package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every compression codec a producer may choose (the local stack's own writer uses lz4) round-trips through the
 * embedded broker: a codec whose library is missing, of the wrong API or without its native part fails here, not
 * in a running job. The log on the broker must be much smaller than the records, so the codec really ran.
 */
class KafkaCompressionTest {

    private static final List<String> CODECS = List.of("lz4", "snappy", "zstd", "gzip");
    private static final int RECORDS = 300;

    @TempDir
    Path dir;

    @Test
    void everyCodecRoundTripsThroughTheBroker() throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
            Map<String, TopicSpec> topics = new LinkedHashMap<>();
            for (String codec : CODECS) {
                topics.put("compressed." + codec, TopicSpec.of(1).with("compression.type", "producer"));
            }
            kafka.createTopics(topics);

            long rawBytes = 0;
            for (String codec : CODECS) {
                List<String> sent = values(codec);
                rawBytes = sent.stream().mapToLong(String::length).sum();
                try (KafkaProducer<String, String> p = producer(kafka.bootstrapServers(), codec)) {
                    for (String v : sent) {
                        p.send(new ProducerRecord<>("compressed." + codec, v));
                    }
                    p.flush();
                }
                assertThat(EmbeddedKafkaTest.readAll(kafka.bootstrapServers(), "compressed." + codec, 1))
                        .as(codec)
                        .containsExactlyElementsOf(sent);
            }

            try (Admin admin = kafka.admin()) {
                List<Integer> brokers = new ArrayList<>();
                admin.describeCluster().nodes().get().forEach(n -> brokers.add(n.id()));
                Map<TopicPartition, Long> sizes = new HashMap<>();
                admin.describeLogDirs(brokers)
                        .allDescriptions()
                        .get()
                        .values()
                        .forEach(dirs -> dirs.values()
                                .forEach(d -> d.replicaInfos().forEach((tp, info) -> sizes.put(tp, info.size()))));
                for (String codec : CODECS) {
                    assertThat(sizes.get(new TopicPartition("compressed." + codec, 0)))
                            .as("log size with %s, records of %d bytes", codec, rawBytes)
                            .isPositive()
                            .isLessThan(rawBytes / 4);
                }
            }
        }
    }

    @Test
    void lz4IsTheMaintainedReleaseAlone() {
        // org.lz4:lz4-java ends at 1.8.0 (CVE-2025-12183); the same classes now come from at.yawk.lz4
        assertThat(LZ4Factory.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toString())
                .contains("/at/yawk/lz4/");
        assertThat(getClass().getClassLoader().getResource("META-INF/maven/org.lz4/lz4-java/pom.properties"))
                .isNull();
    }

    /** Compressible values (repeated JSON-like text), distinct per record and codec so that order is checked too. */
    private static List<String> values(String codec) {
        List<String> out = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            out.add(("{\"codec\":\"" + codec + "\",\"seq\":" + i + ",\"detector\":\"227-03\",\"state\":\"occupied\"}")
                    .repeat(12));
        }
        return out;
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String codec) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
    }
}
