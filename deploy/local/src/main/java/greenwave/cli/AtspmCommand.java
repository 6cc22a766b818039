package greenwave.cli;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.signal.AtspmCsv;
import greenwave.jobs.signal.AtspmExport;
import greenwave.jobs.signal.SignalLayout;
import greenwave.schemas.ContractCodec;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./greenwave atspm}: ATSPM-format export in, the reference measure CSVs out, through the streaming job. */
@Command(
        name = "atspm",
        mixinStandardHelpOptions = true,
        description = {
            "Computes ATSPM signal performance measures from an ATSPM-format event export, through the "
                    + "same streaming job that reads Kafka, and writes actuations.csv, terminations.csv, "
                    + "arrival_on_green.csv, split_failures.csv and yellow_red.csv (ATSPM's column names) to the output directory. "
                    + "Rejected rows go to dead_letters.jsonl, events beyond the allowed lateness to late_events.jsonl."
        })
final class AtspmCommand implements Callable<Integer> {

    @ParentCommand
    Greenwave parent;

    @Option(
            names = "--events",
            required = true,
            paramLabel = "EVENTS.csv[.gz]",
            description = "High-resolution events: TimeStamp,DeviceId,EventId,Parameter (TimeStamp in UTC).")
    Path events;

    @Option(
            names = "--detectors",
            required = true,
            paramLabel = "DETECTORS.csv",
            description =
                    "Detector configuration: DeviceId,Phase,Function,Parameter (Function: Advance, Presence, Stopbar Count, Yellow_Red).")
    Path detectors;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output directory (created if missing).")
    Path out;

    @Override
    public Integer call() throws Exception {
        GreenwaveConfig config = parent.config();
        Greenwave.readableFile(events, "the events file");
        Greenwave.readableFile(detectors, "the detectors file");
        Map<String, SignalLayout> layouts;
        try {
            layouts = SignalLayout.fromAtspmDetectorsCsv(detectors);
        } catch (RuntimeException e) {
            throw new Greenwave.UserError("bad detectors file " + detectors + ": " + e.getMessage());
        }
        Files.createDirectories(out);

        Configuration flink = new Configuration();
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.flink().parallelism());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);

        System.err.printf("greenwave atspm: reading %s (%d devices configured)...%n", events, layouts.size());
        long started = System.nanoTime();
        AtspmExport.Result result = AtspmExport.run(env, config, events, layouts);
        double seconds = (System.nanoTime() - started) / 1e9;

        AtspmCsv.writeReference(out, result.measures());
        ContractCodec codec = ContractCodec.shared();
        writeJsonLines(
                out.resolve("dead_letters.jsonl"),
                result.deadLetters().stream().map(codec::toJson).toList());
        writeJsonLines(
                out.resolve("late_events.jsonl"),
                result.lateEvents().stream().map(LateEvent::payload).toList());

        System.out.printf(
                "greenwave atspm: %d measure rows in %.1f s -> %s%n",
                result.measures().size(), seconds, out);
        System.out.printf(
                "  rejected rows: %d (dead_letters.jsonl), late events: %d (late_events.jsonl)%n",
                result.deadLetters().size(), result.lateEvents().size());
        return 0;
    }

    private static void writeJsonLines(Path file, Iterable<String> lines) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.newLine();
            }
        }
    }
}
