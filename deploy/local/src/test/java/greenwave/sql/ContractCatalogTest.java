package greenwave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalStack;
import greenwave.local.TopicSpec;
import greenwave.schemas.Contract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL tables over the contract topics, on a real broker and warehouse: read, write, raw records, errors. */
class ContractCatalogTest {

    @TempDir
    Path dir;

    @Test
    void tablesReadAndWriteTheContractTopics() throws Exception {
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(stack.bootstrapServers());
            stack.createTopics(Map.of("signal.events", TopicSpec.of(2), "alerts", TopicSpec.of(1)));
            try (KafkaProducer<String, String> p = new KafkaProducer<>(
                    Map.of("bootstrap.servers", stack.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                p.send(new ProducerRecord<>(
                        "signal.events",
                        "227",
                        "{\"device_id\":\"227\",\"ts\":1715612400100,\"code\":82,\"param\":5}"));
                p.send(new ProducerRecord<>(
                        "signal.events",
                        "227",
                        "{\"device_id\":\"227\",\"ts\":1715612401100,\"code\":81,\"param\":5,\"extra\":true}"));
                p.send(new ProducerRecord<>("signal.events", "x", "not json"));
            }
            TableEnvironment tEnv = SqlEnvironment.create(
                    config,
                    stack.warehouse().catalogProperties(),
                    SqlEnvironment.Mode.BATCH,
                    true,
                    dir.resolve("flink"),
                    "sql");

            assertThat(rows(tEnv.executeSql("SELECT device_id, ts, code, param, CAST(event_time AS STRING) "
                            + "FROM signal_events ORDER BY ts")))
                    .containsExactly(
                            "+I[227, 1715612400100, 82, 5, 2024-05-13 15:00:00.100]",
                            "+I[227, 1715612401100, 81, 5, 2024-05-13 15:00:01.100]");
            // the raw table shows every record, the malformed one too
            assertThat(rows(tEnv.executeSql(
                            "SELECT record_key, payload FROM signal_events_raw WHERE payload NOT LIKE '{%'")))
                    .containsExactly("+I[x, not json]");
            // every contract topic has its two tables
            List<String> tables = rows(tEnv.executeSql("SHOW TABLES"));
            for (Contract c : Contract.topics()) {
                assertThat(tables)
                        .contains(
                                "+I[" + ContractCatalog.tableName(c) + "]",
                                "+I[" + ContractCatalog.rawTableName(c) + "]");
            }

            // writing: an alert, keyed by its subject, exactly-once (committed on the job's end); a record the
            // contract accepts: details a JSON object, optional fields left out rather than null
            tEnv.executeSql("INSERT INTO alerts (alert_id, ts, domain, kind, severity, subject_id, details) VALUES "
                            + "('a-1', 1715612400000, 'traffic', 'custom', 'warning', '227', MAP['n', '1'])")
                    .await();
            List<String> written = rows(tEnv.executeSql("SELECT record_key, payload FROM alerts_raw"));
            assertThat(written)
                    .containsExactly(
                            "+I[227, {\"alert_id\":\"a-1\",\"ts\":1715612400000,\"domain\":\"traffic\","
                                    + "\"kind\":\"custom\",\"severity\":\"warning\",\"subject_id\":\"227\",\"details\":{\"n\":\"1\"}}]");
            assertThat(rows(tEnv.executeSql(
                            "SELECT COUNT(*) FROM alerts_raw WHERE CONTRACT_ERROR('alerts', payload) IS NULL")))
                    .containsExactly("+I[1]");
            // and read back through the typed table
            assertThat(rows(tEnv.executeSql("SELECT details['n'], opened_at FROM alerts")))
                    .containsExactly("+I[1, null]");
        }
    }

    @Test
    void theTimeFieldOfEachTopic() {
        assertThat(ContractCatalog.timeField(Contract.SIGNAL_EVENTS)).isEqualTo("ts");
        assertThat(ContractCatalog.timeField(Contract.SIGNAL_MEASURES)).isEqualTo("bin_start");
        // the measures' layouts differ: each record's first time field (a PCD cycle's start, a preemption's entry, a
        // coordination change's ts)
        assertThat(ContractCatalog.timeFields(Contract.SIGNAL_MEASURES))
                .containsExactly("bin_start", "cycle_start", "entry_ts", "ts");
        assertThat(ContractCatalog.timeField(Contract.SIGNAL_TIMING_PLANS)).isEqualTo("issued_at");
        assertThat(ContractCatalog.timeField(Contract.BIKE_ZONES)).isNull(); // reference data: the Kafka timestamp
    }

    @Test
    void theBrokerIsRequired() {
        assertThatThrownBy(() -> ContractCatalog.create("kafka", Map.of()))
                .hasMessageContaining("properties.bootstrap.servers");
    }

    @Test
    void theKafkaClientSettingsReachEveryTable() throws Exception {
        Path file = dir.resolve("greenwave.yaml");
        java.nio.file.Files.writeString(file, """
                kafka:
                  bootstrap_servers: "kafka:9093"
                  client_properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                """);
        Map<String, String> options = ContractCatalog.options(GreenwaveConfig.load(file), false);
        var catalog = ContractCatalog.create("kafka", options);
        for (String table : catalog.listTables(ContractCatalog.DATABASE)) {
            Map<String, String> tableOptions = catalog.getTable(
                            new org.apache.flink.table.catalog.ObjectPath(ContractCatalog.DATABASE, table))
                    .getOptions();
            assertThat(tableOptions)
                    .as(table)
                    .containsEntry("properties.bootstrap.servers", "kafka:9093")
                    .containsEntry("properties.security.protocol", "SASL_SSL")
                    .containsEntry("properties.sasl.mechanism", "SCRAM-SHA-512");
        }
    }

    static List<String> rows(TableResult result) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        return out;
    }
}
