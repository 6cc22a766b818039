package greenwave.jobs.signal;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import greenwave.jobs.common.IcebergTable;
import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.util.List;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The {@code traffic} tables of the signal performance job: one per measure, plus the raw controller events.
 * Column docs carry the units; measures are partitioned by day of the bin (they are small), raw events by day and
 * a device bucket (they are not).
 */
public final class SignalTables {
    private SignalTables() {}

    private static Types.NestedField deviceId() {
        return required(1, "device_id", Types.StringType.get(), "signal controller id");
    }

    private static Types.NestedField binStart() {
        return required(
                2,
                "bin_start",
                Types.TimestampType.withZone(),
                "start of the 15-minute bin (UTC, aligned to the hour)");
    }

    private static Types.NestedField phase(int id) {
        return required(id, "phase", Types.IntegerType.get(), "NEMA phase number");
    }

    private static PartitionSpec byDay(Schema schema, String column) {
        return PartitionSpec.builderFor(schema).day(column).build();
    }

    // --- raw events -------------------------------------------------------------------------------------------

    static final Schema SIGNAL_EVENTS_SCHEMA = new Schema(
            deviceId(),
            required(2, "ts", Types.TimestampType.withZone(), "event time (UTC, 0.1 s resolution on most controllers)"),
            required(
                    3,
                    "code",
                    Types.IntegerType.get(),
                    "Indiana hi-resolution event code (1 begin green, 82 detector on, ...)"),
            required(4, "param", Types.IntegerType.get(), "phase, detector channel or coordination value, by code"));

    public static final IcebergTable<SignalEvent> SIGNAL_EVENTS = new IcebergTable<>(
            TableIdentifier.of("traffic", "signal_events"),
            "Controller high-resolution event log, every code kept as received (exact duplicates removed)",
            SIGNAL_EVENTS_SCHEMA,
            PartitionSpec.builderFor(SIGNAL_EVENTS_SCHEMA)
                    .day("ts")
                    .bucket("device_id", 16)
                    .build(),
            e -> GenericRowData.of(text(e.deviceId()), time(e.ts()), e.code(), e.param()));

    // --- measures ---------------------------------------------------------------------------------------------

    static final Schema ACTUATIONS_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            required(3, "detector", Types.IntegerType.get(), "detector channel"),
            required(4, "total", Types.LongType.get(), "detector-on events (code 82) in the bin"));

    public static final IcebergTable<SignalMeasure.Actuations> ACTUATIONS = new IcebergTable<>(
            TableIdentifier.of("traffic", "actuations"),
            "Detector actuations per channel and 15-minute bin (ATSPM-compatible)",
            ACTUATIONS_SCHEMA,
            byDay(ACTUATIONS_SCHEMA, "bin_start"),
            m -> GenericRowData.of(text(m.deviceId()), time(m.binStart()), m.detector(), m.total()));

    static final Schema TERMINATIONS_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            phase(3),
            required(4, "termination", Types.StringType.get(), "GapOut, MaxOut or ForceOff"),
            required(5, "total", Types.LongType.get(), "terminations of that kind in the bin"));

    public static final IcebergTable<SignalMeasure.Terminations> TERMINATIONS = new IcebergTable<>(
            TableIdentifier.of("traffic", "terminations"),
            "Phase terminations (gap-out, max-out, force-off) per phase and 15-minute bin (ATSPM-compatible)",
            TERMINATIONS_SCHEMA,
            byDay(TERMINATIONS_SCHEMA, "bin_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()), time(m.binStart()), m.phase(), text(m.termination()), m.total()));

    static final Schema ARRIVALS_ON_GREEN_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            phase(3),
            required(4, "total_actuations", Types.LongType.get(), "advance-detector arrivals in the bin"),
            required(5, "green_actuations", Types.LongType.get(), "of those, arrivals while the phase was green"),
            required(6, "percent_aog", Types.DoubleType.get(), "share of arrivals on green, 0..1"));

    public static final IcebergTable<SignalMeasure.ArrivalsOnGreen> ARRIVALS_ON_GREEN = new IcebergTable<>(
            TableIdentifier.of("traffic", "arrivals_on_green"),
            "Arrivals on green per phase and 15-minute bin from advance detectors (ATSPM-compatible; rows with no green arrival are kept here)",
            ARRIVALS_ON_GREEN_SCHEMA,
            byDay(ARRIVALS_ON_GREEN_SCHEMA, "bin_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    time(m.binStart()),
                    m.phase(),
                    m.totalActuations(),
                    m.greenActuations(),
                    m.percentAog()));

    static final Schema SPLIT_FAILURES_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            phase(3),
            required(4, "cycles", Types.IntegerType.get(), "complete cycles ending in the bin"),
            required(5, "green_time_s", Types.DoubleType.get(), "mean green time per cycle, seconds"),
            required(6, "green_occupancy", Types.DoubleType.get(), "mean occupied share of green time, 0..1"),
            required(7, "red_occupancy", Types.DoubleType.get(), "mean occupied share of the first 5 s of red, 0..1"),
            required(8, "split_failures", Types.IntegerType.get(), "cycles with both occupancies at or above 0.80"));

    public static final IcebergTable<SignalMeasure.SplitFailures> SPLIT_FAILURES = new IcebergTable<>(
            TableIdentifier.of("traffic", "split_failures"),
            "Split failures per phase (by approach, presence detectors) and 15-minute bin of cycle end (ATSPM-compatible)",
            SPLIT_FAILURES_SCHEMA,
            byDay(SPLIT_FAILURES_SCHEMA, "bin_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    time(m.binStart()),
                    m.phase(),
                    m.cycles(),
                    m.greenTimeS(),
                    m.greenOccupancy(),
                    m.redOccupancy(),
                    m.splitFailures()));

    static final Schema APPROACH_DELAY_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            phase(3),
            required(
                    4,
                    "arrivals",
                    Types.LongType.get(),
                    "advance-detector arrivals (moved to the stop bar) in the bin"),
            required(5, "volume_vph", Types.DoubleType.get(), "arrival flow, vehicles per hour"),
            required(6, "total_delay_s", Types.DoubleType.get(), "sum of arrivals' waits for green, seconds"),
            required(7, "delay_per_veh_s", Types.DoubleType.get(), "mean delay per arriving vehicle, seconds"),
            required(8, "arrivals_on_green", Types.LongType.get(), "arrivals during green"),
            required(9, "percent_arrivals_on_green", Types.DoubleType.get(), "share of arrivals on green, 0..1"),
            required(10, "percent_green_time", Types.DoubleType.get(), "share of the bin the phase was green, 0..1"),
            required(11, "platoon_ratio", Types.DoubleType.get(), "percent arrivals on green / percent green time"));

    public static final IcebergTable<SignalMeasure.ApproachDelay> APPROACH_DELAY = new IcebergTable<>(
            TableIdentifier.of("traffic", "approach_delay"),
            "ATSPM approach delay per phase and 15-minute bin: arrivals on red wait until the next green",
            APPROACH_DELAY_SCHEMA,
            byDay(APPROACH_DELAY_SCHEMA, "bin_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    time(m.binStart()),
                    m.phase(),
                    m.arrivals(),
                    m.volumeVph(),
                    m.totalDelayS(),
                    m.delayPerVehS(),
                    m.arrivalsOnGreen(),
                    m.percentArrivalsOnGreen(),
                    m.percentGreenTime(),
                    m.platoonRatio()));

    static final Schema PCD_CYCLES_SCHEMA = new Schema(
            deviceId(),
            phase(2),
            required(3, "cycle_start", Types.TimestampType.withZone(), "begin green of the cycle (UTC)"),
            optional(4, "yellow_start", Types.TimestampType.withZone(), "begin yellow within the cycle"),
            optional(5, "red_start", Types.TimestampType.withZone(), "begin red clearance within the cycle"),
            required(6, "cycle_end", Types.TimestampType.withZone(), "next begin green"),
            required(
                    7,
                    "arrivals_s",
                    Types.ListType.ofRequired(8, Types.DoubleType.get()),
                    "arrival times at the stop bar, seconds since cycle_start"));

    public static final IcebergTable<SignalMeasure.PcdCycle> PCD_CYCLES = new IcebergTable<>(
            TableIdentifier.of("traffic", "pcd_cycles"),
            "Purdue coordination diagram: per phase cycle, the green/yellow/red starts and the arrivals within the cycle",
            PCD_CYCLES_SCHEMA,
            byDay(PCD_CYCLES_SCHEMA, "cycle_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    m.phase(),
                    time(m.cycleStart()),
                    time(m.yellowStart()),
                    time(m.redStart()),
                    time(m.cycleEnd()),
                    new GenericArrayData(m.arrivalsS().stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray())));

    static final Schema DEGREE_OF_SATURATION_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            phase(3),
            required(4, "volume_vph", Types.DoubleType.get(), "advance-detector volume, vehicles per hour"),
            required(5, "lanes", Types.IntegerType.get(), "lanes of the approach"),
            required(6, "green_ratio", Types.DoubleType.get(), "green time / elapsed time in the bin, 0..1"),
            required(
                    7,
                    "saturation_flow_vphpl",
                    Types.DoubleType.get(),
                    "saturation flow used, vehicles per hour per lane"),
            required(8, "degree_of_saturation", Types.DoubleType.get(), "volume / capacity (v/c)"));

    public static final IcebergTable<SignalMeasure.DegreeOfSaturation> DEGREE_OF_SATURATION = new IcebergTable<>(
            TableIdentifier.of("traffic", "degree_of_saturation"),
            "Degree of saturation (v/c) per phase and 15-minute bin",
            DEGREE_OF_SATURATION_SCHEMA,
            byDay(DEGREE_OF_SATURATION_SCHEMA, "bin_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    time(m.binStart()),
                    m.phase(),
                    m.volumeVph(),
                    m.lanes(),
                    m.greenRatio(),
                    m.saturationFlowVphpl(),
                    m.degreeOfSaturation()));

    static final Schema YELLOW_RED_ACTUATIONS_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            phase(3),
            required(
                    4,
                    "signal_state",
                    Types.IntegerType.get(),
                    "phase state the detector-on met: 1 green, 8 yellow, 10 red"),
            required(
                    5,
                    "red_offset_s",
                    Types.DoubleType.get(),
                    "seconds from the cycle's begin red clearance to the detector-on (moved 1.5 s earlier), rounded to"
                            + " 0.5 s; negative before red, from -8 s"),
            required(6, "total", Types.LongType.get(), "detector-ons with that state and offset"));

    public static final IcebergTable<SignalMeasure.YellowRedActuations> YELLOW_RED_ACTUATIONS = new IcebergTable<>(
            TableIdentifier.of("traffic", "yellow_red_actuations"),
            "Yellow and red actuations (red-light running) per phase and 15-minute bin of the cycle's begin red"
                    + " clearance: Yellow_Red detector-ons by phase state and offset from begin red",
            YELLOW_RED_ACTUATIONS_SCHEMA,
            byDay(YELLOW_RED_ACTUATIONS_SCHEMA, "bin_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()), time(m.binStart()), m.phase(), m.signalState(), m.redOffsetS(), m.total()));

    static final Schema PREEMPTIONS_SCHEMA = new Schema(
            deviceId(),
            required(2, "preempt_number", Types.IntegerType.get(), "preempt input number"),
            optional(3, "call_ts", Types.TimestampType.withZone(), "preempt call input on (102)"),
            required(4, "entry_ts", Types.TimestampType.withZone(), "preemption entry started (105)"),
            optional(5, "track_clear_ts", Types.TimestampType.withZone(), "begin track clearance (106)"),
            optional(6, "dwell_ts", Types.TimestampType.withZone(), "begin dwell service (107)"),
            optional(7, "exit_ts", Types.TimestampType.withZone(), "begin exit interval (111)"),
            optional(8, "input_off_ts", Types.TimestampType.withZone(), "first call input off (104) after the call"),
            optional(9, "delay_s", Types.DoubleType.get(), "entry - call, seconds"),
            optional(10, "time_to_service_s", Types.DoubleType.get(), "track clearance (else dwell) - entry, seconds"),
            optional(11, "dwell_time_s", Types.DoubleType.get(), "exit (else input off) - dwell, seconds"),
            optional(12, "track_clear_s", Types.DoubleType.get(), "dwell (else exit) - track clearance, seconds"),
            required(13, "max_presence_exceeded", Types.BooleanType.get(), "max presence exceeded (110) in the cycle"));

    public static final IcebergTable<SignalMeasure.Preemption> PREEMPTIONS = new IcebergTable<>(
            TableIdentifier.of("traffic", "preemptions"),
            "Preemption details (ATSPM 5): one row per preemption cycle with its steps and durations",
            PREEMPTIONS_SCHEMA,
            byDay(PREEMPTIONS_SCHEMA, "entry_ts"),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    m.preemptNumber(),
                    time(m.callTs()),
                    time(m.entryTs()),
                    time(m.trackClearTs()),
                    time(m.dwellTs()),
                    time(m.exitTs()),
                    time(m.inputOffTs()),
                    m.delayS(),
                    m.timeToServiceS(),
                    m.dwellTimeS(),
                    m.trackClearS(),
                    m.maxPresenceExceeded()));

    static final Schema COORDINATION_CHANGES_SCHEMA = new Schema(
            deviceId(),
            required(2, "ts", Types.TimestampType.withZone(), "time of the change event (UTC)"),
            required(3, "kind", Types.StringType.get(), "pattern (131), cycle_length (132) or offset (133)"),
            required(4, "value", Types.IntegerType.get(), "new pattern number, cycle length (s) or offset (s)"));

    public static final IcebergTable<SignalMeasure.CoordinationChange> COORDINATION_CHANGES = new IcebergTable<>(
            TableIdentifier.of("traffic", "coordination_changes"),
            "Coordination changes logged by the controllers: pattern, cycle length and offset",
            COORDINATION_CHANGES_SCHEMA,
            byDay(COORDINATION_CHANGES_SCHEMA, "ts"),
            m -> GenericRowData.of(text(m.deviceId()), time(m.ts()), text(m.kind()), m.value()));

    static final Schema CYCLE_LENGTHS_SCHEMA = new Schema(
            deviceId(),
            binStart(),
            phase(3),
            required(
                    4, "cycles", Types.IntegerType.get(), "cycles (begin green to next begin green) ending in the bin"),
            required(5, "mean_cycle_s", Types.DoubleType.get(), "mean cycle length, seconds"),
            required(6, "min_cycle_s", Types.DoubleType.get(), "shortest cycle, seconds"),
            required(7, "max_cycle_s", Types.DoubleType.get(), "longest cycle, seconds"));

    public static final IcebergTable<SignalMeasure.CycleLength> CYCLE_LENGTHS = new IcebergTable<>(
            TableIdentifier.of("traffic", "cycle_lengths"),
            "Observed cycle lengths per phase and 15-minute bin of cycle end, from consecutive begin greens",
            CYCLE_LENGTHS_SCHEMA,
            byDay(CYCLE_LENGTHS_SCHEMA, "bin_start"),
            m -> GenericRowData.of(
                    text(m.deviceId()),
                    time(m.binStart()),
                    m.phase(),
                    m.cycles(),
                    m.meanCycleS(),
                    m.minCycleS(),
                    m.maxCycleS()));

    public static List<IcebergTable<?>> all() {
        return List.of(
                SIGNAL_EVENTS,
                ACTUATIONS,
                TERMINATIONS,
                ARRIVALS_ON_GREEN,
                SPLIT_FAILURES,
                APPROACH_DELAY,
                PCD_CYCLES,
                DEGREE_OF_SATURATION,
                YELLOW_RED_ACTUATIONS,
                PREEMPTIONS,
                COORDINATION_CHANGES,
                CYCLE_LENGTHS);
    }
}
