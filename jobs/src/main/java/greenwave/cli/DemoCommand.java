package greenwave.cli;

import greenwave.local.LocalStack;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;

/** {@code ./greenwave demo}: the local stack, the shipped sample through the jobs, a summary of the results. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts the local stack (Kafka broker, Iceberg catalog, Flink), replays the shipped sample",
                "(three hours of real controller logs from two intersections), prints what was computed and",
                "where to look, and stops. With --keep-running the stack and the jobs stay up until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    private static final String SAMPLE = "demo/atspm/";
    private static final List<String> SAMPLE_FILES = List.of("signal.events.jsonl.gz", "detectors.csv", "LICENSE",
            "README.md");

    @ParentCommand
    Greenwave parent;

    @Option(names = "--keep-running", description = "Keep the stack and the jobs running (web UI) until Ctrl-C.")
    boolean keepRunning;

    @Mixin
    StackOptions stack = new StackOptions();

    @Override
    public Integer call() throws Exception {
        var config = parent.config();
        // A fresh stack each time: the demo replays the same sample, and its numbers should be those of one replay.
        Path data = stack.dataDir == null ? LocalStack.defaultDataDir().resolve("demo") : stack.dataDir;
        emptyDemoDir(data);
        Path input = extractSample(data.resolve("sample"));
        Path output = data.resolve("output");

        LocalStack local = new LocalStack(data, stack.kafkaPort, stack.webUiPort).start();
        AtomicReference<JobClient> running = new AtomicReference<>();
        // One hook, in order: stop the job first, then the broker and catalog it writes to.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            JobClient job = running.get();
            if (job != null) {
                try {
                    job.cancel().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // already finished or the cluster is gone: nothing to stop
                }
            }
            local.close();
        }, "greenwave-demo-shutdown"));
        try {
            System.out.printf("greenwave demo: local stack up (Kafka %s, data in %s)%n", local.bootstrapServers(),
                    local.dataDir());
            System.out.println("  sample: 3 h of real controller logs, devices 227 and 452 (2024-05-13 15:00-18:00 UTC)");
            LocalRun run = new LocalRun(local, config, System.out);
            LocalRun.Batch batch = run.run(input, output, LocalRun.layouts(input), !keepRunning, stack.webUiPort);
            running.set(batch.job());

            System.out.println();
            new Summary(local.warehouse().catalog(), System.out).print();
            System.out.println();
            System.out.println("Where to look:");
            batch.written().forEach((topic, n) -> System.out.printf("  Kafka topic %-16s %,9d records this run (copy: %s)%n",
                    topic, n, output.resolve(topic + ".jsonl")));
            System.out.printf("  Kafka broker         %s%n", local.bootstrapServers());
            System.out.printf("  Iceberg catalog      JDBC on SQLite, %s (warehouse %s)%n",
                    local.warehouse().catalogProperties().get("uri"), local.warehouse().warehouseDir());
            if (keepRunning) {
                System.out.printf("  Flink web UI         http://127.0.0.1:%d%n", stack.webUiPort);
                System.out.println();
                System.out.println("Running. The newest bins stay open until later events move event time on: publish"
                        + " more events to " + run.config().topics().signalEvents() + " and watch them close. Ctrl-C stops.");
                batch.job().getJobExecutionResult().get();
            } else {
                System.out.println("  Flink web UI         (only while running: ./greenwave demo --keep-running)");
            }
        } finally {
            local.close();
        }
        return 0;
    }

    private static final String MARKER = ".greenwave-demo";

    /** Empties the demo's directory; refuses a non-empty directory the demo did not make (a mistyped --data-dir). */
    private static void emptyDemoDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (var entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new Greenwave.UserError("refusing to empty " + dir + ": it is not a directory the demo made");
            }
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.createFile(dir.resolve(MARKER));
    }

    /** Copies the sample shipped on the classpath to {@code dir}. */
    private static Path extractSample(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : SAMPLE_FILES) {
            try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(SAMPLE + name)) {
                if (in == null) {
                    throw new IOException("the demo sample " + SAMPLE + name + " is missing from the build");
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
