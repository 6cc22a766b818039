package greenwave.jobs.food;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import greenwave.jobs.common.IcebergTable;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/** Tables of the {@code food} namespace. */
public final class FoodTables {
    private FoodTables() {}

    public static final Schema VIOLATIONS_SCHEMA = new Schema(
            required(
                    1,
                    "violation_id",
                    Types.StringType.get(),
                    "deterministic id: food-<rule>-<kitchen>[-<device|type|meal|trace_code>]-<opened_at epoch ms>; the alert_id of its alerts"),
            required(
                    2,
                    "record",
                    Types.StringType.get(),
                    "open, severity (a change) or close for rules with a duration (cold_chain, hot_holding, sensor_offline); event for the others"),
            required(3, "ts", Types.TimestampType.withZone(), "time of this record (UTC)"),
            required(
                    4,
                    "rule",
                    Types.StringType.get(),
                    "cold_chain, hot_holding, hygiene, hazard, sample_retention, disinfection, expired_ingredient, traceability_gap, sensor_offline"),
            required(5, "kitchen_id", Types.StringType.get(), "kitchen"),
            optional(6, "device_id", Types.StringType.get(), "sensor (sensor rules only)"),
            required(7, "severity", Types.StringType.get(), "info, warning or critical, as of this record"),
            required(8, "opened_at", Types.TimestampType.withZone(), "when the violation opened (UTC)"),
            optional(9, "closed_at", Types.TimestampType.withZone(), "when it closed (close records only; UTC)"),
            required(
                    10,
                    "evidence",
                    Types.StringType.get(),
                    "the events that matched, a JSON array of contract records (camera snapshots included)"));

    public static final IcebergTable<FoodViolation> VIOLATIONS = new IcebergTable<>(
            TableIdentifier.of("food", "violations"),
            "Food-safety violations (spec measures.md §4), one row per record: open/severity/close for rules with a duration, one event row otherwise",
            VIOLATIONS_SCHEMA,
            PartitionSpec.builderFor(VIOLATIONS_SCHEMA).day("ts").build(),
            v -> GenericRowData.of(
                    text(v.violationId()),
                    text(v.record()),
                    time(v.ts()),
                    text(v.rule()),
                    text(v.kitchenId()),
                    text(v.deviceId()),
                    text(v.severity()),
                    time(v.openedAt()),
                    time(v.closedAt()),
                    text(v.evidence())));

    public static List<IcebergTable<?>> all() {
        return List.of(VIOLATIONS);
    }
}
