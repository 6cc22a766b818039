package greenwave.jobs.plan;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.ContractDecoder;
import greenwave.jobs.common.IcebergTable;
import greenwave.jobs.common.KafkaSinks;
import greenwave.jobs.common.OpsTables;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.common.TableSetup;
import greenwave.schemas.Alert;
import greenwave.schemas.Contract;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;
import greenwave.schemas.TimingPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The green-wave job (spec measures.md §2): the signal and probe measures in; per corridor, at every period boundary,
 * a new common cycle, splits and offsets; the plans that are safe and enough better out on
 * {@code signal.timing-plans}, every decision and each sent plan's measured outcome to Iceberg. Sources and sinks are
 * injected as in the other jobs, so tests run the real topology.
 */
public final class GreenWaveJob {

    /** The job's outputs, before any sink. */
    public record Outputs(
            DataStream<TimingPlan> plans, DataStream<PlanDecision> decisions, DataStream<PlanOutcome> outcomes) {}

    private final GreenwaveConfig config;
    private final Network network;
    private final PlanSettings settings;

    public GreenWaveJob(GreenwaveConfig config, Network network) {
        this.config = config;
        this.network = network;
        this.settings = PlanSettings.of(config);
    }

    /**
     * The topology over decoded measures. Event time is (re)assigned here from each measure's own time (bin start, or
     * cycle start of a PCD cycle), with the signal job's out-of-orderness and idleness: upstream operators emit bins
     * when they close, stamped later than the bin start the planner windows on.
     */
    public Outputs build(DataStream<SignalMeasure> signalMeasures, DataStream<ProbeMeasure> probeMeasures) {
        HashMap<String, List<String>> corridorsOfDevice = new HashMap<>();
        HashSet<String> corridorIds = new HashSet<>();
        for (Network.Corridor corridor : network.corridors()) {
            corridorIds.add(corridor.corridorId());
            for (String device : new HashSet<>(corridor.devices())) {
                corridorsOfDevice
                        .computeIfAbsent(device, k -> new ArrayList<>())
                        .add(corridor.corridorId());
            }
        }

        DataStream<CorridorMeasure> fromSignals = signalMeasures
                .assignTimestampsAndWatermarks(this.<SignalMeasure>eventTime(SignalMeasure::eventTs))
                .name("green wave: signal measure time")
                .uid("green-wave-signal-event-time")
                .flatMap(signalRouter(corridorsOfDevice))
                .returns(TypeInformation.of(CorridorMeasure.class))
                .name("green wave: signal measures to corridors")
                .uid("green-wave-route-signal");
        DataStream<CorridorMeasure> fromProbes = probeMeasures
                .assignTimestampsAndWatermarks(this.<ProbeMeasure>eventTime(ProbeMeasure::eventTs))
                .name("green wave: probe measure time")
                .uid("green-wave-probe-event-time")
                .flatMap(probeRouter(corridorsOfDevice, corridorIds))
                .returns(TypeInformation.of(CorridorMeasure.class))
                .name("green wave: probe measures to corridors")
                .uid("green-wave-route-probe");

        SingleOutputStreamOperator<TimingPlan> plans = fromSignals
                .union(fromProbes)
                .keyBy(CorridorMeasure::corridorId)
                .process(new CorridorPlanFunction(network, settings))
                .returns(TypeInformation.of(TimingPlan.class))
                .name("green wave: corridor plans")
                .uid("green-wave-corridor-plans");
        return new Outputs(
                plans,
                plans.getSideOutput(CorridorPlanFunction.DECISIONS),
                plans.getSideOutput(CorridorPlanFunction.OUTCOMES));
    }

    private <T> WatermarkStrategy<T> eventTime(SerializableEventTs<T> eventTs) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(
                        Duration.ofSeconds(config.signal().maxOutOfOrdernessS()))
                .withTimestampAssigner((SerializableTimestampAssigner<T>) (m, previous) -> eventTs.of(m))
                .withIdleness(Duration.ofSeconds(config.signal().sourceIdlenessS()));
    }

    private interface SerializableEventTs<T> extends java.io.Serializable {
        long of(T measure);
    }

    /** Each device's planning measures to every corridor the device is on; other measures and devices dropped. */
    private static FlatMapFunction<SignalMeasure, CorridorMeasure> signalRouter(
            HashMap<String, List<String>> corridors) {
        return (SignalMeasure m, Collector<CorridorMeasure> out) -> {
            for (String corridorId : corridors.getOrDefault(m.deviceId(), List.of())) {
                CorridorMeasure routed = CorridorMeasure.of(corridorId, m);
                if (routed != null) {
                    out.collect(routed);
                }
            }
        };
    }

    /** Probe delay by its device's corridors; link travel times by the corridor they carry. */
    private static FlatMapFunction<ProbeMeasure, CorridorMeasure> probeRouter(
            HashMap<String, List<String>> corridors, HashSet<String> corridorIds) {
        return (ProbeMeasure m, Collector<CorridorMeasure> out) -> {
            Set<String> targets = new HashSet<>();
            if (m instanceof ProbeMeasure.LinkTravelTime link) {
                if (corridorIds.contains(link.corridorId())) {
                    targets.add(link.corridorId());
                }
            } else if (m instanceof ProbeMeasure.ApproachDelay delay) {
                targets.addAll(corridors.getOrDefault(delay.deviceId(), List.of()));
            }
            for (String corridorId : targets) {
                out.collect(CorridorMeasure.of(corridorId, m));
            }
        };
    }

    /** Every table the job writes (with the dead letters of {@link #addFromKafka}). */
    public static List<IcebergTable<?>> tables() {
        List<IcebergTable<?>> all = new ArrayList<>(PlanTables.all());
        all.addAll(OpsTables.all());
        all.add(OpsTables.ALERTS);
        return all;
    }

    public static void ensureTables(Catalog catalog) {
        TableSetup.ensure(catalog, tables());
    }

    /**
     * Production sinks: sent plans through {@link #gate} to Kafka (transactional, exactly once), the plans the gate
     * blocks as critical {@code plan_blocked} alerts (the {@code alerts} topic and {@code ops.alerts}), decisions and
     * outcomes to Iceberg.
     */
    public void sinkToKafkaAndIceberg(Outputs outputs, CatalogLoader catalog) {
        SingleOutputStreamOperator<TimingPlan> gated = gate(outputs.plans());
        KafkaSinks.exactlyOnce(
                gated,
                config,
                config.topics().timingPlans(),
                Contract.SIGNAL_TIMING_PLANS,
                "timing-plans",
                "kafka " + config.topics().timingPlans(),
                "kafka-timing-plans");
        DataStream<Alert> blocked = gated.getSideOutput(PlanGate.BLOCKED);
        KafkaSinks.exactlyOnce(
                blocked,
                config,
                config.topics().alerts(),
                Contract.ALERTS,
                "green-wave-alerts",
                "kafka " + config.topics().alerts(),
                "kafka-green-wave-alerts");
        OpsTables.ALERTS.append(blocked, catalog, "green-wave");
        PlanTables.TIMING_PLANS.append(outputs.decisions(), catalog);
        PlanTables.PLAN_OUTCOMES.append(outputs.outcomes(), catalog);
    }

    /**
     * The last check right before the Kafka sink ({@link PlanGate}): only plans that fit the topic's JSON Schema and
     * pass {@link PlanSafety} (the cycle step from the cycle last sent to the device) come out; the others go to
     * {@link PlanGate#BLOCKED}.
     */
    SingleOutputStreamOperator<TimingPlan> gate(DataStream<TimingPlan> plans) {
        return plans.keyBy(TimingPlan::deviceId)
                .process(new PlanGate(network, settings.safety()))
                .returns(TypeInformation.of(TimingPlan.class))
                .name("green wave: plan gate")
                .uid("green-wave-plan-gate");
    }

    /** Adds the job over measure streams the caller already has (the CLI: the signal and probe jobs' outputs). */
    public static Outputs add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            Network network,
            CatalogLoader catalog,
            DataStream<SignalMeasure> signalMeasures,
            DataStream<ProbeMeasure> probeMeasures) {
        GreenWaveJob job = new GreenWaveJob(config, network);
        Outputs outputs = job.build(signalMeasures, probeMeasures);
        job.sinkToKafkaAndIceberg(outputs, catalog);
        return outputs;
    }

    /** The measure topics' records decoded with the contract; the records that do not fit, as dead letters. */
    public record Decoded(
            DataStream<SignalMeasure> signalMeasures,
            DataStream<ProbeMeasure> probeMeasures,
            DataStream<DeadLetter> deadLetters) {}

    /**
     * Decodes raw {@code signal.measures} and {@code probe.measures} records (no event time needed: {@link #build}
     * assigns it from each measure's own time).
     */
    public static Decoded decode(
            GreenwaveConfig config, DataStream<RawRecord> rawSignals, DataStream<RawRecord> rawProbes) {
        String signalTopic = config.topics().signalMeasures();
        String probeTopic = config.topics().probeMeasures();
        SingleOutputStreamOperator<SignalMeasure> signals = rawSignals
                .process(new ContractDecoder<>(
                        Contract.SIGNAL_MEASURES,
                        SignalMeasure.class,
                        config.input().plausibleTime()))
                .returns(TypeInformation.of(SignalMeasure.class))
                .name("decode " + signalTopic)
                .uid("green-wave-decode-signal-measures");
        SingleOutputStreamOperator<ProbeMeasure> probes = rawProbes
                .process(new ContractDecoder<>(
                        Contract.PROBE_MEASURES,
                        ProbeMeasure.class,
                        config.input().plausibleTime()))
                .returns(TypeInformation.of(ProbeMeasure.class))
                .name("decode " + probeTopic)
                .uid("green-wave-decode-probe-measures");
        return new Decoded(
                signals,
                probes,
                signals.getSideOutput(ContractDecoder.DEAD_LETTERS)
                        .union(probes.getSideOutput(ContractDecoder.DEAD_LETTERS)));
    }

    /**
     * Adds the job reading {@code signal.measures} and {@code probe.measures} from Kafka (a cluster deployment where
     * the measure jobs run separately); records that do not fit the contract go to {@code dlq}.
     */
    public static Outputs addFromKafka(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            Network network,
            CatalogLoader catalog,
            boolean bounded,
            OffsetsInitializer startingOffsets) {
        String signalTopic = config.topics().signalMeasures();
        String probeTopic = config.topics().probeMeasures();
        // event time is assigned in build(), from the decoded measure's own time
        Decoded decoded = decode(
                config,
                env.fromSource(
                                KafkaSinks.rawSource(config, signalTopic, bounded, startingOffsets),
                                WatermarkStrategy.<RawRecord>noWatermarks(),
                                "kafka " + signalTopic)
                        .uid("green-wave-kafka-signal-measures"),
                env.fromSource(
                                KafkaSinks.rawSource(config, probeTopic, bounded, startingOffsets),
                                WatermarkStrategy.<RawRecord>noWatermarks(),
                                "kafka " + probeTopic)
                        .uid("green-wave-kafka-probe-measures"));
        KafkaSinks.exactlyOnce(
                decoded.deadLetters(),
                config,
                config.topics().dlq(),
                Contract.DLQ,
                "plan-dlq",
                "kafka " + config.topics().dlq(),
                "kafka-plan-dlq");
        OpsTables.DEAD_LETTERS.append(decoded.deadLetters(), catalog, "plan");
        return add(env, config, network, catalog, decoded.signalMeasures(), decoded.probeMeasures());
    }
}
