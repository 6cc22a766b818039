package greenwave.sql;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Contract;
import greenwave.schemas.SqlColumns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.factories.Factory;

/**
 * A Flink SQL catalog with a table over every topic of the wire contract, so an engineer's SQL reads
 * {@code signal_events} or writes {@code alerts} without declaring them. The command topics' tables
 * ({@code signal_timing_plans}, {@code bike_dispatch_tasks} and their {@code _raw} tables) are read-only: the catalog's
 * sinks come from {@link CommandTopicGuard}, which refuses to write a command topic. Columns come from the contract's JSON Schema
 * files ({@link SqlColumns}); topics, broker and watermark delays from the one configuration.
 *
 * <p>For each topic (name = the contract's default topic with {@code .} and {@code -} as {@code _}), database
 * {@value #DATABASE}:
 * <ul>
 *   <li>{@code signal_events}, {@code bike_events}, ...: the JSON fields as typed columns, plus
 *       {@code event_time TIMESTAMP_LTZ(3)} computed from the record's time field ({@code ts}; for measures
 *       {@code bin_start}, else {@code cycle_start}, {@code entry_ts} or {@code ts}; {@code issued_at} for timing plans;
 *       the Kafka timestamp for zones and kitchens) with a watermark of the job's configured out-of-orderness, and
 *       the virtual Kafka metadata {@code kafka_partition}, {@code kafka_offset}, {@code kafka_timestamp}. Records that
 *       are not JSON are skipped here (the jobs send them to {@code dlq}; the {@code _raw} table shows them).</li>
 *   <li>{@code signal_events_raw}, ...: every record as it is, {@code record_key} and {@code payload} strings plus the
 *       Kafka metadata, watermarked on {@code kafka_timestamp}: with the {@code CONTRACT_ERROR} function, what the
 *       contract rejects and why.</li>
 * </ul>
 * Reading starts at the earliest offset, read_committed (the jobs write transactionally). With {@code bounded} the
 * tables end at the offsets current when a query starts (needed in batch mode; in streaming mode the query ends once
 * it has caught up). Writing (any table but a command topic's) is exactly-once, with the transactional id prefix {@code greenwave-sql-<table>}; two jobs
 * writing one topic at the same time need their own prefix:
 * {@code INSERT INTO alerts /*+ OPTIONS('sink.transactional-id-prefix'='greenwave-sql-my-alarm') *}{@code /}.
 *
 * <p>The catalog is created through {@link ContractCatalogFactory} (type {@value #TYPE}) from the options of
 * {@link #options}: the same way in the {@code ./greenwave sql} runner, the SQL gateway and on a cluster.
 */
public final class ContractCatalog {

    /** The catalog type, as in {@code CREATE CATALOG kafka WITH ('type' = 'greenwave-kafka', ...)}. */
    public static final String TYPE = "greenwave-kafka";
    /** The catalog name the local runner and gateway use. */
    public static final String NAME = "kafka";
    /** The one database, holding every topic's tables. */
    public static final String DATABASE = "topics";

    /** Kafka client settings: the Kafka connector's own prefix, passed through to every table. */
    static final String CLIENT_PREFIX = "properties.";

    static final String BOOTSTRAP = CLIENT_PREFIX + "bootstrap.servers";
    static final String BOUNDED = "scan.bounded";
    static final String TOPIC_PREFIX = "topic.";
    static final String WATERMARK_PREFIX = "watermark-delay-s.";
    static final String IDLE_TIMEOUT = "source-idle-timeout-s";
    static final String TRANSACTION_TIMEOUT = "transaction-timeout-s";

    private static final String RAW_SUFFIX = "_raw";

    private ContractCatalog() {}

    /** The SQL table name of a topic contract: {@code signal.plan-acks} → {@code signal_plan_acks}. */
    public static String tableName(Contract contract) {
        return contract.defaultTopic().replace('.', '_').replace('-', '_');
    }

    /** The raw table's name: {@code signal_events_raw}. */
    public static String rawTableName(Contract contract) {
        return tableName(contract) + RAW_SUFFIX;
    }

    /**
     * The catalog options for {@code config}: the type, the broker, every configured topic, each topic's watermark
     * delay (the out-of-orderness of the job reading it), source idleness, the Kafka transaction timeout and the
     * Kafka client settings ({@code kafka.client_properties}, as {@code properties.*}).
     *
     * @param bounded end the tables at the offsets current when a query starts
     */
    public static Map<String, String> options(GreenwaveConfig config, boolean bounded) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("type", TYPE);
        config.kafka().clientPropertiesOrEmpty().forEach((k, v) -> o.put(CLIENT_PREFIX + k, v));
        o.put(BOOTSTRAP, config.kafka().bootstrapServers());
        o.put(BOUNDED, Boolean.toString(bounded));
        for (Contract c : Contract.topics()) {
            o.put(TOPIC_PREFIX + tableName(c), config.topics().of(c));
            o.put(WATERMARK_PREFIX + tableName(c), Integer.toString(outOfOrdernessS(config, c)));
        }
        o.put(IDLE_TIMEOUT, Integer.toString(config.signal().sourceIdlenessS()));
        o.put(TRANSACTION_TIMEOUT, Integer.toString(config.kafka().transactionTimeoutS()));
        return o;
    }

    /** The configured out-of-orderness of the job that reads or writes this topic. */
    static int outOfOrdernessS(GreenwaveConfig config, Contract contract) {
        return switch (contract) {
            case SIGNAL_EVENTS, SIGNAL_MEASURES, SIGNAL_TIMING_PLANS, SIGNAL_PLAN_ACKS ->
                config.signal().maxOutOfOrdernessS();
            case BIKE_EVENTS, BIKE_ZONES, BIKE_BLACKLIST, BIKE_DISPATCH_TASKS ->
                config.bike().maxOutOfOrdernessS();
            case FOOD_CAMERA_EVENTS, FOOD_SENSOR_READINGS, FOOD_OPERATIONS, FOOD_KITCHENS ->
                config.food().maxOutOfOrdernessS();
            default -> config.probe().maxOutOfOrdernessS();
        };
    }

    /** The catalog itself, from the options of {@link #options} (missing ones take the contract's defaults). */
    static GenericInMemoryCatalog create(String name, Map<String, String> options) {
        String bootstrap = options.get(BOOTSTRAP);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("catalog " + name + " (" + TYPE + ") needs '" + BOOTSTRAP + "'");
        }
        CommandTopicGuard guard = new CommandTopicGuard(c -> topic(options, c));
        GenericInMemoryCatalog catalog = new GenericInMemoryCatalog(name, DATABASE) {
            @Override
            public Optional<Factory> getFactory() {
                return Optional.of(guard); // the sinks of every table here, whatever its connector and hints
            }
        };
        for (Contract c : Contract.topics()) {
            String table = tableName(c);
            String topic = topic(options, c);
            int delayS = Integer.parseInt(options.getOrDefault(WATERMARK_PREFIX + table, "60"));
            String readOnly = c.isCommandTopic() ? "Read-only: " + CommandTopicGuard.why(topic, c) + ". " : "";
            create(
                    catalog,
                    table,
                    CatalogTable.newBuilder()
                            .schema(typedSchema(c, delayS))
                            .comment(readOnly + SqlColumns.description(c))
                            .options(kafkaOptions(options, c, topic, table, c.keyField(), "json"))
                            .build());
            create(
                    catalog,
                    rawTableName(c),
                    CatalogTable.newBuilder()
                            .schema(rawSchema(delayS))
                            .comment(readOnly + "Every record of topic " + topic + " as it arrived (key and payload as "
                                    + "text), including those the contract rejects: see CONTRACT_ERROR.")
                            .options(kafkaOptions(options, c, topic, rawTableName(c), "record_key", "raw"))
                            .build());
        }
        return catalog;
    }

    /** The topic of a contract in the catalog's options, by default the contract's own. */
    private static String topic(Map<String, String> options, Contract contract) {
        return options.getOrDefault(TOPIC_PREFIX + tableName(contract), contract.defaultTopic());
    }

    private static void create(GenericInMemoryCatalog catalog, String table, CatalogTable definition) {
        try {
            catalog.createTable(new ObjectPath(DATABASE, table), definition, false);
        } catch (TableAlreadyExistException | DatabaseNotExistException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The record's event time: a measure's bin start (else a PCD cycle's start, a preemption's entry or a change's
     * {@code ts}), an event's {@code ts}, a plan's issue time; null for the reference topics (zones, kitchens), whose
     * event time is the Kafka record's timestamp. The first is the topic's main time field.
     */
    static String timeField(Contract contract) {
        List<String> fields = timeFields(contract);
        return fields.isEmpty() ? null : fields.get(0);
    }

    /** Every time field of the topic's records, in the order they stand for its event time. */
    static List<String> timeFields(Contract contract) {
        List<String> names =
                SqlColumns.of(contract).stream().map(SqlColumns.Column::name).toList();
        return List.of("bin_start", "cycle_start", "entry_ts", "ts", "issued_at").stream()
                .filter(names::contains)
                .toList();
    }

    private static Schema typedSchema(Contract contract, int watermarkDelayS) {
        Schema.Builder b = Schema.newBuilder();
        for (SqlColumns.Column column : SqlColumns.of(contract)) {
            b.column(column.name(), column.sqlType()).withComment(column.description());
        }
        kafkaMetadata(b);
        List<String> times = timeFields(contract);
        // a topic whose records have different layouts (the measures) takes the first time field each record has
        String time = times.isEmpty()
                ? null
                : times.size() == 1
                        ? "`" + times.get(0) + "`"
                        : "COALESCE("
                                + String.join(
                                        ", ",
                                        times.stream().map(t -> "`" + t + "`").toList()) + ")";
        b.columnByExpression("event_time", time == null ? "`kafka_timestamp`" : "TO_TIMESTAMP_LTZ(" + time + ", 3)")
                .withComment("Event time of the record ("
                        + (time == null ? "its Kafka timestamp" : String.join(", else ", times))
                        + "), with a watermark " + watermarkDelayS + " s behind the latest.");
        return b.watermark("event_time", "`event_time` - " + interval(watermarkDelayS))
                .build();
    }

    private static Schema rawSchema(int watermarkDelayS) {
        Schema.Builder b = Schema.newBuilder()
                .column("record_key", "STRING")
                .withComment("The Kafka record key, as text.")
                .column("payload", "STRING")
                .withComment("The Kafka record value, as text (UTF-8).");
        kafkaMetadata(b);
        return b.watermark("kafka_timestamp", "`kafka_timestamp` - " + interval(watermarkDelayS))
                .build();
    }

    /** {@code INTERVAL '00:05:00' HOUR TO SECOND}: the planner's code generation takes SECOND only below 100 s. */
    static String interval(int seconds) {
        return String.format(
                "INTERVAL '%02d:%02d:%02d' HOUR TO SECOND", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static void kafkaMetadata(Schema.Builder b) {
        b.columnByMetadata("kafka_partition", "INT", "partition", true)
                .withComment("Kafka partition.")
                .columnByMetadata("kafka_offset", "BIGINT", "offset", true)
                .withComment("Kafka offset.")
                .columnByMetadata("kafka_timestamp", "TIMESTAMP_LTZ(3)", "timestamp", true)
                .withComment("Kafka record timestamp.");
    }

    private static Map<String, String> kafkaOptions(
            Map<String, String> catalog,
            Contract contract,
            String topic,
            String table,
            String keyField,
            String valueFormat) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "kafka");
        o.put("topic", topic);
        // the broker and the client settings (security, TLS) of the catalog's options
        catalog.forEach((k, v) -> {
            if (k.startsWith(CLIENT_PREFIX)) {
                o.put(k, v);
            }
        });
        o.put("properties.isolation.level", "read_committed");
        o.put("scan.startup.mode", "earliest-offset");
        if (Boolean.parseBoolean(catalog.getOrDefault(BOUNDED, "false"))) {
            o.put("scan.bounded.mode", "latest-offset");
        }
        o.put("scan.watermark.idle-timeout", catalog.getOrDefault(IDLE_TIMEOUT, "60") + " s");
        if (keyField != null) {
            o.put("key.format", "raw");
            o.put("key.fields", keyField);
        }
        o.put("value.format", valueFormat);
        if ("json".equals(valueFormat)) {
            o.put("value.json.ignore-parse-errors", "true");
            // the contract leaves optional fields out rather than writing null
            o.put("value.json.encode.ignore-null-fields", "true");
            o.put("value.fields-include", "ALL");
        } else {
            o.put("value.fields-include", "EXCEPT_KEY");
        }
        if (contract.isCommandTopic()) {
            return o; // never written: no sink options
        }
        o.put("sink.delivery-guarantee", "exactly-once");
        o.put("sink.transactional-id-prefix", "greenwave-sql-" + table);
        o.put(
                "properties.transaction.timeout.ms",
                Long.toString(1000L * Integer.parseInt(catalog.getOrDefault(TRANSACTION_TIMEOUT, "900"))));
        return o;
    }
}
