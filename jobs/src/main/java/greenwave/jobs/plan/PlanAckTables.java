package greenwave.jobs.plan;

import greenwave.jobs.common.IcebergTable;
import greenwave.schemas.Alert;
import greenwave.schemas.ContractCodec;
import org.apache.flink.table.data.GenericRowData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

import java.util.List;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

/** The tables of the plan-ack job: every plan's acknowledgement history, and the alerts the pipeline raises. */
public final class PlanAckTables {
    private PlanAckTables() {
    }

    static final Schema PLAN_STATUS_SCHEMA = new Schema(
            required(1, "plan_id", Types.StringType.get(), "timing plan id (signal.timing-plans plan_id)"),
            required(2, "device_id", Types.StringType.get(), "signal controller id"),
            optional(3, "corridor_id", Types.StringType.get(), "corridor of the plan; null when the plan is unknown"),
            required(4, "status", Types.StringType.get(),
                    "sent (the plan was issued), accepted, applied, rejected (acks of the signal-control system), "
                            + "or not_applied (no applied ack within plan.ack_timeout_s of effective_at)"),
            required(5, "ts", Types.TimestampType.withZone(),
                    "when the status was reached (UTC): issued_at for sent, the ack's ts, or the ack deadline"),
            optional(6, "reason", Types.StringType.get(),
                    "the controller's reason (rejections) or why the plan counts as not applied"),
            required(7, "plan_known", Types.BooleanType.get(),
                    "false for an ack of a plan the pipeline was not seen sending"));

    public static final IcebergTable<PlanStatus> PLAN_STATUS = new IcebergTable<>(
            TableIdentifier.of("traffic", "plan_status"),
            "Acknowledgement history of every timing plan sent to the signal-control system: one row per status change",
            PLAN_STATUS_SCHEMA, PartitionSpec.builderFor(PLAN_STATUS_SCHEMA).day("ts").build(),
            s -> GenericRowData.of(text(s.planId()), text(s.deviceId()), text(s.corridorId()), text(s.status()),
                    time(s.ts()), text(s.reason()), s.planKnown()));

    static final Schema ALERTS_SCHEMA = new Schema(
            required(1, "alert_id", Types.StringType.get(),
                    "deterministic alert id; the records of one alarm (open, severity change, close) share it"),
            required(2, "ts", Types.TimestampType.withZone(), "time of this record's event (UTC)"),
            required(3, "domain", Types.StringType.get(), "traffic, bike or food"),
            required(4, "kind", Types.StringType.get(), "what the alarm is, e.g. plan_not_applied, plan_rejected"),
            required(5, "severity", Types.StringType.get(), "info, warning or critical"),
            required(6, "subject_id", Types.StringType.get(), "device, zone, bike or kitchen id"),
            optional(7, "opened_at", Types.TimestampType.withZone(), "when the alarm opened (UTC)"),
            optional(8, "closed_at", Types.TimestampType.withZone(),
                    "when it closed (UTC); null while open and for single-event alarms"),
            optional(9, "details", Types.StringType.get(), "the rule's evidence, a JSON object"));

    /** Every alert record also sent on the {@code alerts} topic. */
    public static final IcebergTable<Alert> ALERTS = new IcebergTable<>(
            TableIdentifier.of("ops", "alerts"),
            "Every alarm the pipeline raised (also on the alerts topic): one row per open, severity change and close",
            ALERTS_SCHEMA, PartitionSpec.builderFor(ALERTS_SCHEMA).day("ts").identity("domain").build(),
            a -> GenericRowData.of(text(a.alertId()), time(a.ts()), text(a.domain()), text(a.kind()),
                    text(a.severity()), text(a.subjectId()), time(a.openedAt()), time(a.closedAt()),
                    a.details() == null ? null : text(ContractCodec.shared().toJson(a.details()))));

    public static List<IcebergTable<?>> all() {
        return List.of(PLAN_STATUS, ALERTS);
    }
}
