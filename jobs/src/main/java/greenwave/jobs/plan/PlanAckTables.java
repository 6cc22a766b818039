package greenwave.jobs.plan;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import greenwave.jobs.common.IcebergTable;
import greenwave.jobs.common.OpsTables;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/** The tables of the plan-ack job: every plan's acknowledgement history, and the alerts it raises (ops.alerts). */
public final class PlanAckTables {
    private PlanAckTables() {}

    static final Schema PLAN_STATUS_SCHEMA = new Schema(
            required(1, "plan_id", Types.StringType.get(), "timing plan id (signal.timing-plans plan_id)"),
            required(2, "device_id", Types.StringType.get(), "signal controller id"),
            optional(3, "corridor_id", Types.StringType.get(), "corridor of the plan; null when the plan is unknown"),
            required(
                    4,
                    "status",
                    Types.StringType.get(),
                    "sent (the plan was issued), accepted, applied, rejected (acks of the signal-control system), "
                            + "or not_applied (no applied ack within plan.ack_timeout_s of effective_at)"),
            required(
                    5,
                    "ts",
                    Types.TimestampType.withZone(),
                    "when the status was reached (UTC): issued_at for sent, the ack's ts, or the ack deadline"),
            optional(
                    6,
                    "reason",
                    Types.StringType.get(),
                    "the controller's reason (rejections) or why the plan counts as not applied"),
            required(
                    7,
                    "plan_known",
                    Types.BooleanType.get(),
                    "false for an ack of a plan the pipeline was not seen sending"));

    public static final IcebergTable<PlanStatus> PLAN_STATUS = new IcebergTable<>(
            TableIdentifier.of("traffic", "plan_status"),
            "Acknowledgement history of every timing plan sent to the signal-control system: one row per status change",
            PLAN_STATUS_SCHEMA,
            PartitionSpec.builderFor(PLAN_STATUS_SCHEMA).day("ts").build(),
            s -> GenericRowData.of(
                    text(s.planId()),
                    text(s.deviceId()),
                    text(s.corridorId()),
                    text(s.status()),
                    time(s.ts()),
                    text(s.reason()),
                    s.planKnown()));

    public static List<IcebergTable<?>> all() {
        return List.of(PLAN_STATUS, OpsTables.ALERTS);
    }
}
