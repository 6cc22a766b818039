package greenwave.jobs.common;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import greenwave.schemas.Alert;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * Tables of the {@code ops} namespace, shared by the jobs: what the pipeline rejected or received too late, and the
 * alerts it raised, kept for operators.
 */
public final class OpsTables {
    private OpsTables() {}

    public static final Schema DEAD_LETTERS_SCHEMA = new Schema(
            required(1, "source_topic", Types.StringType.get(), "topic (or input file) the record came from"),
            required(2, "partition", Types.IntegerType.get(), "Kafka partition of the record"),
            required(3, "offset", Types.LongType.get(), "Kafka offset of the record (line number for files)"),
            required(
                    4,
                    "ts",
                    Types.TimestampType.withZone(),
                    "when the record was rejected (UTC, the job's wall clock)"),
            required(5, "reason", Types.StringType.get(), "why the record was rejected"),
            optional(
                    6,
                    "payload",
                    Types.StringType.get(),
                    "the original bytes (their first 64 KiB if longer), as UTF-8 text or base64 (null: no value)"),
            optional(7, "payload_encoding", Types.StringType.get(), "utf8 or base64"),
            optional(
                    8,
                    "payload_bytes",
                    Types.LongType.get(),
                    "the original record's full length in bytes when payload was cut; null when payload is whole"),
            optional(
                    9,
                    "payload_sha256",
                    Types.StringType.get(),
                    "SHA-256 of the full original bytes (hex) when payload was cut, to match it with the source"));

    public static final IcebergTable<DeadLetter> DEAD_LETTERS = new IcebergTable<>(
            TableIdentifier.of("ops", "dead_letters"),
            "Input records rejected by the wire contract (also on the dlq topic), with the reason",
            DEAD_LETTERS_SCHEMA,
            PartitionSpec.builderFor(DEAD_LETTERS_SCHEMA)
                    .day("ts")
                    .identity("source_topic")
                    .build(),
            d -> GenericRowData.of(
                    StringData.fromString(d.sourceTopic()),
                    d.partition(),
                    d.offset(),
                    TimestampData.fromEpochMillis(d.ts()),
                    StringData.fromString(d.reason()),
                    StringData.fromString(d.payload()),
                    StringData.fromString(d.isBase64() ? DeadLetter.BASE64 : DeadLetter.UTF8),
                    d.payloadLength(),
                    StringData.fromString(d.payloadSha256())));

    public static final Schema LATE_EVENTS_SCHEMA = new Schema(
            required(1, "source_topic", Types.StringType.get(), "topic the event came from"),
            required(2, "key", Types.StringType.get(), "the entity the event belongs to (device, vehicle, ...)"),
            required(3, "ts", Types.TimestampType.withZone(), "the event's own time (UTC)"),
            required(
                    4,
                    "watermark",
                    Types.TimestampType.withZone(),
                    "the job's event-time progress when the event arrived: events at or before it no longer count"),
            required(5, "lateness_s", Types.DoubleType.get(), "how far behind the watermark the event was, seconds"),
            optional(6, "payload", Types.StringType.get(), "the event as contract JSON"));

    public static final IcebergTable<LateEvent> LATE_EVENTS = new IcebergTable<>(
            TableIdentifier.of("ops", "late_events"),
            "Events that arrived after their time had been closed (beyond the allowed out-of-orderness); not counted in measures",
            LATE_EVENTS_SCHEMA,
            PartitionSpec.builderFor(LATE_EVENTS_SCHEMA)
                    .day("ts")
                    .identity("source_topic")
                    .build(),
            e -> GenericRowData.of(
                    StringData.fromString(e.sourceTopic()),
                    StringData.fromString(e.key()),
                    TimestampData.fromEpochMillis(e.ts()),
                    TimestampData.fromEpochMillis(e.watermark()),
                    (e.watermark() - e.ts()) / 1000.0,
                    StringData.fromString(e.payload())));

    public static final Schema ALERTS_SCHEMA = new Schema(
            required(
                    1,
                    "alert_id",
                    Types.StringType.get(),
                    "deterministic alert id; the records of one alarm (open, severity change, close) share it"),
            required(2, "ts", Types.TimestampType.withZone(), "time of this record's event (UTC)"),
            required(3, "domain", Types.StringType.get(), "traffic, bike or food"),
            required(4, "kind", Types.StringType.get(), "what the alarm is, e.g. plan_not_applied, plan_rejected"),
            required(5, "severity", Types.StringType.get(), "info, warning or critical"),
            required(6, "subject_id", Types.StringType.get(), "device, zone, bike or kitchen id"),
            optional(7, "opened_at", Types.TimestampType.withZone(), "when the alarm opened (UTC)"),
            optional(
                    8,
                    "closed_at",
                    Types.TimestampType.withZone(),
                    "when it closed (UTC); null while open and for single-event alarms"),
            optional(9, "details", Types.StringType.get(), "the rule's evidence, a JSON object"));

    /** Every alert record also sent on the {@code alerts} topic, of every domain (traffic, bike, food). */
    public static final IcebergTable<Alert> ALERTS = new IcebergTable<>(
            TableIdentifier.of("ops", "alerts"),
            "Every alarm the pipeline raised (also on the alerts topic): one row per open, severity change and close",
            ALERTS_SCHEMA,
            PartitionSpec.builderFor(ALERTS_SCHEMA).day("ts").identity("domain").build(),
            a -> GenericRowData.of(
                    text(a.alertId()),
                    time(a.ts()),
                    text(a.domain()),
                    text(a.kind()),
                    text(a.severity()),
                    text(a.subjectId()),
                    time(a.openedAt()),
                    time(a.closedAt()),
                    a.details() == null ? null : text(ContractCodec.shared().toJson(a.details()))));

    /** The tables every job writes: its rejected and late input (each job that raises alerts adds {@link #ALERTS}). */
    public static List<IcebergTable<?>> all() {
        return List.of(DEAD_LETTERS, LATE_EVENTS);
    }
}
