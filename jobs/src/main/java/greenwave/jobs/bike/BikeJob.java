package greenwave.jobs.bike;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.ContractDecoder;
import greenwave.jobs.common.DataEnd;
import greenwave.jobs.common.EventTime;
import greenwave.jobs.common.IcebergTable;
import greenwave.jobs.common.KafkaSinks;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.common.LatestEventTime;
import greenwave.jobs.common.OpsTables;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.common.TableSetup;
import greenwave.schemas.Alert;
import greenwave.schemas.BikeEvent;
import greenwave.schemas.BikeZone;
import greenwave.schemas.Contract;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.DispatchTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The shared-bike job (spec measures.md §3): {@code bike.events} in, with the zones ({@code zones.json} and/or the
 * compacted topic {@code bike.zones}) and the blacklist ({@code bike.blacklist}) as reference data that change while it
 * runs; overflow alarms, dispatch tasks, reflow episodes, occupancy and disorderly-parking snapshots out. Sources and
 * sinks are injected as in the other jobs, so tests run the real topology.
 *
 * <pre>
 *  bike.events ─ decode ─ keyBy bike ─┐ BikeTrackerFunction ─ zone deltas ─┐ keyBy zone ─┐ ZoneOccupancyFunction ─ alarms, tasks, snapshots
 *  zones, blacklist, ─ broadcast ─────┘      │   zones (capacity, deletion) ─┘             │
 *  data's end                                │ cell deltas ─ keyBy cell ─┐ DisorderlyParkingFunction ─ snapshots
 *                                            └ reflow alarms and tasks, late events        │
 *  decoded events ─ LatestEventTime (data's end) ─ broadcast ──────────────┴──────────────┘
 * </pre>
 * The reference topics are compacted: a tombstone (null value) deletes its key, the zone or the bike's blacklist
 * records ({@link BikeReferenceDecoder}); a tombstone without a valid key is a dead letter.
 * The data's end ({@link DataEnd}) is how every operator that decides in event time knows, when a bounded input ends
 * and the watermark jumps to its maximum, which times the data reached: nothing is decided beyond it.
 */
public final class BikeJob {

    /** The job's outputs, before any sink. */
    public record Outputs(
            DataStream<DispatchTask> tasks,
            DataStream<Alert> alerts,
            DataStream<BikeAlarm> alarms,
            DataStream<OccupancySnapshot> occupancy,
            DataStream<DisorderlySnapshot> disorderly,
            DataStream<DeadLetter> deadLetters,
            DataStream<LateEvent> lateEvents) {}

    /** The data's end ({@link DataEnd}) of the bike job's operators, broadcast. */
    public static final MapStateDescriptor<String, Long> DATA_END = DataEnd.state("bike-data-end");

    private final GreenwaveConfig config;
    private final BikeSettings settings;

    public BikeJob(GreenwaveConfig config) {
        this.config = config;
        this.settings = BikeSettings.of(config.bike());
    }

    /** Event time of {@code bike.events} and {@code bike.blacklist}: their {@code ts}, with the configured lateness. */
    public static WatermarkStrategy<RawRecord> watermarks(GreenwaveConfig config) {
        return EventTime.boundedOutOfOrderness(
                Duration.ofSeconds(config.bike().maxOutOfOrdernessS()),
                Duration.ofSeconds(config.bike().sourceIdlenessS()),
                config.input().plausibleTime());
    }

    /**
     * For reference records without a time of their own (zones): their input never holds event time back. A zone
     * change applies when it arrives.
     */
    public static <T> WatermarkStrategy<T> timeless() {
        return ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        };
    }

    /**
     * The topology. {@code rawEvents} must carry event time ({@link #watermarks}), as must {@code rawBlacklist}
     * (may be null); {@code fileZones} (zones from a file, may be null) and {@code rawZones} (the zones topic, may be
     * null, with {@link #timeless()}) are the zones. A bounded {@code fileZones} holds event time back until it is
     * read, so every file zone is known before the first event is placed.
     */
    public Outputs build(
            DataStream<RawRecord> rawEvents,
            DataStream<BikeZone> fileZones,
            DataStream<RawRecord> rawZones,
            DataStream<RawRecord> rawBlacklist) {
        SingleOutputStreamOperator<BikeEvent> events = rawEvents
                .process(new ContractDecoder<>(
                        Contract.BIKE_EVENTS, BikeEvent.class, config.input().plausibleTime()))
                .returns(TypeInformation.of(BikeEvent.class))
                .name("decode bike.events")
                .uid("decode-bike-events");
        DataStream<DeadLetter> deadLetters = events.getSideOutput(ContractDecoder.DEAD_LETTERS);

        // Zone changes: the file's zones, and the topic's records and deletions (tombstones) in one operator, so a
        // deletion and a later record of the same zone keep their order.
        DataStream<BikeReference> zones = fileZones == null
                ? null
                : fileZones
                        .map(BikeReference::of)
                        .returns(TypeInformation.of(BikeReference.class))
                        .name("zone as reference")
                        .uid("bike-zone-reference");
        if (rawZones != null) {
            SingleOutputStreamOperator<BikeReference> topicZones = rawZones.process(new BikeReferenceDecoder(
                            Contract.BIKE_ZONES, config.input().plausibleTime()))
                    .returns(TypeInformation.of(BikeReference.class))
                    .name("decode bike.zones")
                    .uid("decode-bike-zones");
            // a zone failing the reference check (e.g. a polygon crossing itself) is a dead letter like a malformed
            // one and never reaches the zones in force: the previous version of that zone stays; so is a tombstone
            // without a valid key
            deadLetters = deadLetters.union(topicZones.getSideOutput(ContractDecoder.DEAD_LETTERS));
            zones = zones == null ? topicZones : zones.union(topicZones);
        }
        if (zones == null) {
            throw new IllegalArgumentException("the bike job needs zones: a zones file, the zones topic, or both");
        }
        DataStream<BikeReference> reference = zones;
        if (rawBlacklist != null) {
            SingleOutputStreamOperator<BikeReference> blacklist = rawBlacklist
                    .process(new BikeReferenceDecoder(
                            Contract.BIKE_BLACKLIST, config.input().plausibleTime()))
                    .returns(TypeInformation.of(BikeReference.class))
                    .name("decode bike.blacklist")
                    .uid("decode-bike-blacklist");
            deadLetters = deadLetters.union(blacklist.getSideOutput(ContractDecoder.DEAD_LETTERS));
            reference = reference.union(blacklist);
        }
        // The data's end: the latest event time of each instance of the decoded events, to every instance of each
        // operator that decides in event time, ahead of the final watermark (DataEnd).
        SingleOutputStreamOperator<Long> latestEventTs = events.transform(
                        "latest event time", Types.LONG, new LatestEventTime<BikeEvent>(BikeEvent::ts))
                .uid("bike-latest-event-time");
        reference = reference.union(latestEventTs
                .map(BikeReference::dataEnd)
                .returns(TypeInformation.of(BikeReference.class))
                .name("data end as reference")
                .uid("bike-data-end-reference"));
        BroadcastStream<BikeReference> broadcast =
                reference.broadcast(BikeTrackerFunction.ZONES, BikeTrackerFunction.BLACKLIST, BikeJob.DATA_END);
        BroadcastStream<Long> dataEnd = latestEventTs.broadcast(BikeJob.DATA_END);

        SingleOutputStreamOperator<PlaceDelta> zoneDeltas = events.keyBy(BikeEvent::bikeId)
                .connect(broadcast)
                .process(new BikeTrackerFunction(
                        settings, config.topics().bikeEvents(), config.topics().bikeBlacklist()))
                .returns(TypeInformation.of(PlaceDelta.class))
                .name("bikes")
                .uid("bike-tracker");

        DataStream<ZoneInput> zoneInputs = zoneDeltas
                .map(d -> ZoneInput.of(d))
                .returns(TypeInformation.of(ZoneInput.class))
                .name("zone delta")
                .uid("bike-zone-delta-input")
                .union(zones.map(z -> ZoneInput.of(z))
                        .returns(TypeInformation.of(ZoneInput.class))
                        .name("zone capacity or deletion")
                        .uid("bike-zone-capacity-input"));
        SingleOutputStreamOperator<BikeAlarm> overflow = zoneInputs
                .keyBy(ZoneInput::zoneId)
                .connect(dataEnd)
                .process(new ZoneOccupancyFunction(settings))
                .returns(TypeInformation.of(BikeAlarm.class))
                .name("zone occupancy")
                .uid("bike-zone-occupancy");

        DataStream<DisorderlySnapshot> disorderly = zoneDeltas
                .getSideOutput(BikeTrackerFunction.CELLS)
                .keyBy(PlaceDelta::place)
                .connect(dataEnd)
                .process(new DisorderlyParkingFunction(settings))
                .returns(TypeInformation.of(DisorderlySnapshot.class))
                .name("disorderly parking")
                .uid("bike-disorderly-parking");

        DataStream<BikeAlarm> alarms = overflow.union(zoneDeltas.getSideOutput(BikeTrackerFunction.ALARMS));
        DataStream<DispatchTask> tasks = overflow.getSideOutput(ZoneOccupancyFunction.TASKS)
                .union(zoneDeltas.getSideOutput(BikeTrackerFunction.TASKS));
        DataStream<Alert> alerts = alarms.flatMap((FlatMapFunction<BikeAlarm, Alert>) (alarm, out) -> {
                    Alert alert = alarm.toAlert();
                    if (alert != null) {
                        out.collect(alert);
                    }
                })
                .returns(TypeInformation.of(Alert.class))
                .name("bike alerts")
                .uid("bike-alerts");
        return new Outputs(
                tasks,
                alerts,
                alarms,
                overflow.getSideOutput(ZoneOccupancyFunction.SNAPSHOTS),
                disorderly,
                deadLetters,
                zoneDeltas.getSideOutput(BikeTrackerFunction.LATE));
    }

    /** Every table the job writes. */
    public static List<IcebergTable<?>> tables() {
        List<IcebergTable<?>> all = new ArrayList<>(BikeTables.all());
        all.add(OpsTables.ALERTS);
        all.addAll(OpsTables.all());
        return all;
    }

    public static void ensureTables(Catalog catalog) {
        TableSetup.ensure(catalog, tables());
    }

    /** Production sinks: tasks and alerts to Kafka (exactly once) and Iceberg, the rest to Iceberg, dead letters to dlq. */
    public void sinkToKafkaAndIceberg(Outputs outputs, CatalogLoader catalog) {
        GreenwaveConfig.Topics topics = config.topics();
        KafkaSinks.exactlyOnce(
                outputs.tasks(),
                config,
                topics.bikeDispatchTasks(),
                Contract.BIKE_DISPATCH_TASKS,
                "bike-dispatch-tasks",
                "kafka " + topics.bikeDispatchTasks(),
                "kafka-bike-dispatch-tasks");
        KafkaSinks.exactlyOnce(
                outputs.alerts(),
                config,
                topics.alerts(),
                Contract.ALERTS,
                "bike-alerts",
                "kafka " + topics.alerts() + " (bike)",
                "kafka-bike-alerts");
        KafkaSinks.exactlyOnce(
                outputs.deadLetters(),
                config,
                topics.dlq(),
                Contract.DLQ,
                "bike-dlq",
                "kafka " + topics.dlq() + " (bike)",
                "kafka-bike-dlq");
        BikeTables.DISPATCH_TASKS.append(outputs.tasks(), catalog);
        BikeTables.ALARMS.append(outputs.alarms(), catalog);
        BikeTables.OCCUPANCY_SNAPSHOTS.append(outputs.occupancy(), catalog);
        BikeTables.DISORDERLY_PARKING.append(outputs.disorderly(), catalog);
        OpsTables.ALERTS.append(outputs.alerts(), catalog, "bike");
        OpsTables.DEAD_LETTERS.append(outputs.deadLetters(), catalog, "bike");
        OpsTables.LATE_EVENTS.append(outputs.lateEvents(), catalog, "bike");
    }

    /**
     * Adds the job to {@code env}: {@code bike.events} from {@code startingOffsets}, the reference topics
     * ({@code bike.zones}, {@code bike.blacklist}) from {@code referenceOffsets} (a replay reads them from the start:
     * reference data of earlier batches still holds), plus {@code fileZones} (from {@code zones.json}; may be empty).
     */
    public static void add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            List<BikeZone> fileZones,
            CatalogLoader catalog,
            boolean bounded,
            OffsetsInitializer startingOffsets,
            OffsetsInitializer referenceOffsets) {
        GreenwaveConfig.Topics topics = config.topics();
        var events = env.fromSource(
                        KafkaSinks.rawSource(config, topics.bikeEvents(), bounded, startingOffsets),
                        watermarks(config),
                        "kafka " + topics.bikeEvents())
                .uid("kafka-bike-events");
        var zonesTopic = env.fromSource(
                        KafkaSinks.rawSource(config, topics.bikeZones(), bounded, referenceOffsets),
                        BikeJob.<RawRecord>timeless(),
                        "kafka " + topics.bikeZones())
                .uid("kafka-bike-zones");
        var blacklist = env.fromSource(
                        KafkaSinks.rawSource(config, topics.bikeBlacklist(), bounded, referenceOffsets),
                        watermarks(config),
                        "kafka " + topics.bikeBlacklist())
                .uid("kafka-bike-blacklist");
        DataStream<BikeZone> file = fileZones == null || fileZones.isEmpty()
                ? null
                : env.fromData(fileZones, TypeInformation.of(BikeZone.class))
                        .name("zones.json")
                        .uid("bike-zones-file");
        BikeJob job = new BikeJob(config);
        Outputs outputs = job.build(events, file, zonesTopic, blacklist);
        job.sinkToKafkaAndIceberg(outputs, catalog);
    }
}
