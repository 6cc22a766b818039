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
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The plan-acknowledgement job (contract: {@code signal.plan-acks}): the plans sent on
 * {@code signal.timing-plans} and the signal-control system's acks in; every plan's status changes
 * ({@code traffic.plan_status}) and the alerts of plans rejected or not applied in time ({@code alerts} topic and
 * {@code ops.alerts}) out. Malformed acks go to {@code dlq} with the reason. Sources and sinks are injected as in the
 * other jobs; {@link #add} wires the production ones.
 *
 * <p>Event time: a plan's {@code issued_at}, an ack's {@code ts}, with the signal job's out-of-orderness and idleness
 * ({@code signal.max_out_of_orderness_s}, {@code signal.source_idleness_s}): acks come from the same controllers'
 * side of the city. The ack deadline is {@code plan.ack_timeout_s} after {@code effective_at}; a settled plan's state
 * is kept as long again for late duplicates. In a service the deadline fires when event time passes it, i.e. when
 * later plans or acks arrive; a bounded run fires every open deadline at its end.
 */
public final class PlanAckJob {

    /** The job's outputs, before any sink. */
    public record Outputs(
            DataStream<PlanStatus> statuses, DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters) {}

    private final GreenwaveConfig config;

    public PlanAckJob(GreenwaveConfig config) {
        this.config = config;
    }

    /** Event time of raw {@code signal.timing-plans} records ({@code issued_at}). */
    public static WatermarkStrategy<RawRecord> planWatermarks(GreenwaveConfig config) {
        return PlanAckEventTime.plans(
                Duration.ofSeconds(config.signal().maxOutOfOrdernessS()),
                Duration.ofSeconds(config.signal().sourceIdlenessS()));
    }

    /** Event time of raw {@code signal.plan-acks} records ({@code ts}). */
    public static WatermarkStrategy<RawRecord> ackWatermarks(GreenwaveConfig config) {
        return PlanAckEventTime.acks(
                Duration.ofSeconds(config.signal().maxOutOfOrdernessS()),
                Duration.ofSeconds(config.signal().sourceIdlenessS()),
                config.input().plausibleTime());
    }

    /**
     * The topology. Both inputs must carry event time: {@code plans} timed by {@code issued_at}, {@code rawAcks}
     * created with {@link #ackWatermarks}.
     */
    public Outputs build(DataStream<TimingPlan> plans, DataStream<RawRecord> rawAcks) {
        SingleOutputStreamOperator<PlanAck> acks = rawAcks.process(new ContractDecoder<>(
                        Contract.SIGNAL_PLAN_ACKS, PlanAck.class, config.input().plausibleTime()))
                .returns(TypeInformation.of(PlanAck.class))
                .name("decode " + config.topics().planAcks())
                .uid("decode-plan-acks");
        SingleOutputStreamOperator<PlanStatus> statuses = plans.keyBy(TimingPlan::planId)
                .connect(acks.keyBy(PlanAck::planId))
                .process(tracker(config))
                .returns(TypeInformation.of(PlanStatus.class))
                .name("plan ack tracker")
                .uid("plan-ack-tracker");
        return new Outputs(
                statuses,
                statuses.getSideOutput(PlanAckTracker.ALERTS),
                acks.getSideOutput(ContractDecoder.DEAD_LETTERS));
    }

    /** The tracker with the configured ack timeout, which is also the grace period a settled plan is kept for. */
    public static PlanAckTracker tracker(GreenwaveConfig config) {
        long ackTimeoutMs = config.plan().ackTimeoutS() * 1000L;
        return new PlanAckTracker(ackTimeoutMs, ackTimeoutMs);
    }

    /** Every table the job writes. */
    public static List<IcebergTable<?>> tables() {
        List<IcebergTable<?>> all = new ArrayList<>(PlanAckTables.all());
        all.addAll(OpsTables.all());
        return all;
    }

    public static void ensureTables(Catalog catalog) {
        TableSetup.ensure(catalog, tables());
    }

    /** Production sinks: statuses to Iceberg; alerts and dead letters to Kafka and Iceberg; all exactly once. */
    public void sinkToKafkaAndIceberg(Outputs outputs, CatalogLoader catalog) {
        KafkaSinks.exactlyOnce(
                outputs.alerts(),
                config,
                config.topics().alerts(),
                Contract.ALERTS,
                "plan-alerts",
                "kafka " + config.topics().alerts(),
                "kafka-plan-alerts");
        KafkaSinks.exactlyOnce(
                outputs.deadLetters(),
                config,
                config.topics().dlq(),
                Contract.DLQ,
                "plan-acks-dlq",
                "kafka " + config.topics().dlq(),
                "kafka-plan-acks-dlq");
        PlanAckTables.PLAN_STATUS.append(outputs.statuses(), catalog);
        OpsTables.ALERTS.append(outputs.alerts(), catalog);
        OpsTables.DEAD_LETTERS.append(outputs.deadLetters(), catalog, "plan-acks");
    }

    /**
     * Adds the job to {@code env}, reading the sent plans ({@code signal.timing-plans}) and the acks
     * ({@code signal.plan-acks}) from Kafka, both from {@code startingOffsets}; bounded: up to what is there when the
     * job starts. A plan record that does not fit the contract (never written by the pipeline) is dead-lettered too.
     */
    public static Outputs add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            CatalogLoader catalog,
            boolean bounded,
            OffsetsInitializer startingOffsets) {
        String plansTopic = config.topics().timingPlans();
        String acksTopic = config.topics().planAcks();
        SingleOutputStreamOperator<TimingPlan> plans = env.fromSource(
                        KafkaSinks.rawSource(config, plansTopic, bounded, startingOffsets),
                        planWatermarks(config),
                        "kafka " + plansTopic)
                .uid("kafka-plan-ack-timing-plans")
                .process(new ContractDecoder<>(
                        Contract.SIGNAL_TIMING_PLANS,
                        TimingPlan.class,
                        config.input().plausibleTime()))
                .returns(TypeInformation.of(TimingPlan.class))
                .name("decode " + plansTopic)
                .uid("decode-plan-ack-timing-plans");
        DataStream<RawRecord> rawAcks = env.fromSource(
                        KafkaSinks.rawSource(config, acksTopic, bounded, startingOffsets),
                        ackWatermarks(config),
                        "kafka " + acksTopic)
                .uid("kafka-plan-acks");
        PlanAckJob job = new PlanAckJob(config);
        Outputs built = job.build(plans, rawAcks);
        Outputs outputs = new Outputs(
                built.statuses(),
                built.alerts(),
                built.deadLetters().union(plans.getSideOutput(ContractDecoder.DEAD_LETTERS)));
        job.sinkToKafkaAndIceberg(outputs, catalog);
        return outputs;
    }
}
