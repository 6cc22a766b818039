package greenwave.jobs.probe;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.ContractDecoder;
import greenwave.jobs.common.EventTime;
import greenwave.jobs.common.IcebergTable;
import greenwave.jobs.common.KafkaSinks;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.common.OpsTables;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.common.TableSetup;
import greenwave.schemas.Contract;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.VehiclePosition;
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
 * The probe-vehicle job (spec measures.md §1, "Control delay from probe vehicles"): positions in; per approach and
 * 15-minute bin the control delay (mean, 85th percentile), stops, queue and level of service, and the measured
 * stop-bar-to-stop-bar travel times along corridors, out. Sources and sinks are injected as in the signal job.
 */
public final class ProbeDelayJob {

    /** The job's outputs, before any sink. */
    public record Outputs(
            DataStream<ProbeMeasure> measures,
            DataStream<Traversal> traversals,
            DataStream<DeadLetter> deadLetters,
            DataStream<LateEvent> lateEvents) {}

    private final GreenwaveConfig config;
    private final ApproachMatcher matcher;

    public ProbeDelayJob(GreenwaveConfig config, Network network) {
        this.config = config;
        this.matcher = new ApproachMatcher(network, settings(config.probe()));
    }

    public static ProbeSettings settings(GreenwaveConfig.Probe probe) {
        return new ProbeSettings(
                probe.laneWidthM(),
                probe.gpsMarginM(),
                probe.headingToleranceDeg(),
                probe.stopSpeedMps(),
                probe.moveSpeedMps(),
                probe.maxSampleGapS(),
                probe.maxLinkTravelS());
    }

    /** Event time of {@code vehicle.positions}: the contract's {@code ts}, with the configured out-of-orderness. */
    public static WatermarkStrategy<RawRecord> watermarks(GreenwaveConfig config) {
        return EventTime.boundedOutOfOrderness(
                Duration.ofSeconds(config.probe().maxOutOfOrdernessS()),
                Duration.ofSeconds(config.probe().sourceIdlenessS()),
                config.input().plausibleTime());
    }

    /**
     * The topology over {@code rawPositions}, which must carry event time: create its source with
     * {@link #watermarks(GreenwaveConfig)}, so watermarks are tracked per source split (Kafka partition).
     */
    public Outputs build(DataStream<RawRecord> rawPositions) {
        GreenwaveConfig.Probe probe = config.probe();
        SingleOutputStreamOperator<VehiclePosition> positions = rawPositions
                .process(new ContractDecoder<>(
                        Contract.VEHICLE_POSITIONS,
                        VehiclePosition.class,
                        config.input().plausibleTime()))
                .returns(TypeInformation.of(VehiclePosition.class))
                .name("decode vehicle.positions")
                .uid("decode-vehicle-positions");

        SingleOutputStreamOperator<Traversal> traversals = positions
                .keyBy(VehiclePosition::vehicleId)
                .process(new VehicleTraversalFunction(matcher, config.topics().vehiclePositions()))
                .returns(TypeInformation.of(Traversal.class))
                .name("vehicle traversals")
                .uid("vehicle-traversals");

        DataStream<ProbeMeasure> approachDelay = traversals
                .keyBy(Traversal::approachId)
                .process(approachDelays(probe))
                .returns(TypeInformation.of(ProbeMeasure.class))
                .name("approach delay")
                .uid("probe-approach-delay");
        DataStream<ProbeMeasure> linkTravel = traversals
                .getSideOutput(VehicleTraversalFunction.LINKS)
                .keyBy(ApproachDelayAggregator::linkKey)
                .process(linkTravelTimes(probe))
                .returns(TypeInformation.of(ProbeMeasure.class))
                .name("link travel times")
                .uid("probe-link-travel");

        return new Outputs(
                approachDelay.union(linkTravel),
                traversals,
                positions.getSideOutput(ContractDecoder.DEAD_LETTERS),
                traversals.getSideOutput(VehicleTraversalFunction.LATE));
    }

    /**
     * Per approach (keyed by approach id) and bin: a bin closes once the watermark passes its end plus the largest
     * bridged sample gap (a crossing is recognised at the vehicle's next sample).
     */
    public static BinnedProbeAggregation<Traversal> approachDelays(GreenwaveConfig.Probe probe) {
        return new BinnedProbeAggregation<>(
                TypeInformation.of(Traversal.class),
                Traversal::stopbarTs,
                list -> ApproachDelayAggregator.approachDelay(list),
                closeAfterMs(probe));
    }

    /** Per corridor link (keyed by {@link ApproachDelayAggregator#linkKey}) and bin, closed as {@link #approachDelays}. */
    public static BinnedProbeAggregation<LinkTravel> linkTravelTimes(GreenwaveConfig.Probe probe) {
        return new BinnedProbeAggregation<>(
                TypeInformation.of(LinkTravel.class),
                LinkTravel::toTs,
                list -> ApproachDelayAggregator.linkTravelTime(list),
                closeAfterMs(probe));
    }

    private static long closeAfterMs(GreenwaveConfig.Probe probe) {
        return Math.round(probe.maxSampleGapS() * 1000) + 1;
    }

    /** Every table the job writes. */
    public static List<IcebergTable<?>> tables() {
        List<IcebergTable<?>> all = new ArrayList<>(ProbeTables.all());
        all.addAll(OpsTables.all());
        return all;
    }

    public static void ensureTables(Catalog catalog) {
        TableSetup.ensure(catalog, tables());
    }

    /** Production sinks: measures to Kafka and Iceberg, traversals, dead letters and late positions to Iceberg. */
    public void sinkToKafkaAndIceberg(Outputs outputs, CatalogLoader catalog) {
        KafkaSinks.exactlyOnce(
                outputs.measures(),
                config,
                config.topics().probeMeasures(),
                Contract.PROBE_MEASURES,
                "probe-measures",
                "kafka " + config.topics().probeMeasures(),
                "kafka-probe-measures");
        KafkaSinks.exactlyOnce(
                outputs.deadLetters(),
                config,
                config.topics().dlq(),
                Contract.DLQ,
                "probe-dlq",
                "kafka " + config.topics().dlq(),
                "kafka-probe-dlq");
        ProbeTables.APPROACH_DELAY.appendInstances(outputs.measures(), ProbeMeasure.ApproachDelay.class, catalog);
        ProbeTables.LINK_TRAVEL_TIMES.appendInstances(outputs.measures(), ProbeMeasure.LinkTravelTime.class, catalog);
        ProbeTables.TRAVERSALS.append(outputs.traversals(), catalog);
        OpsTables.DEAD_LETTERS.append(outputs.deadLetters(), catalog, "probe");
        OpsTables.LATE_EVENTS.append(outputs.lateEvents(), catalog, "probe");
    }

    /**
     * Adds the job to {@code env}, reading {@code vehicle.positions} from Kafka (see the signal pipeline). Returns the
     * measures, for jobs that plan from them in the same program (the green-wave job).
     */
    public static DataStream<ProbeMeasure> add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            Network network,
            CatalogLoader catalog,
            boolean bounded,
            OffsetsInitializer startingOffsets) {
        var raw = env.fromSource(
                        KafkaSinks.rawSource(config, config.topics().vehiclePositions(), bounded, startingOffsets),
                        watermarks(config),
                        "kafka " + config.topics().vehiclePositions())
                .uid("kafka-vehicle-positions");
        ProbeDelayJob job = new ProbeDelayJob(config, network);
        Outputs outputs = job.build(raw);
        job.sinkToKafkaAndIceberg(outputs, catalog);
        return outputs.measures();
    }
}
