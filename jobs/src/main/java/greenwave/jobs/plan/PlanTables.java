package greenwave.jobs.plan;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import greenwave.jobs.common.IcebergTable;
import greenwave.schemas.TimingPlan;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.data.GenericRowData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/** The {@code traffic} tables of the green-wave job: every plan decision, and the measured outcome of sent plans. */
public final class PlanTables {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanTables() {}

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static final Schema TIMING_PLANS_SCHEMA = new Schema(
            required(
                    1,
                    "plan_id",
                    Types.StringType.get(),
                    "deterministic plan id: corridor, period start (UTC), device"),
            required(2, "corridor_id", Types.StringType.get(), "corridor"),
            required(3, "device_id", Types.StringType.get(), "signal controller the plan is for"),
            required(4, "issued_at", Types.TimestampType.withZone(), "period boundary the plan was computed at (UTC)"),
            required(5, "effective_at", Types.TimestampType.withZone(), "start of the plan's validity (UTC)"),
            required(6, "expires_at", Types.TimestampType.withZone(), "end of the plan's validity (UTC)"),
            required(7, "cycle_s", Types.IntegerType.get(), "common cycle, seconds"),
            required(
                    8,
                    "offset_s",
                    Types.IntegerType.get(),
                    "offset, seconds from cycle zero (midnight UTC) to the start of green of the first coordinated phase"),
            required(
                    9,
                    "coordinated_phases",
                    Types.StringType.get(),
                    "coordinated NEMA phases, comma-separated, e.g. 2,6"),
            required(
                    10,
                    "phases",
                    Types.StringType.get(),
                    "JSON array of the phase splits: phase, green_s, yellow_s, red_clear_s (seconds)"),
            required(
                    11,
                    "verdict",
                    Types.StringType.get(),
                    "sent | unsafe (some device plan of the corridor failed a safety check: sent to no device) | "
                            + "not_better (predicted improvement below plan.min_improvement)"),
            required(12, "decision_reason", Types.StringType.get(), "why the plan was sent or not, in words"),
            optional(
                    13,
                    "violations",
                    Types.StringType.get(),
                    "the safety checks this device's plan fails, '; '-separated; null when safe"),
            optional(14, "plan_reason", Types.StringType.get(), "why the plan looks as it does (the command's reason)"),
            optional(
                    15,
                    "supersedes",
                    Types.StringType.get(),
                    "plan id of the running plan it replaces; null: network.json timing"),
            optional(
                    16,
                    "predicted_bandwidth_outbound_s",
                    Types.DoubleType.get(),
                    "predicted outbound green band, seconds"),
            optional(
                    17,
                    "predicted_bandwidth_inbound_s",
                    Types.DoubleType.get(),
                    "predicted inbound green band, seconds"),
            optional(
                    18,
                    "predicted_delay_s_per_veh",
                    Types.DoubleType.get(),
                    "the plan's predicted mean delay over the corridor, seconds per vehicle"),
            required(
                    19,
                    "running_cycle_s",
                    Types.IntegerType.get(),
                    "cycle of the plan running when this one was computed, seconds"),
            optional(
                    20,
                    "running_delay_s_per_veh",
                    Types.DoubleType.get(),
                    "the running plan's predicted mean delay under the same observations, seconds per vehicle"),
            required(
                    21,
                    "window_start",
                    Types.TimestampType.withZone(),
                    "start of the window of measures planned from (UTC)"),
            required(22, "window_end", Types.TimestampType.withZone(), "end (exclusive) of that window (UTC)"),
            required(
                    23,
                    "inputs",
                    Types.StringType.get(),
                    "JSON summary of the inputs: volumes_vph per device and phase with their source (approach_delay or "
                            + "degree_of_saturation), travel_times per link with source measured or design and samples, "
                            + "stop_bar_arrivals counted per device and phase, probe_delay_s per approach"));

    public static final IcebergTable<PlanDecision> TIMING_PLANS = new IcebergTable<>(
            TableIdentifier.of("traffic", "timing_plans"),
            "Every green-wave timing plan computed, one row per device and period boundary, sent or not: the plan, "
                    + "its safety and stability verdict with the reason, its prediction next to the running plan's, "
                    + "and the measures it was computed from",
            TIMING_PLANS_SCHEMA,
            PartitionSpec.builderFor(TIMING_PLANS_SCHEMA).day("issued_at").build(),
            d -> {
                TimingPlan p = d.plan();
                TimingPlan.Prediction predicted = p.predicted();
                return GenericRowData.of(
                        text(p.planId()),
                        text(p.corridorId()),
                        text(p.deviceId()),
                        time(p.issuedAt()),
                        time(p.effectiveAt()),
                        time(p.expiresAt()),
                        p.cycleS(),
                        p.offsetS(),
                        text(
                                p.coordinatedPhases() == null
                                        ? ""
                                        : p.coordinatedPhases().stream()
                                                .map(String::valueOf)
                                                .collect(Collectors.joining(","))),
                        text(json(p.phases() == null ? List.of() : p.phases())),
                        text(d.verdict()),
                        text(d.decisionReason()),
                        text(
                                d.violations() == null || d.violations().isEmpty()
                                        ? null
                                        : String.join("; ", d.violations())),
                        text(p.reason()),
                        text(p.supersedes()),
                        predicted == null ? null : finite(predicted.bandwidthOutboundS()),
                        predicted == null ? null : finite(predicted.bandwidthInboundS()),
                        predicted == null ? null : finite(predicted.delaySPerVeh()),
                        d.runningCycleS(),
                        finite(d.runningDelaySPerVeh()),
                        time(d.windowStart()),
                        time(d.windowEnd()),
                        text(d.inputsJson()));
            });

    static final Schema PLAN_OUTCOMES_SCHEMA = new Schema(
            required(1, "plan_id", Types.StringType.get(), "the sent plan (joins traffic.timing_plans)"),
            required(2, "corridor_id", Types.StringType.get(), "corridor"),
            required(3, "device_id", Types.StringType.get(), "the plan's controller"),
            required(4, "issued_at", Types.TimestampType.withZone(), "when the plan was issued (UTC)"),
            required(
                    5,
                    "period_start",
                    Types.TimestampType.withZone(),
                    "start of the measured period: the first period boundary at or after the plan's effective_at (UTC)"),
            required(6, "period_end", Types.TimestampType.withZone(), "end (exclusive) of the measured period (UTC)"),
            optional(
                    7,
                    "predicted_delay_s_per_veh",
                    Types.DoubleType.get(),
                    "the plan's predicted mean delay, seconds per vehicle"),
            optional(
                    8,
                    "running_delay_s_per_veh",
                    Types.DoubleType.get(),
                    "the replaced plan's predicted delay under the same observations, seconds per vehicle"),
            optional(
                    9,
                    "probe_delay_s",
                    Types.DoubleType.get(),
                    "measured probe control delay over the corridor's approaches in the period, weighted by samples, "
                            + "seconds; null without probe samples"),
            required(10, "probe_samples", Types.IntegerType.get(), "probe traversals behind probe_delay_s"),
            optional(
                    11,
                    "signal_delay_s_per_veh",
                    Types.DoubleType.get(),
                    "measured signal approach delay per vehicle over the corridor's phases, weighted by volume, "
                            + "seconds; null without approach-delay bins"),
            required(12, "signal_arrivals", Types.LongType.get(), "detector arrivals behind signal_delay_s_per_veh"));

    public static final IcebergTable<PlanOutcome> PLAN_OUTCOMES = new IcebergTable<>(
            TableIdentifier.of("traffic", "plan_outcomes"),
            "The measured effect of each sent green-wave plan: corridor delay (probe and signal measures) in the first "
                    + "whole period after it took effect, next to its prediction",
            PLAN_OUTCOMES_SCHEMA,
            PartitionSpec.builderFor(PLAN_OUTCOMES_SCHEMA).day("period_start").build(),
            o -> GenericRowData.of(
                    text(o.planId()),
                    text(o.corridorId()),
                    text(o.deviceId()),
                    time(o.issuedAt()),
                    time(o.periodStart()),
                    time(o.periodEnd()),
                    finite(o.predictedDelaySPerVeh()),
                    finite(o.runningDelaySPerVeh()),
                    finite(o.probeDelayS()),
                    o.probeSamples(),
                    finite(o.signalDelaySPerVeh()),
                    o.signalArrivals()));

    public static List<IcebergTable<?>> all() {
        return List.of(TIMING_PLANS, PLAN_OUTCOMES);
    }
}
