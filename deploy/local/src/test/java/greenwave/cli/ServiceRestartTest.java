package greenwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.ReferenceData;
import greenwave.jobs.signal.SignalTables;
import greenwave.local.LocalStack;
import greenwave.testing.IcebergRows;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./greenwave run} stopped in the middle of a bin and started again: the job resumes from its retained
 * checkpoint, and the bin's count covers the events of both runs exactly once, in Kafka and in Iceberg.
 */
class ServiceRestartTest {
    private static final long T0 = 1_715_612_400_000L; // 2024-05-13 15:00 UTC, a bin start
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    @Test
    void aRestartedServiceResumesItsStateAndCountsEveryEventOnce() throws Exception {
        Path overrides = tmp.resolve("test.yaml");
        Files.writeString(overrides, "flink:\n  checkpoint_interval_s: 1\nsignal:\n  source_idleness_s: 1\n");
        GreenwaveConfig config = GreenwaveConfig.load(overrides);

        long t0 = System.nanoTime();
        try (LocalStack stack = new LocalStack(tmp.resolve("stack"), 0, 0).start()) {
            LocalRun first = new LocalRun(stack, config, QUIET);
            JobClient job = first.startService(ReferenceData.NONE, false);
            publish(stack, List.of(on(T0 + 1_000), on(T0 + 2_000), on(T0 + 3_000)));
            first.awaitConsumed(List.of("signal.events")); // a checkpoint now holds the open bin's state
            job.cancel().get(60, TimeUnit.SECONDS);

            // While it is down: two more events of the same bin, and a later one that closes the bin.
            publish(stack, List.of(on(T0 + 4_000), on(T0 + 5_000), on(T0 + 3_600_000)));
            LocalRun second = new LocalRun(stack, config, QUIET);
            JobClient resumed = second.startService(ReferenceData.NONE, false);
            try {
                second.awaitConsumed(List.of("signal.events"));
                List<String> firstBin = awaitActuations(stack, "\"bin_start\":" + T0);
                assertThat(firstBin)
                        .singleElement()
                        .satisfies(m -> assertThat(m).contains("\"total\":5"));
            } finally {
                resumed.cancel().get(60, TimeUnit.SECONDS);
            }
            List<Long> icebergTotals = new ArrayList<>();
            for (Record r : IcebergRows.of(stack.warehouse().catalog(), SignalTables.ACTUATIONS)) {
                if (((java.time.OffsetDateTime) r.getField("bin_start"))
                                .toInstant()
                                .toEpochMilli()
                        == T0) {
                    icebergTotals.add((Long) r.getField("total"));
                }
            }
            assertThat(icebergTotals).containsExactly(5L);
        }
    }

    private static String on(long ts) {
        return "{\"device_id\":\"227\",\"ts\":" + ts + ",\"code\":82,\"param\":5}";
    }

    private static void publish(LocalStack stack, List<String> events) throws Exception {
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (String e : events) {
                producer.send(new ProducerRecord<>("signal.events", "227", e)).get();
            }
        }
    }

    /** Committed actuation records of the measures topic matching {@code filter}, once some have appeared. */
    private static List<String> awaitActuations(LocalStack stack, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        List<String> found = List.of();
        while (System.currentTimeMillis() < deadline) {
            found = committed(stack).stream()
                    .filter(m -> m.contains("\"measure\":\"actuations\"") && m.contains(filter))
                    .toList();
            if (!found.isEmpty()) {
                Thread.sleep(3_000); // a duplicate would come with the next checkpoint: give it the chance
                return committed(stack).stream()
                        .filter(m -> m.contains("\"measure\":\"actuations\"") && m.contains(filter))
                        .toList();
            }
            Thread.sleep(500);
        }
        return found;
    }

    private static List<String> committed(LocalStack stack) {
        List<String> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("signal.measures").stream()
                    .map(p -> new TopicPartition("signal.measures", p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
