package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWaveJobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.ContractDecoder;
import greenwave.jobs.common.KafkaSinks;
import greenwave.jobs.common.RawRecord;
import greenwave.local.LocalFlink;
import greenwave.local.LocalStack;
import greenwave.local.TopicSpec;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;
import greenwave.schemas.TimingPlan;
import greenwave.testing.CommittedRecords;
import greenwave.testing.IcebergRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
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
 * Exactly once across a failure: the job with its real transactional Kafka sink on the embedded broker, checkpointing
 * on, fails once mid-run and restarts from its last checkpoint. A read_committed consumer then sees every plan exactly
 * once, and the same plans as a run without failure.
 */
class GreenWaveJobRestartTest {
    /** Signal measures read before the injected failure (of 672), about 70 minutes into the two hours. */
    private static final int FAIL_AFTER = 400;

    private static final AtomicInteger SEEN = new AtomicInteger();
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @TempDir
    Path dir;

    /** Passes records on slowly (so checkpoints complete mid-run) and fails the job once, after FAIL_AFTER records. */
    static final class FailOnce implements MapFunction<SignalMeasure, SignalMeasure> {
        @Override
        public SignalMeasure map(SignalMeasure m) throws Exception {
            Thread.sleep(5);
            if (SEEN.incrementAndGet() == FAIL_AFTER && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + FAIL_AFTER + " signal measures");
            }
            return m;
        }
    }

    @Test
    void aFailureMidRunSendsEveryPlanExactlyOnce() throws Exception {
        Network network = GreenWaveJobFixtures.corridor3WithPoorSplits();
        List<SignalMeasure> signals = GreenWaveJobFixtures.signalMeasures(T0, 120);
        List<ProbeMeasure> probes = GreenWaveJobFixtures.probeMeasures(T0, 120);
        assertThat(signals).hasSizeGreaterThan(FAIL_AFTER + 100);
        // the run without failure: the planning function over the same measures
        CorridorPlanFunctionTest.Run withoutFailure =
                CorridorPlanFunctionTest.run(network, GreenWaveJobFixtures.corridorMeasures(T0, 120));
        List<TimingPlan> expected = new ArrayList<>(withoutFailure.plans());
        assertThat(expected).hasSizeGreaterThan(3); // more than the first boundary's plans

        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(stack.bootstrapServers());
            stack.createTopics(Map.of(
                    config.topics().signalMeasures(),
                    TopicSpec.of(1),
                    config.topics().probeMeasures(),
                    TopicSpec.of(1),
                    config.topics().timingPlans(),
                    TopicSpec.of(1),
                    config.topics().dlq(),
                    TopicSpec.of(1)));
            GreenWaveJob.ensureTables(stack.warehouse().catalog());
            produce(stack.bootstrapServers(), config.topics().signalMeasures(), Contract.SIGNAL_MEASURES, signals);
            produce(stack.bootstrapServers(), config.topics().probeMeasures(), Contract.PROBE_MEASURES, probes);

            Configuration flink = LocalFlink.configuration(stack.flinkDir(), "green-wave-restart", 0);
            flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
            flink.set(CoreOptions.DEFAULT_PARALLELISM, 1);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
            DataStream<SignalMeasure> signalStream = source(
                            env,
                            config,
                            config.topics().signalMeasures(),
                            Contract.SIGNAL_MEASURES,
                            SignalMeasure.class)
                    .map(new FailOnce())
                    .returns(TypeInformation.of(SignalMeasure.class))
                    .uid("fail-once");
            DataStream<ProbeMeasure> probeStream =
                    source(env, config, config.topics().probeMeasures(), Contract.PROBE_MEASURES, ProbeMeasure.class);
            GreenWaveJob.add(env, config, network, stack.warehouse().catalogLoader(), signalStream, probeStream);
            env.execute("green wave restart");

            assertThat(FAILED).as("the injected failure happened").isTrue();
            List<TimingPlan> sent = new ArrayList<>();
            ContractCodec codec = ContractCodec.shared();
            for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readCommitted(
                    stack.bootstrapServers(), config.topics().timingPlans())) {
                sent.add(codec.decode(Contract.SIGNAL_TIMING_PLANS, r.value(), TimingPlan.class)
                        .value());
            }
            assertThat(sent).extracting(TimingPlan::planId).doesNotHaveDuplicates();
            sent.sort(Comparator.comparing(TimingPlan::planId));
            expected.sort(Comparator.comparing(TimingPlan::planId));
            assertThat(sent).isEqualTo(expected);

            // the analysts' side, exactly once too: every decision and outcome one row
            List<Record> decisions = IcebergRows.of(stack.warehouse().catalog(), PlanTables.TIMING_PLANS);
            assertThat(decisions).hasSize(withoutFailure.decisions().size());
            assertThat(decisions)
                    .extracting(r -> (String) r.getField("plan_id"))
                    .doesNotHaveDuplicates();
            assertThat(decisions)
                    .filteredOn(r -> "sent".equals(r.getField("verdict")))
                    .extracting(r -> (String) r.getField("plan_id"))
                    .containsExactlyInAnyOrderElementsOf(
                            expected.stream().map(TimingPlan::planId).toList());
            assertThat(IcebergRows.of(stack.warehouse().catalog(), PlanTables.PLAN_OUTCOMES))
                    .hasSize(withoutFailure.outcomes().size());
        }
    }

    private static <T> DataStream<T> source(
            StreamExecutionEnvironment env, GreenwaveConfig config, String topic, Contract contract, Class<T> type) {
        return env.fromSource(
                        KafkaSinks.rawSource(config, topic, true, OffsetsInitializer.earliest()),
                        WatermarkStrategy.<RawRecord>noWatermarks(),
                        "kafka " + topic)
                .uid("kafka-" + topic)
                .process(new ContractDecoder<>(contract, type, config.input().plausibleTime()))
                .returns(TypeInformation.of(type))
                .uid("decode-" + topic);
    }

    private static void produce(String bootstrap, String topic, Contract contract, List<?> records) throws Exception {
        ContractCodec codec = ContractCodec.shared();
        Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Object r : records) {
                producer.send(new ProducerRecord<>(topic, codec.keyBytes(contract, r), codec.encode(r)));
            }
            producer.flush();
        }
    }
}
