package greenwave.cli;

import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalStack;
import greenwave.local.LocalWarehouse;
import greenwave.sql.CsvResult;
import greenwave.sql.SqlEnvironment;
import greenwave.sql.SqlScript;
import greenwave.sql.SqlScriptRunner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ./greenwave sql FILE.sql} / {@code -e "..."}: a SQL script on the local stack. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a Flink SQL script on the local stack, with a table per contract topic (current catalog "
                    + "'kafka', database 'topics': signal_events, alerts, ...), the Iceberg tables (catalog 'greenwave', "
                    + "e.g. greenwave.traffic.actuations) and the greenwave SQL functions. Uses the stack that "
                    + "'./greenwave run' has up on the same data directory, else starts one for the script. "
                    + "Queries print their results; INSERT jobs run until they finish (bounded) or until Ctrl-C."
        })
final class SqlCommand implements Callable<Integer> {

    @ParentCommand
    Greenwave parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Parameters(paramLabel = "FILE.sql", description = "The script to run.")
        Path file;

        @Option(
                names = {"-e", "--execute"},
                paramLabel = "SQL",
                description = "The statements to run, inline.")
        String inline;
    }

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = {
                "streaming or batch (default: streaming, or batch when the script says "
                        + "SET 'execution.runtime-mode' = 'batch')."
            })
    String mode;

    @Option(
            names = "--bounded",
            description = {
                "Read the topics only up to their current end, then finish (streaming mode; batch always "
                        + "does): a streaming job over what is there, e.g. to test it on sample data."
            })
    boolean bounded;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "How query results print: table or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    StackOptions stack = new StackOptions();

    @Override
    public Integer call() throws Exception {
        GreenwaveConfig config = parent.config();
        String text = source.file != null
                ? Files.readString(Greenwave.readableFile(source.file, "SQL script"), StandardCharsets.UTF_8)
                : source.inline;
        SqlScript script = SqlScript.parse(text);
        if (script.statements().isEmpty()) {
            throw new Greenwave.UserError("no SQL statement in " + (source.file != null ? source.file : "-e"));
        }
        SqlEnvironment.Mode runMode = mode(script);
        if (!format.equals("table") && !format.equals("csv")) {
            throw new Greenwave.UserError("--format is table or csv, not " + format);
        }

        Path dataDir = stack.dataDir == null ? LocalStack.defaultDataDir() : stack.dataDir;
        Optional<Properties> running = LocalStack.running(dataDir);
        LocalStack own = null;
        LocalWarehouse warehouse;
        if (running.isPresent()) {
            config = config.withBootstrapServers(running.get().getProperty(LocalStack.BOOTSTRAP_SERVERS));
            warehouse = new LocalWarehouse(dataDir.resolve("iceberg"));
            System.err.println("greenwave sql: using the stack running on " + dataDir + " (Kafka "
                    + config.kafka().bootstrapServers() + ")");
        } else {
            own = new LocalStack(dataDir, stack.kafkaPort, stack.webUiPort).start();
            new LocalRun(own, config, System.err).createTopics();
            config = config.withBootstrapServers(own.bootstrapServers());
            warehouse = own.warehouse();
        }
        String name = source.file == null
                ? "inline"
                : source.file.getFileName().toString().replaceAll("\\.sql$", "");
        try {
            var tEnv = SqlEnvironment.create(
                    config, warehouse.catalogProperties(), runMode, bounded, dataDir.resolve("flink"), "sql-" + name);
            SqlScriptRunner runner = new SqlScriptRunner(tEnv, (statement, result) -> print(result, System.out));
            List<JobClient> jobs;
            try {
                jobs = runner.run(script);
            } catch (SqlScriptRunner.SqlScriptException e) {
                throw new Greenwave.UserError((source.file != null ? source.file + ", " : "") + e.getMessage());
            }
            if (!jobs.isEmpty()) {
                System.err.printf(
                        "greenwave sql: %d job(s) running (%s); Ctrl-C stops them.%n",
                        jobs.size(),
                        String.join(
                                ", ",
                                jobs.stream().map(j -> j.getJobID().toString()).toList()));
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> jobs.forEach(j -> {
                                    try {
                                        j.cancel().get();
                                    } catch (Exception ignored) {
                                        // stopping anyway
                                    }
                                }),
                                "greenwave-sql-cancel"));
                for (JobClient job : jobs) {
                    job.getJobExecutionResult().get();
                }
            }
            return 0;
        } finally {
            if (own != null) {
                own.close();
            } else {
                warehouse.close();
            }
        }
    }

    /** --mode, else the script's own SET 'execution.runtime-mode', else streaming. */
    private SqlEnvironment.Mode mode(SqlScript script) {
        if (mode != null) {
            try {
                return SqlEnvironment.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Greenwave.UserError("--mode is streaming or batch, not " + mode);
            }
        }
        return script.declaresBatchMode() ? SqlEnvironment.Mode.BATCH : SqlEnvironment.Mode.STREAMING;
    }

    private void print(TableResult result, PrintStream out) {
        if (format.equals("table")) {
            result.print();
        } else {
            StringBuilder csv = new StringBuilder();
            CsvResult.append(result, csv);
            out.print(csv);
        }
    }
}
