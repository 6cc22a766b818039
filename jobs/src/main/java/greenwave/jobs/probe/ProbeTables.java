package greenwave.jobs.probe;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import greenwave.jobs.common.IcebergTable;
import greenwave.schemas.ProbeMeasure;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/** The {@code traffic} tables of the probe-vehicle job: delay per approach, travel times per link, traversals. */
public final class ProbeTables {
    private ProbeTables() {}

    static final Schema APPROACH_DELAY_SCHEMA = new Schema(
            required(1, "device_id", Types.StringType.get(), "signal controller id"),
            required(2, "approach_id", Types.StringType.get(), "approach, e.g. 227-EB"),
            required(
                    3,
                    "bin_start",
                    Types.TimestampType.withZone(),
                    "start of the 15-minute bin of stop-bar crossings (UTC)"),
            required(4, "samples", Types.IntegerType.get(), "probe traversals in the bin"),
            required(5, "mean_delay_s", Types.DoubleType.get(), "mean control delay, seconds"),
            required(
                    6,
                    "p85_delay_s",
                    Types.DoubleType.get(),
                    "85th percentile control delay (linear interpolation), seconds"),
            required(7, "mean_stops", Types.DoubleType.get(), "mean stops per traversal"),
            optional(8, "max_queue_m", Types.DoubleType.get(), "farthest stopped position from the stop bar, metres"),
            required(9, "los", Types.StringType.get(), "HCM level of service of the mean delay, A..F"));

    public static final IcebergTable<ProbeMeasure.ApproachDelay> APPROACH_DELAY = new IcebergTable<>(
            TableIdentifier.of("traffic", "probe_approach_delay"),
            "Control delay, stops, queue and level of service per approach and 15-minute bin, from probe vehicles",
            APPROACH_DELAY_SCHEMA,
            PartitionSpec.builderFor(APPROACH_DELAY_SCHEMA).day("bin_start").build(),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    text(m.approachId()),
                    time(m.binStart()),
                    m.samples(),
                    m.meanDelayS(),
                    m.p85DelayS(),
                    m.meanStops(),
                    m.maxQueueM(),
                    text(m.los())));

    static final Schema LINK_TRAVEL_SCHEMA = new Schema(
            required(1, "corridor_id", Types.StringType.get(), "corridor"),
            required(2, "direction", Types.StringType.get(), "direction of travel, e.g. EB"),
            required(3, "from_device", Types.StringType.get(), "upstream intersection"),
            required(4, "to_device", Types.StringType.get(), "downstream intersection"),
            required(5, "bin_start", Types.TimestampType.withZone(), "start of the 15-minute bin of arrivals (UTC)"),
            required(6, "samples", Types.IntegerType.get(), "probe trips in the bin"),
            required(7, "mean_s", Types.DoubleType.get(), "mean stop-bar-to-stop-bar travel time, seconds"),
            required(8, "p85_s", Types.DoubleType.get(), "85th percentile travel time, seconds"),
            optional(
                    9,
                    "mean_running_s",
                    Types.DoubleType.get(),
                    "mean running time, seconds: each trip's travel time minus its control delay at to_device"
                            + " (what green-wave offsets use)"));

    public static final IcebergTable<ProbeMeasure.LinkTravelTime> LINK_TRAVEL_TIMES = new IcebergTable<>(
            TableIdentifier.of("traffic", "link_travel_times"),
            "Measured stop-bar-to-stop-bar travel times between consecutive corridor intersections, per direction and 15-minute bin",
            LINK_TRAVEL_SCHEMA,
            PartitionSpec.builderFor(LINK_TRAVEL_SCHEMA).day("bin_start").build(),
            m -> GenericRowData.of(
                    text(m.corridorId()),
                    text(m.direction()),
                    text(m.fromDevice()),
                    text(m.toDevice()),
                    time(m.binStart()),
                    m.samples(),
                    m.meanS(),
                    m.p85S(),
                    m.meanRunningS()));

    static final Schema TRAVERSALS_SCHEMA = new Schema(
            required(1, "device_id", Types.StringType.get(), "signal controller id"),
            required(2, "approach_id", Types.StringType.get(), "approach"),
            required(3, "vehicle_id", Types.StringType.get(), "anonymised probe id (stable for one trip)"),
            required(4, "entry_ts", Types.TimestampType.withZone(), "interpolated zone entry (UTC)"),
            required(5, "stopbar_ts", Types.TimestampType.withZone(), "interpolated stop-bar crossing (UTC)"),
            required(6, "delay_s", Types.DoubleType.get(), "control delay, seconds"),
            required(7, "stops", Types.IntegerType.get(), "stops in the zone"),
            optional(8, "queue_m", Types.DoubleType.get(), "farthest stopped position from the stop bar, metres"));

    public static final IcebergTable<Traversal> TRAVERSALS = new IcebergTable<>(
            TableIdentifier.of("traffic", "probe_traversals"),
            "Every probe vehicle's traversal of an approach zone: the samples behind probe_approach_delay",
            TRAVERSALS_SCHEMA,
            PartitionSpec.builderFor(TRAVERSALS_SCHEMA).day("stopbar_ts").build(),
            t -> GenericRowData.of(
                    text(t.deviceId()),
                    text(t.approachId()),
                    text(t.vehicleId()),
                    time(t.entryTs()),
                    time(t.stopbarTs()),
                    t.delayS(),
                    t.stops(),
                    t.queueM()));

    public static List<IcebergTable<?>> all() {
        return List.of(APPROACH_DELAY, LINK_TRAVEL_TIMES, TRAVERSALS);
    }
}
