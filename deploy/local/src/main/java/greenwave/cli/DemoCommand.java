package greenwave.cli;

import greenwave.jobs.ReferenceData;
import greenwave.local.LocalStack;
import greenwave.local.SignalControlSimulator;
import greenwave.sql.SqlServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./greenwave demo}: the local stack, the shipped sample through the jobs, a summary of the results. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the local stack (Kafka broker, Iceberg catalog, Flink), replays the shipped sample "
                    + "(three hours of real controller logs from two intersections, and a SUMO-simulated corridor with "
                    + "probe vehicles; green-wave timing plans computed, validated, sent to a simulated signal-control "
                    + "system and acknowledged; shared-bike zones with overflow alarms and dispatch tasks; school "
                    + "canteens with food-safety violations), prints what was computed and where to look, and stops. With --keep-running the stack and the jobs stay up until Ctrl-C."
        })
final class DemoCommand implements Callable<Integer> {
    private static final String ATSPM = "demo/atspm/";
    private static final List<String> ATSPM_FILES =
            List.of("signal.events.jsonl.gz", "detectors.csv", "LICENSE", "README.md");
    private static final String CORRIDOR = "demo/corridor3/";
    private static final List<String> CORRIDOR_FILES =
            List.of("signal.events.jsonl.gz", "vehicle.positions.jsonl.gz", "network.json");
    private static final String BIKES = "demo/bikes/";
    private static final List<String> BIKES_FILES =
            List.of("bike.events.jsonl.gz", "bike.blacklist.jsonl", "zones.json");
    private static final String FOOD = "demo/food/";
    private static final List<String> FOOD_FILES = List.of(
            "food.camera-events.jsonl.gz",
            "food.sensor-readings.jsonl.gz",
            "food.operations.jsonl.gz",
            "kitchens.json");

    @ParentCommand
    Greenwave parent;

    @Option(names = "--keep-running", description = "Keep the stack and the jobs running (web UI) until Ctrl-C.")
    boolean keepRunning;

    @Mixin
    StackOptions stack = new StackOptions();

    @Mixin
    ServiceOptions services = new ServiceOptions();

    @Override
    public Integer call() throws Exception {
        var config = parent.config();
        // A fresh stack each time: the demo replays the same sample, and its numbers should be those of one replay.
        Path data = stack.dataDir == null ? LocalStack.defaultDataDir().resolve("demo") : stack.dataDir;
        emptyDemoDir(data);
        Path atspm = extract(ATSPM, ATSPM_FILES, data.resolve("sample").resolve("atspm"));
        Path corridor = extract(CORRIDOR, CORRIDOR_FILES, data.resolve("sample").resolve("corridor"));
        Path bikes = extract(BIKES, BIKES_FILES, data.resolve("sample").resolve("bikes"));
        Path food = extract(FOOD, FOOD_FILES, data.resolve("sample").resolve("food"));
        Path output = data.resolve("output");

        LocalStack local = new LocalStack(data, stack.kafkaPort, stack.webUiPort).start();
        AtomicReference<JobClient> running = LocalRun.stopOnShutdown(local);
        SignalControlSimulator simulator = null;
        try {
            System.out.printf(
                    "greenwave demo: local stack up (Kafka %s, data in %s)%n",
                    local.bootstrapServers(), local.dataDir());
            LocalRun run = new LocalRun(local, config, System.out);
            System.out.println(
                    "Sample 1: 3 h of real controller logs, devices 227 and 452 (2024-05-13 15:00-18:00 UTC)");
            Map<String, Long> written = new LinkedHashMap<>(
                    run.run(atspm, output.resolve("atspm"), LocalRun.reference(atspm), true, stack.webUiPort)
                            .written());
            System.out.println("Sample 2: a generated shared-bike morning, 150 zones and 4,000 bikes of three operators"
                    + " (06:30-10:30 in Chengdu)");
            run.run(bikes, output.resolve("bikes"), LocalRun.reference(bikes), true, stack.webUiPort)
                    .written()
                    .forEach((topic, n) -> written.merge(topic, n, Long::sum));
            System.out.println(
                    "Sample 3: generated kitchen monitoring, 60 kitchens (20 school canteens), 4 h of cameras,"
                            + " temperature sensors and operations with planted food-safety violations");
            run.run(food, output.resolve("food"), LocalRun.reference(food), true, stack.webUiPort)
                    .written()
                    .forEach((topic, n) -> written.merge(topic, n, Long::sum));
            System.out.println(
                    "Sample 4: a SUMO-simulated 3-signal corridor, 1 h, 20% probe vehicles (devices 101-103)");
            ReferenceData corridorReference = LocalRun.reference(corridor);
            LocalRun.Batch batch =
                    run.run(corridor, output.resolve("corridor"), corridorReference, !keepRunning, stack.webUiPort);
            batch.written().forEach((topic, n) -> written.merge(topic, n, Long::sum));
            running.set(batch.job());
            if (keepRunning) {
                // The plans keep coming while the job runs: a simulated signal-control system answers them.
                simulator =
                        run.signalControlSimulator(corridorReference.network()).start();
            }

            System.out.println();
            new Summary(local.warehouse().catalog(), System.out).print();
            System.out.println();
            System.out.println("Where to look:");
            written.forEach((topic, n) ->
                    System.out.printf("  Kafka topic %-16s %,9d records this run (copies in %s)%n", topic, n, output));
            System.out.printf("  Kafka broker         %s%n", local.bootstrapServers());
            System.out.printf(
                    "  Iceberg catalog      JDBC on SQLite, %s (warehouse %s)%n",
                    local.warehouse().catalogProperties().get("uri"),
                    local.warehouse().warehouseDir());
            System.out.printf(
                    "  Query it with SQL    ./greenwave sql --data-dir %s --mode batch -e \"SELECT * FROM greenwave.food.violations LIMIT 10\"%n",
                    local.dataDir());
            if (keepRunning) {
                System.out.print(
                        SqlServices.start(local, config, services.endpoints()).describe());
                System.out.printf("  Flink web UI         http://127.0.0.1:%d%n", stack.webUiPort);
                System.out.println();
                System.out.println("Running. The newest bins stay open until later events move event time on: publish"
                        + " more events to " + run.config().topics().signalEvents()
                        + " and watch them close. Ctrl-C stops.");
                batch.job().getJobExecutionResult().get();
            } else {
                System.out.printf(
                        "  Serve it             ./greenwave serve --data-dir %s  (Iceberg REST catalog, SQL gateway)%n",
                        local.dataDir());
                System.out.println("  Flink web UI         (only while running: ./greenwave demo --keep-running)");
            }
        } finally {
            if (simulator != null) {
                simulator.close();
            }
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

    /** Copies a sample shipped on the classpath to {@code dir}. */
    private static Path extract(String sample, List<String> files, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : files) {
            try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(sample + name)) {
                if (in == null) {
                    throw new IOException("the demo sample " + sample + name + " is missing from the build");
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
