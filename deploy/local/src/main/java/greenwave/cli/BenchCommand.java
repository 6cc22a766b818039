package greenwave.cli;

import greenwave.jobs.ReferenceData;
import greenwave.jobs.signal.AtspmExport;
import greenwave.jobs.signal.SignalLayout;
import greenwave.local.LocalStack;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./greenwave bench}: throughput of the signal measures job, measured on the shipped real controller logs
 * scaled to many controllers (each copy of the two devices gets its own ids; events stay in time order).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the signal measures job's throughput (events/s) on the demo sample scaled to "
                    + "--copies x 2 controllers: the job alone (file source, results collected), and with --pipeline "
                    + "the whole path (publish to Kafka, job, exactly-once Kafka and Iceberg sinks)."
        })
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Greenwave parent;

    @Option(
            names = "--copies",
            defaultValue = "20",
            description = "Copies of the 2-controller sample (default: ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--pipeline", description = "Also run through the local stack (Kafka in, Kafka and Iceberg out).")
    boolean pipeline;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where the scaled input goes (default: a temporary directory).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        var config = parent.config();
        if (copies < 1) {
            throw new Greenwave.UserError("--copies must be at least 1");
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("greenwave-bench");
        Path input = Files.createDirectories(dir.resolve("input"));
        long events = scaleSample(input);
        ReferenceData reference = LocalRun.reference(input);
        Map<String, SignalLayout> layouts = reference.layouts();
        System.out.printf(
                "greenwave bench: %,d events from %d controllers (parallelism %d, %d cores)%n",
                events,
                layouts.size(),
                config.flink().parallelism(),
                Runtime.getRuntime().availableProcessors());

        // 1. The job alone: CSV file source -> decode -> event time -> measures -> collected.
        Path csv = dir.resolve("events.csv.gz");
        jsonLinesToAtspmCsv(input.resolve("signal.events.jsonl.gz"), csv);
        Configuration flink = new Configuration();
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.flink().parallelism());
        long t0 = System.nanoTime();
        AtspmExport.Result result =
                AtspmExport.run(StreamExecutionEnvironment.createLocalEnvironment(flink), config, csv, layouts);
        double jobSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "  job alone: %.1f s, %,.0f events/s (%,d measure rows; includes ~5 s of Flink start-up)%n",
                jobSeconds, events / jobSeconds, result.measures().size());

        if (pipeline) {
            try (LocalStack stack = new LocalStack(dir.resolve("stack"), 0, 0).start()) {
                long t1 = System.nanoTime();
                LocalRun.Batch batch =
                        new LocalRun(stack, config, System.out).run(input, dir.resolve("output"), reference, true, 0);
                double seconds = (System.nanoTime() - t1) / 1e9;
                System.out.printf(
                        "  pipeline: %.1f s, %,.0f events/s end to end (publish, job with exactly-once "
                                + "Kafka and Iceberg sinks, checkpoints every %d s; %,d measure records on Kafka)%n",
                        seconds,
                        events / seconds,
                        config.flink().checkpointIntervalS(),
                        batch.written().get(config.topics().signalMeasures()));
            }
        }
        return 0;
    }

    /** The demo sample with each device copied {@code copies} times ("227" -> "227", "227-1", ...). */
    private long scaleSample(Path input) throws IOException {
        long n = 0;
        try (BufferedReader in = resource("signal.events.jsonl.gz", true);
                BufferedWriter out = gzipWriter(input.resolve("signal.events.jsonl.gz"))) {
            String line;
            while ((line = in.readLine()) != null) {
                for (int c = 0; c < copies; c++) {
                    out.write(
                            c == 0
                                    ? line
                                    : line.replaceFirst(
                                            "\"device_id\":\"([^\"]*)\"", "\"device_id\":\"$1-" + c + "\""));
                    out.newLine();
                    n++;
                }
            }
        }
        try (BufferedReader in = resource("detectors.csv", false);
                BufferedWriter out = Files.newBufferedWriter(input.resolve("detectors.csv"))) {
            out.write(in.readLine());
            out.newLine();
            String line;
            while ((line = in.readLine()) != null) {
                int comma = line.indexOf(',');
                for (int c = 0; c < copies; c++) {
                    out.write(c == 0 ? line : line.substring(0, comma) + "-" + c + line.substring(comma));
                    out.newLine();
                }
            }
        }
        return n;
    }

    /** The same events in ATSPM's CSV form, for the file-source run. */
    private static void jsonLinesToAtspmCsv(Path jsonl, Path csv) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.S")
                .withZone(java.time.ZoneOffset.UTC);
        Map<Long, String> times = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(jsonl)), StandardCharsets.UTF_8));
                BufferedWriter out = gzipWriter(csv)) {
            out.write("TimeStamp,DeviceId,EventId,Parameter");
            out.newLine();
            String line;
            while ((line = in.readLine()) != null) {
                var e = json.readTree(line);
                long ts = e.get("ts").asLong();
                String time = times.computeIfAbsent(ts, t -> format.format(java.time.Instant.ofEpochMilli(t)));
                if (times.size() > 100_000) {
                    times.clear();
                }
                out.write(time + "," + e.get("device_id").asText() + ","
                        + e.get("code").asInt() + "," + e.get("param").asInt());
                out.newLine();
            }
        }
    }

    private static BufferedReader resource(String name, boolean gzip) throws IOException {
        InputStream in = BenchCommand.class.getClassLoader().getResourceAsStream("demo/atspm/" + name);
        if (in == null) {
            throw new IOException("the demo sample " + name + " is missing from the build");
        }
        return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
    }

    private static BufferedWriter gzipWriter(Path file) throws IOException {
        return new BufferedWriter(
                new OutputStreamWriter(
                        new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8),
                1 << 16);
    }
}
