package greenwave.jobs.signal;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.ContractDecoder;
import greenwave.jobs.common.EventTime;
import greenwave.jobs.common.KafkaSinks;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.common.OpsTables;
import greenwave.jobs.common.RawRecord;
import greenwave.schemas.Contract;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The signal performance measures job (spec measures.md §1): controller event logs in; actuations, terminations,
 * arrivals on green, split failures, approach delay with PCD cycles and degree of saturation out, per device in
 * 15-minute event-time bins.
 *
 * <p>Sources and sinks are injected: {@link #build} takes the raw input stream (Kafka, a file, or test data) and
 * returns the output streams; {@link #sinkToKafkaAndIceberg} attaches the production sinks. Tests run the very same
 * topology on a MiniCluster with their own inputs and collectors.
 */
public final class SignalMeasuresJob {

    /** The job's outputs, before any sink. */
    public record Outputs(
            DataStream<SignalMeasure> measures,
            DataStream<SignalEvent> acceptedEvents,
            DataStream<DeadLetter> deadLetters,
            DataStream<LateEvent> lateEvents) {}

    private final GreenwaveConfig config;
    private final Map<String, SignalLayout> layouts;

    public SignalMeasuresJob(GreenwaveConfig config, Map<String, SignalLayout> layouts) {
        this.config = config;
        this.layouts = Map.copyOf(layouts);
    }

    /**
     * The topology over {@code rawEvents}, which must carry event time: create its source with
     * {@link #watermarks(GreenwaveConfig)}, so watermarks are tracked per source split (Kafka partition).
     */
    public Outputs build(DataStream<RawRecord> rawEvents) {
        GreenwaveConfig.Signal signal = config.signal();

        SingleOutputStreamOperator<SignalEvent> events = rawEvents
                .process(new ContractDecoder<>(
                        Contract.SIGNAL_EVENTS,
                        SignalEvent.class,
                        config.input().plausibleTime()))
                .returns(TypeInformation.of(SignalEvent.class))
                .name("decode signal.events")
                .uid("decode-signal-events");

        SingleOutputStreamOperator<SignalMeasure> measures = events.keyBy(SignalEvent::deviceId)
                .process(new SignalMeasureFunction(
                        layouts,
                        settings(signal),
                        signal.deviceIdleTtlS() * 1000L,
                        config.topics().signalEvents()))
                .returns(TypeInformation.of(SignalMeasure.class))
                .name("signal measures")
                .uid("signal-measures");

        return new Outputs(
                measures,
                measures.getSideOutput(SignalMeasureFunction.ACCEPTED),
                events.getSideOutput(ContractDecoder.DEAD_LETTERS),
                measures.getSideOutput(SignalMeasureFunction.LATE));
    }

    /** Event time of {@code signal.events}: the contract's {@code ts}, with the configured out-of-orderness. */
    public static WatermarkStrategy<RawRecord> watermarks(GreenwaveConfig config) {
        return EventTime.boundedOutOfOrderness(
                Duration.ofSeconds(config.signal().maxOutOfOrdernessS()),
                Duration.ofSeconds(config.signal().sourceIdlenessS()),
                config.input().plausibleTime());
    }

    /** Measure settings from the configuration. */
    public static MeasureSettings settings(GreenwaveConfig.Signal signal) {
        return new MeasureSettings(
                signal.binMinutes() * 60_000L,
                Math.round(signal.aogLatencyOffsetS() * 1000),
                Math.round(signal.detectorOnGapS() * 1000),
                Math.round(signal.splitFailureRedWindowS() * 1000),
                signal.splitFailureGreenOccupancy(),
                signal.splitFailureRedOccupancy(),
                signal.saturationFlowVphpl(),
                signal.resultMaxWaitS() * 1000L);
    }

    /**
     * Production sinks: measures to the measures topic and one Iceberg table per measure; dead letters to {@code dlq}
     * and {@code ops.dead_letters}; late events to {@code ops.late_events}; accepted raw events to
     * {@code traffic.signal_events}. All exactly once, committed on checkpoints.
     */
    public void sinkToKafkaAndIceberg(Outputs outputs, CatalogLoader catalog) {
        KafkaSinks.exactlyOnce(
                outputs.measures(),
                config,
                config.topics().signalMeasures(),
                Contract.SIGNAL_MEASURES,
                "signal-measures",
                "kafka " + config.topics().signalMeasures(),
                "kafka-signal-measures");
        KafkaSinks.exactlyOnce(
                outputs.deadLetters(),
                config,
                config.topics().dlq(),
                Contract.DLQ,
                "signal-dlq",
                "kafka " + config.topics().dlq(),
                "kafka-signal-dlq");

        SignalTables.ACTUATIONS.appendInstances(outputs.measures(), SignalMeasure.Actuations.class, catalog);
        SignalTables.TERMINATIONS.appendInstances(outputs.measures(), SignalMeasure.Terminations.class, catalog);
        SignalTables.ARRIVALS_ON_GREEN.appendInstances(
                outputs.measures(), SignalMeasure.ArrivalsOnGreen.class, catalog);
        SignalTables.SPLIT_FAILURES.appendInstances(outputs.measures(), SignalMeasure.SplitFailures.class, catalog);
        SignalTables.APPROACH_DELAY.appendInstances(outputs.measures(), SignalMeasure.ApproachDelay.class, catalog);
        SignalTables.PCD_CYCLES.appendInstances(outputs.measures(), SignalMeasure.PcdCycle.class, catalog);
        SignalTables.DEGREE_OF_SATURATION.appendInstances(
                outputs.measures(), SignalMeasure.DegreeOfSaturation.class, catalog);
        SignalTables.YELLOW_RED_ACTUATIONS.appendInstances(
                outputs.measures(), SignalMeasure.YellowRedActuations.class, catalog);
        SignalTables.PREEMPTIONS.appendInstances(outputs.measures(), SignalMeasure.Preemption.class, catalog);
        SignalTables.COORDINATION_CHANGES.appendInstances(
                outputs.measures(), SignalMeasure.CoordinationChange.class, catalog);
        SignalTables.CYCLE_LENGTHS.appendInstances(outputs.measures(), SignalMeasure.CycleLength.class, catalog);
        SignalTables.SIGNAL_EVENTS.append(outputs.acceptedEvents(), catalog);
        OpsTables.DEAD_LETTERS.append(outputs.deadLetters(), catalog);
        OpsTables.LATE_EVENTS.append(outputs.lateEvents(), catalog);
    }
}
