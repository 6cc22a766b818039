package greenwave.sql;

import static greenwave.sql.ContractCatalogTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalStack;
import greenwave.local.TopicSpec;
import greenwave.testing.CommittedRecords;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command topics are read-only in SQL, however a script tries to write them: their catalog tables, a hint
 * naming another topic, a table of its own; reading them works. On a real broker, which is unchanged afterwards.
 */
class CommandTopicGuardTest {

    /** A 5-second cycle with a 1 s green and no yellow: what must never reach a signal controller from SQL. */
    static final String FIVE_SECOND_PLAN = "INSERT INTO signal_timing_plans (plan_id, corridor_id, device_id, "
            + "issued_at, effective_at, expires_at, cycle_s, offset_s, coordinated_phases, phases, reason) "
            + "VALUES ('x', 'c1', '101', 1715612400000, 1715612400000, 1715616000000, 5, 0, ARRAY[2, 6], "
            + "ARRAY[ROW(2, 1.0, 0.0, 0.0)], 'x')";

    static final String PLANS_READ_ONLY = "signal_timing_plans is read-only: signal.timing-plans is a command topic "
            + "to the signal-control system and only the green-wave planner writes it";
    /** A plan as the planner writes it. */
    static final String PLAN = "{\"plan_id\":\"p-1\",\"corridor_id\":\"c1\",\"device_id\":\"101\","
            + "\"issued_at\":1715612400000,\"effective_at\":1715612400000,\"expires_at\":1715616000000,"
            + "\"cycle_s\":90,\"offset_s\":0,\"coordinated_phases\":[2,6],"
            + "\"phases\":[{\"phase\":2,\"green_s\":40.0,\"yellow_s\":4.0,\"red_clear_s\":2.0}]}";

    @TempDir
    Path dir;

    @Test
    void noStatementOfAScriptWritesACommandTopic() throws Exception {
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            String bootstrap = stack.bootstrapServers();
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(bootstrap);
            stack.createTopics(Map.of(
                    "signal.timing-plans",
                    TopicSpec.of(1),
                    "bike.dispatch-tasks",
                    TopicSpec.of(1),
                    "alerts",
                    TopicSpec.of(1)));
            plant(bootstrap);
            TableEnvironment tEnv = SqlEnvironment.create(
                    config,
                    stack.warehouse().catalogProperties(),
                    SqlEnvironment.Mode.BATCH,
                    true,
                    dir.resolve("flink"),
                    "sql");
            SqlScriptRunner runner = new SqlScriptRunner(tEnv, (s, r) -> {});

            assertThat(rows(tEnv.executeSql("SELECT plan_id, cycle_s FROM signal_timing_plans")))
                    .containsExactly("+I[p-1, 90]");
            assertThatThrownBy(() -> runner.run(SqlScript.parse(FIVE_SECOND_PLAN)))
                    .hasMessageContaining(PLANS_READ_ONLY);
            assertThatThrownBy(() -> runner.run(SqlScript.parse("""
                    EXECUTE STATEMENT SET BEGIN
                      INSERT INTO alerts_raw VALUES ('a', '{}');
                      INSERT INTO bike_dispatch_tasks_raw VALUES ('z1', '{}');
                    END;""")))
                    .hasMessageContaining("bike_dispatch_tasks_raw is read-only: bike.dispatch-tasks is a command "
                            + "topic to the bike operators and only the shared-bike job writes it");
            assertThatThrownBy(
                            () -> runner.run(
                                    SqlScript.parse(
                                            "INSERT INTO alerts_raw /*+ OPTIONS('topic'='signal.timing-plans') */ VALUES ('101', '{}')")))
                    .hasMessageContaining("alerts_raw is read-only: signal.timing-plans is a command topic");
            assertThatThrownBy(
                            () -> runner.run(
                                    SqlScript.parse(
                                            "INSERT INTO signal_timing_plans_raw /*+ OPTIONS('connector'='kafka') */ VALUES ('101', '{}')")))
                    .hasMessageContaining("signal_timing_plans_raw is read-only");
            // tables of the script's own, outside the contract catalog
            assertThatThrownBy(() -> runner.run(SqlScript.parse(
                            ownTable(bootstrap, "TEMPORARY TABLE my_plans", "alerts;signal.timing-plans"))))
                    .hasMessageContaining("my_plans is read-only: signal.timing-plans is a command topic");
            assertThatThrownBy(() -> runner.run(SqlScript.parse(ownTable(
                            bootstrap, "TABLE default_catalog.default_database.my_plans", "signal.timing-plans"))))
                    .hasMessageContaining("my_plans is read-only");
            assertThatThrownBy(
                            () -> runner.run(SqlScript.parse(ownTable(bootstrap, "TEMPORARY TABLE any_topic", null))))
                    .hasMessageContaining("any_topic needs a 'topic' option to be written");

            assertThat(CommittedRecords.readCommitted(bootstrap, "signal.timing-plans"))
                    .hasSize(1);
            assertThat(CommittedRecords.readCommitted(bootstrap, "bike.dispatch-tasks"))
                    .isEmpty();
            assertThat(CommittedRecords.readCommitted(bootstrap, "alerts"))
                    .isEmpty(); // a statement set is all or nothing
        }
    }

    /** A Kafka table of a script's own ({@code topic} null: none, each row names its topic) and an INSERT into it. */
    private static String ownTable(String bootstrap, String create, String topic) {
        String name = create.substring(create.lastIndexOf(' ') + 1);
        return "CREATE " + create + " (k STRING, v STRING" + (topic == null ? ", `topic` STRING METADATA" : "")
                + ") WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '" + bootstrap + "', "
                + (topic == null ? "" : "'topic' = '" + topic + "', ")
                + "'key.format' = 'raw', 'key.fields' = 'k', 'value.format' = 'raw', "
                + "'value.fields-include' = 'EXCEPT_KEY');\n"
                + "INSERT INTO " + name + " SELECT '101', '{}'" + (topic == null ? ", 'signal.timing-plans'" : "")
                + ";";
    }

    /** One plan on {@code signal.timing-plans}, as if the planner had sent it. */
    static void plant(String bootstrap) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("signal.timing-plans", "101", PLAN));
        }
    }
}
