package greenwave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalWarehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statement sets (both syntaxes), SET / RESET and LOAD MODULE as scripts use them, on a real Iceberg warehouse. */
class SqlScriptRunnerTest {

    @TempDir
    Path dir;

    @Test
    void statementSetsSetAndResetAndModules() {
        try (LocalWarehouse warehouse = new LocalWarehouse(dir.resolve("iceberg"))) {
            TableEnvironment tEnv = SqlEnvironment.create(
                    GreenwaveConfig.defaults(),
                    warehouse.catalogProperties(),
                    SqlEnvironment.Mode.BATCH,
                    true,
                    dir.resolve("flink"),
                    "sql");
            List<String> results = new ArrayList<>();
            SqlScriptRunner runner = new SqlScriptRunner(tEnv, (statement, result) -> {
                try (CloseableIterator<Row> rows = result.collect()) {
                    rows.forEachRemaining(r -> results.add(statement.index() + ": " + r));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            runner.run(SqlScript.parse("""
                    LOAD MODULE greenwave;  -- already loaded by the runner: skipped, as on the gateway it is needed
                    CREATE DATABASE greenwave.t;
                    CREATE TABLE greenwave.t.a (x INT);
                    CREATE TABLE greenwave.t.b (x INT);
                    BEGIN STATEMENT SET;
                    INSERT INTO greenwave.t.a VALUES (1), (2);
                    INSERT INTO greenwave.t.b VALUES (3);
                    END;
                    EXECUTE STATEMENT SET BEGIN
                      INSERT INTO greenwave.t.a VALUES (4);
                      INSERT INTO greenwave.t.b VALUES (5);
                    END;
                    SET 'table.local-time-zone' = 'Asia/Shanghai';
                    SELECT (SELECT SUM(x) FROM greenwave.t.a), (SELECT SUM(x) FROM greenwave.t.b),
                           CAST(TO_TIMESTAMP_LTZ(0, 3) AS STRING);
                    RESET 'table.local-time-zone';
                    SELECT CAST(TO_TIMESTAMP_LTZ(0, 3) AS STRING) = '1970-01-01 08:00:00.000';
                    """));
            assertThat(results).containsExactly("11: +I[7, 8, 1970-01-01 08:00:00.000]", "13: +I[false]");
        }
    }

    @Test
    void onlyInsertsBelongInAStatementSet() {
        try (LocalWarehouse warehouse = new LocalWarehouse(dir.resolve("iceberg"))) {
            TableEnvironment tEnv = SqlEnvironment.create(
                    GreenwaveConfig.defaults(),
                    warehouse.catalogProperties(),
                    SqlEnvironment.Mode.BATCH,
                    true,
                    dir.resolve("flink"),
                    "sql");
            SqlScriptRunner runner = new SqlScriptRunner(tEnv, (s, r) -> {});
            assertThatThrownBy(() -> runner.run(SqlScript.parse("BEGIN STATEMENT SET;\n\nSELECT 1;\nEND;")))
                    .hasMessageStartingWith("statement 2 (line 3): only INSERT statements belong in a statement set");
            assertThatThrownBy(() -> runner.run(SqlScript.parse("SET table.local-time-zone = UTC;")))
                    .hasMessageContaining("SET 'key' = 'value'");
        }
    }
}
