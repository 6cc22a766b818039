package greenwave.jobs.signal;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.io.AtspmCsvFormat;
import greenwave.jobs.io.Collected;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.SignalMeasure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs an ATSPM-format event export through the signal measures job (the same topology that reads Kafka) and
 * gathers its results. Used by {@code ./greenwave atspm} and by the golden test.
 */
public final class AtspmExport {
    private AtspmExport() {}

    /** What one run produced. */
    public record Result(List<SignalMeasure> measures, List<DeadLetter> deadLetters, List<LateEvent> lateEvents) {}

    /**
     * @param env      the environment to run in (local, or a test MiniCluster)
     * @param events   the export, {@code .csv} or {@code .csv.gz}
     * @param layouts  detector configuration per device
     */
    public static Result run(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            java.nio.file.Path events,
            Map<String, SignalLayout> layouts)
            throws Exception {
        FileSource<RawRecord> source = FileSource.forRecordStreamFormat(
                        new AtspmCsvFormat(config.topics().signalEvents()),
                        new Path(events.toAbsolutePath().toUri()))
                .build();
        DataStream<RawRecord> raw = env.fromSource(
                        source, SignalMeasuresJob.watermarks(config), "atspm export " + events.getFileName())
                .uid("atspm-export-source")
                .setParallelism(1);

        SignalMeasuresJob.Outputs outputs = new SignalMeasuresJob(config, layouts).build(raw);
        Collected<SignalMeasure> measures = Collected.of(outputs.measures());
        Collected<DeadLetter> deadLetters = Collected.of(outputs.deadLetters());
        Collected<LateEvent> late = Collected.of(outputs.lateEvents());

        ExecutorService pool = Collected.pool(3);
        try {
            env.executeAsync("greenwave atspm " + events.getFileName());
            measures.startDraining(pool);
            deadLetters.startDraining(pool);
            late.startDraining(pool);
            return new Result(measures.get(), deadLetters.get(), late.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
