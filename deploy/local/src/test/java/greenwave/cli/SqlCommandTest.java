package greenwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./greenwave sql}: a script on its own local stack; results as CSV; an error names the statement and line. */
class SqlCommandTest {

    @TempDir
    Path dir;

    @Test
    void runsAScriptAndPrintsCsv() throws Exception {
        Path script = dir.resolve("hello.sql");
        Files.writeString(script, """
                -- a batch script: every statement runs in order
                SET 'execution.runtime-mode' = 'batch';
                CREATE TEMPORARY VIEW phases AS SELECT * FROM (VALUES (2, 'through'), (4, 'side street')) AS t(phase, name);
                SELECT phase, name, LEVEL_OF_SERVICE(CAST(phase * 10 AS DOUBLE)) AS los FROM phases ORDER BY phase;
                SELECT COUNT(*) AS events FROM signal_events;
                """);
        Result r = run(
                "sql",
                "--data-dir",
                dir.resolve("data").toString(),
                "--kafka-port",
                "0",
                "--format",
                "csv",
                script.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("phase,name,los\n2,through,B\n4,side street,D\n", "events\n0\n");
    }

    @Test
    void anErrorNamesTheStatementAndItsLine() throws Exception {
        Result r = run(
                "sql",
                "--data-dir",
                dir.resolve("data").toString(),
                "--kafka-port",
                "0",
                "--mode",
                "batch",
                "-e",
                "SELECT 1;\n\nSELECT device_id FROM no_such_table");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err)
                .contains("statement 2 (line 3)")
                .contains("line 3, column 23")
                .contains("no_such_table");
    }

    @Test
    void aCommandTopicIsReadOnly() {
        Result r = run(
                "sql",
                "--data-dir",
                dir.resolve("data").toString(),
                "--kafka-port",
                "0",
                "-e",
                "INSERT INTO bike_dispatch_tasks_raw VALUES ('z1', '{}')");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err)
                .contains("statement 1 (line 1)")
                .contains(
                        "bike_dispatch_tasks_raw is read-only: "
                                + "bike.dispatch-tasks is a command topic to the bike operators and only the shared-bike job writes it");
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        var cli = Greenwave.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.execute(args);
        } finally {
            System.setOut(original);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }
}
