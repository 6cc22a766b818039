package greenwave.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink settings for local runs: an in-JVM cluster with the web UI, file checkpoints kept under the data directory,
 * and resumption from the newest of them.
 *
 * <pre>
 *   Configuration conf = LocalFlink.configuration(dataDir.resolve("flink"), "signal-measures", 8081);
 *   LocalFlink.resumeFromLatest(conf, LocalFlink.checkpointDir(dataDir.resolve("flink"), "signal-measures"));
 *   StreamExecutionEnvironment env = LocalFlink.environment(conf);
 * </pre>
 */
public final class LocalFlink {

    public static final int DEFAULT_REST_PORT = 8081;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

    private LocalFlink() {}

    /**
     * The configuration of a local run.
     *
     * @param flinkDir where checkpoints go ({@code <flinkDir>/checkpoints/<jobName>/<job id>/chk-N})
     * @param jobName  names the checkpoint directory, so a restarted job finds its own checkpoints
     * @param restPort web UI / REST port ({@code rest.port}); 0 = a free port
     */
    public static Configuration configuration(Path flinkDir, String jobName, int restPort) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, restPort);
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointDir(flinkDir, jobName).toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        // every job of the stack runs in this one task manager: the default 64 MB of network buffers runs short
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(192));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(192));
        // fail fast: a broken job should stop the stack, not retry forever
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        return conf;
    }

    /** {@code <flinkDir>/checkpoints/<jobName>}, absolute. */
    public static Path checkpointDir(Path flinkDir, String jobName) {
        return flinkDir.toAbsolutePath().normalize().resolve("checkpoints").resolve(jobName);
    }

    /**
     * Sets {@code execution.state-recovery.path} to the newest completed checkpoint under {@code checkpointDir}, if
     * any; returns it. The job then fails to start if the checkpoint holds state of an operator (by uid) that the
     * program no longer has; see {@link #resumeFromLatest(Configuration, Path, boolean)}.
     */
    public static Optional<Path> resumeFromLatest(Configuration conf, Path checkpointDir) {
        return resumeFromLatest(conf, checkpointDir, false);
    }

    /**
     * As {@link #resumeFromLatest(Configuration, Path)}; with {@code allowNonRestoredState} the state of operators
     * missing from the program is dropped instead ({@code execution.state-recovery.ignore-unclaimed-state}).
     */
    public static Optional<Path> resumeFromLatest(
            Configuration conf, Path checkpointDir, boolean allowNonRestoredState) {
        Optional<Path> latest = latestCheckpoint(checkpointDir);
        latest.ifPresent(p -> {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
        });
        return latest;
    }

    /** A local environment (a MiniCluster in this JVM) serving the web UI on {@code rest.port}. */
    public static StreamExecutionEnvironment environment(Configuration conf) {
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /**
     * The newest completed checkpoint under {@code checkpointDir}: a {@code chk-N} directory holding {@code _metadata},
     * searched in the directory itself and up to two levels below (the job-id directories Flink creates). Newest =
     * latest {@code _metadata} modification time, then highest N.
     */
    public static Optional<Path> latestCheckpoint(Path checkpointDir) {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.find(
                checkpointDir,
                3,
                (p, attrs) -> attrs.isDirectory()
                        && CHK.matcher(p.getFileName().toString()).matches())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("_metadata")))
                    .max(Comparator.comparingLong(LocalFlink::metadataTime)
                            .thenComparingLong(LocalFlink::checkpointId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + checkpointDir, e);
        }
    }

    private static long metadataTime(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static long checkpointId(Path chk) {
        Matcher m = CHK.matcher(chk.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
