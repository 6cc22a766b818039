package greenwave.jobs.bike;

import static greenwave.jobs.common.IcebergTable.text;
import static greenwave.jobs.common.IcebergTable.time;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import greenwave.jobs.common.IcebergTable;
import greenwave.schemas.DispatchTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/** The {@code bike} tables: occupancy snapshots, alarms, dispatch tasks and disorderly parking, by day. */
public final class BikeTables {
    private BikeTables() {}

    private static GenericMapData counts(Map<String, Integer> byOperator) {
        Map<StringData, Integer> m = new LinkedHashMap<>();
        byOperator.forEach((k, v) -> m.put(StringData.fromString(k), v));
        return new GenericMapData(m);
    }

    static final Schema OCCUPANCY_SCHEMA = new Schema(
            required(1, "zone_id", Types.StringType.get(), "parking zone (electronic fence) id"),
            required(
                    2,
                    "snapshot_ts",
                    Types.TimestampType.withZone(),
                    "snapshot time (UTC, every bike.snapshot_minutes): the state after every event with ts <= it"),
            optional(
                    3,
                    "capacity",
                    Types.IntegerType.get(),
                    "the zone's capacity then, bikes; null if its record was not seen"),
            required(4, "occupancy", Types.IntegerType.get(), "bikes in the zone, all operators"),
            required(
                    5,
                    "by_operator",
                    Types.MapType.ofRequired(7, 8, Types.StringType.get(), Types.IntegerType.get()),
                    "bikes in the zone per operator (operators with at least one bike)"),
            required(6, "overflow", Types.BooleanType.get(), "an overflow alarm was open"));

    public static final IcebergTable<OccupancySnapshot> OCCUPANCY_SNAPSHOTS = new IcebergTable<>(
            TableIdentifier.of("bike", "occupancy_snapshots"),
            "Bikes per parking zone and operator every 5 minutes (zones with bikes or an open overflow alarm)",
            OCCUPANCY_SCHEMA,
            PartitionSpec.builderFor(OCCUPANCY_SCHEMA).day("snapshot_ts").build(),
            s -> GenericRowData.of(
                    text(s.zoneId()),
                    time(s.snapshotTs()),
                    s.capacity() < 0 ? null : s.capacity(),
                    s.occupancy(),
                    counts(s.byOperator()),
                    s.overflow()));

    static final Schema ALARMS_SCHEMA = new Schema(
            required(1, "alarm_id", Types.StringType.get(), "deterministic alarm id, the alert_id on the alerts topic"),
            required(2, "kind", Types.StringType.get(), "zone_overflow or blacklisted_reflow"),
            required(
                    3,
                    "event",
                    Types.StringType.get(),
                    "opened, escalated (tasks re-sent one level up), closed (overflow) or reflow (a blacklisted bike parked in a zone)"),
            required(4, "ts", Types.TimestampType.withZone(), "when this event happened (UTC)"),
            required(
                    5, "zone_id", Types.StringType.get(), "zone of the overflow, or where the blacklisted bike parked"),
            optional(6, "bike_id", Types.StringType.get(), "the blacklisted bike (reflow only)"),
            optional(7, "operator", Types.StringType.get(), "the blacklisted bike's operator (reflow only)"),
            required(
                    8,
                    "opened_at",
                    Types.TimestampType.withZone(),
                    "when the alarm opened (UTC): overflow start + bike.overflow_open_after_s, or the episode's first park"),
            optional(9, "closed_at", Types.TimestampType.withZone(), "when the overflow closed (UTC); null otherwise"),
            optional(
                    10,
                    "capacity",
                    Types.IntegerType.get(),
                    "the zone's capacity at this event, bikes (overflow only;"
                            + " null when the alarm closed because the zone was deleted)"),
            optional(11, "occupancy", Types.IntegerType.get(), "bikes in the zone at this event (overflow only)"),
            required(
                    12,
                    "escalation_level",
                    Types.IntegerType.get(),
                    "escalation level of the alarm's tasks after this event"),
            required(13, "severity", Types.StringType.get(), "warning, or critical from the last escalation level on"),
            required(
                    14,
                    "by_operator",
                    Types.MapType.ofRequired(15, 16, Types.StringType.get(), Types.IntegerType.get()),
                    "bikes in the zone per operator at this event (overflow only; empty for reflow)"));

    public static final IcebergTable<BikeAlarm> ALARMS = new IcebergTable<>(
            TableIdentifier.of("bike", "alarms"),
            "Zone overflow alarms (open, escalations, close) and blacklisted-bike reflow episodes",
            ALARMS_SCHEMA,
            PartitionSpec.builderFor(ALARMS_SCHEMA).day("ts").build(),
            a -> GenericRowData.of(
                    text(a.alarmId()),
                    text(a.kind()),
                    text(a.event()),
                    time(a.ts()),
                    text(a.zoneId()),
                    text(a.bikeId()),
                    text(a.operator()),
                    time(a.openedAt()),
                    time(a.closedAt()),
                    a.capacity(),
                    a.occupancy(),
                    a.escalationLevel(),
                    text(a.severity()),
                    counts(a.byOperator())));

    static final Schema TASKS_SCHEMA = new Schema(
            required(
                    1,
                    "task_id",
                    Types.StringType.get(),
                    "deterministic task id (zone, alarm, operator); an escalation re-sends the same id"),
            required(2, "zone_id", Types.StringType.get(), "zone concerned"),
            required(3, "operator", Types.StringType.get(), "bike operator the task is for"),
            required(4, "ts", Types.TimestampType.withZone(), "(re-)issue time (UTC)"),
            required(5, "kind", Types.StringType.get(), "remove_bikes (overflow) or remove_blacklisted (reflow)"),
            required(6, "count", Types.IntegerType.get(), "bikes to remove"),
            optional(
                    7,
                    "bike_ids",
                    Types.ListType.ofRequired(10, Types.StringType.get()),
                    "bikes concerned (remove_blacklisted); null for remove_bikes"),
            required(8, "deadline_ts", Types.TimestampType.withZone(), "deadline (UTC)"),
            required(9, "escalation_level", Types.IntegerType.get(), "0 when first issued, +1 per escalation"));

    public static final IcebergTable<DispatchTask> DISPATCH_TASKS = new IcebergTable<>(
            TableIdentifier.of("bike", "dispatch_tasks"),
            "Work orders sent to bike operators on bike.dispatch-tasks: one row per issue and per escalation",
            TASKS_SCHEMA,
            PartitionSpec.builderFor(TASKS_SCHEMA).day("ts").build(),
            t -> GenericRowData.of(
                    text(t.taskId()),
                    text(t.zoneId()),
                    text(t.operator()),
                    time(t.ts()),
                    text(t.kind()),
                    t.count(),
                    t.bikeIds() == null
                            ? null
                            : new GenericArrayData(t.bikeIds().stream()
                                    .map(StringData::fromString)
                                    .toArray()),
                    time(t.deadlineTs()),
                    t.escalationLevel()));

    static final Schema DISORDERLY_SCHEMA = new Schema(
            required(1, "cell_id", Types.StringType.get(), "grid cell id: its south-west corner, lat_lon"),
            required(2, "cell_south_lat", Types.DoubleType.get(), "the cell's southern edge, degrees"),
            required(
                    3,
                    "cell_west_lon",
                    Types.DoubleType.get(),
                    "the cell's western edge, degrees (cells are bike.disorderly_grid_deg on each side)"),
            required(4, "snapshot_ts", Types.TimestampType.withZone(), "snapshot time (UTC)"),
            required(5, "bikes", Types.IntegerType.get(), "bikes parked in the cell outside every zone then"),
            required(
                    6,
                    "parks",
                    Types.IntegerType.get(),
                    "parks outside every zone in the cell during the period ending then"));

    public static final IcebergTable<DisorderlySnapshot> DISORDERLY_PARKING = new IcebergTable<>(
            TableIdentifier.of("bike", "disorderly_parking"),
            "Bikes parked outside every zone, per grid cell (about 100 m) every 5 minutes",
            DISORDERLY_SCHEMA,
            PartitionSpec.builderFor(DISORDERLY_SCHEMA).day("snapshot_ts").build(),
            d -> {
                double[] corner = GridCell.cornerOf(d.cellId());
                return GenericRowData.of(
                        text(d.cellId()), corner[0], corner[1], time(d.snapshotTs()), d.bikes(), d.parks());
            });

    public static List<IcebergTable<?>> all() {
        return List.of(OCCUPANCY_SNAPSHOTS, ALARMS, DISPATCH_TASKS, DISORDERLY_PARKING);
    }
}
