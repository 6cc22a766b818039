package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated signal-control system on a real broker: it answers committed plans only, with deterministic ack
 * times, rejects what its controller refuses, stays silent for offline devices, and answers each plan once.
 */
class SignalControlSimulatorTest {
    private static final long T0 = 1_715_613_300_000L; // 2024-05-13 15:15 UTC
    private static final String PLANS = "signal.timing-plans";
    private static final String ACKS = "signal.plan-acks";
    private static final ContractCodec CODEC = ContractCodec.shared();

    @TempDir
    Path dir;

    static TimingPlan plan(String device, int cycleS) {
        return new TimingPlan(
                "c1-20240513T1515-" + device,
                "c1",
                device,
                T0,
                T0 + 60_000,
                T0 + 3_660_000,
                cycleS,
                12,
                List.of(2, 6),
                List.of(new TimingPlan.PhaseSplit(2, cycleS - 35, 4, 1), new TimingPlan.PhaseSplit(4, 25, 4, 1)),
                "test",
                null,
                null);
    }

    @Test
    void answersCommittedPlansOnceRejectsTooLongCyclesAndIgnoresAbortedOnes() throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
            kafka.createTopics(Map.of(PLANS, TopicSpec.of(2), ACKS, TopicSpec.of(2)));
            String bootstrap = kafka.bootstrapServers();
            try (KafkaProducer<byte[], byte[]> p = transactional(bootstrap, "plans-test")) {
                p.initTransactions();
                p.beginTransaction();
                send(p, plan("101", 100));
                send(p, plan("102", 200)); // above the controller's 180 s
                send(p, plan("103", 100)); // offline
                p.commitTransaction();
                p.beginTransaction();
                send(p, plan("104", 100)); // never sent: the transaction is aborted
                p.flush();
                p.abortTransaction();
            }

            var simulator = new SignalControlSimulator(
                    bootstrap, PLANS, ACKS, "sim-test", 180, Set.of("103"), Duration.ofSeconds(5));
            SignalControlSimulator.Answered answered = simulator.drain();
            assertThat(answered).isEqualTo(new SignalControlSimulator.Answered(3, 1, 1, 1, 1));

            List<ConsumerRecord<byte[], byte[]>> acks = readAll(bootstrap, ACKS);
            assertThat(acks).hasSize(3);
            Map<String, List<PlanAck>> byDevice = new HashMap<>();
            for (var r : acks) {
                PlanAck ack = CODEC.decode(Contract.SIGNAL_PLAN_ACKS, r.value(), PlanAck.class)
                        .value();
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(ack.deviceId());
                byDevice.computeIfAbsent(ack.deviceId(), d -> new ArrayList<>()).add(ack);
            }
            assertThat(byDevice.get("101"))
                    .containsExactly(
                            new PlanAck("c1-20240513T1515-101", "101", T0 + 5_000, PlanAck.ACCEPTED, null),
                            new PlanAck("c1-20240513T1515-101", "101", T0 + 60_000, PlanAck.APPLIED, null));
            assertThat(byDevice.get("102")).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(PlanAck.REJECTED);
                assertThat(a.ts()).isEqualTo(T0 + 5_000);
                assertThat(a.reason()).contains("200", "180");
            });
            assertThat(byDevice).doesNotContainKeys("103", "104");

            // A second drain (a new batch): only the newly committed plan is answered.
            try (KafkaProducer<byte[], byte[]> p = transactional(bootstrap, "plans-test")) {
                p.initTransactions();
                p.beginTransaction();
                send(p, plan("105", 90));
                p.commitTransaction();
            }
            assertThat(simulator.drain()).isEqualTo(new SignalControlSimulator.Answered(1, 1, 1, 0, 0));
            assertThat(readAll(bootstrap, ACKS)).hasSize(5);
        }
    }

    @Test
    void theBackgroundThreadAnswersPlansAsTheyAreCommitted() throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
            kafka.createTopics(Map.of(PLANS, TopicSpec.of(1), ACKS, TopicSpec.of(1)));
            String bootstrap = kafka.bootstrapServers();
            try (var simulator = new SignalControlSimulator(bootstrap, PLANS, ACKS, 180).start()) {
                try (KafkaProducer<byte[], byte[]> p = transactional(bootstrap, "plans-thread")) {
                    p.initTransactions();
                    p.beginTransaction();
                    send(p, plan("101", 100));
                    p.commitTransaction();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (readAll(bootstrap, ACKS).size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(readAll(bootstrap, ACKS)).hasSize(2);
                assertThat(simulator.failure()).isNull();
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> p, TimingPlan plan) {
        p.send(new ProducerRecord<>(PLANS, CODEC.keyBytes(Contract.SIGNAL_TIMING_PLANS, plan), CODEC.encode(plan)));
    }

    private static KafkaProducer<byte[], byte[]> transactional(String bootstrap, String txId) {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
        return new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
