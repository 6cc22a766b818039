package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.jar.JarFile;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFlinkTest {

    @TempDir
    Path dir;

    @Test
    void latestCheckpointPicksTheNewestCompletedOne() throws Exception {
        Path root = LocalFlink.checkpointDir(dir, "job");
        assertThat(LocalFlink.latestCheckpoint(root)).isEmpty();
        Path oldJob = root.resolve("0b7a1e0c6a1f4d7e9a3b2c1d0e9f8a7b");
        Path newJob = root.resolve("5f2e9c8d7b6a5f4e3d2c1b0a9f8e7d6c");
        checkpoint(oldJob.resolve("chk-40"), 1_000); // completed, older run
        checkpoint(newJob.resolve("chk-2"), 2_000); // completed
        checkpoint(newJob.resolve("chk-3"), 3_000); // completed, newest
        Files.createDirectories(newJob.resolve("chk-4")); // in progress: no _metadata
        Files.createDirectories(newJob.resolve("shared"));
        Files.createDirectories(newJob.resolve("taskowned"));

        assertThat(LocalFlink.latestCheckpoint(root)).contains(newJob.resolve("chk-3"));
        assertThat(LocalFlink.latestCheckpoint(newJob)).contains(newJob.resolve("chk-3"));
        assertThat(LocalFlink.latestCheckpoint(oldJob)).contains(oldJob.resolve("chk-40"));
        assertThat(LocalFlink.latestCheckpoint(dir.resolve("missing"))).isEmpty();

        Configuration conf = LocalFlink.configuration(dir, "job", 0);
        assertThat(LocalFlink.resumeFromLatest(conf, root)).contains(newJob.resolve("chk-3"));
        assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(newJob.resolve("chk-3").toUri().toString());
    }

    @Test
    void configurationKeepsCheckpointsUnderTheDataDir() {
        Configuration conf = LocalFlink.configuration(dir, "signal-measures", 18081);
        assertThat(conf.get(RestOptions.PORT)).isEqualTo(18081);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .startsWith("file:/")
                .endsWith("/checkpoints/signal-measures");
        assertThat(conf.toMap())
                .containsEntry("state.backend.type", "hashmap")
                .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
                .containsEntry("restart-strategy.type", "fixed-delay");
        assertThat(conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    }

    /**
     * Flink's REST endpoint decodes uploads with its relocated netty: the jar that holds it must carry a netty past
     * CVE-2024-29025 (fixed in 4.1.108). Read from that jar alone: the unshaded netty on the class path has its own.
     */
    @Test
    void flinksRelocatedNettyIsPastTheMultipartDecoderCve() throws Exception {
        URL jar = HttpPostRequestDecoder.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        Properties versions = new Properties();
        try (JarFile file = new JarFile(Path.of(jar.toURI()).toFile());
                InputStream in = file.getInputStream(file.getEntry("META-INF/io.netty.versions.properties"))) {
            versions.load(in);
        }
        String version = versions.getProperty("netty-all.version"); // e.g. 4.2.6.Final
        assertThat(version).as(jar.toString()).isNotNull();
        int[] parts = Arrays.stream(version.split("\\."))
                .limit(3)
                .mapToInt(Integer::parseInt)
                .toArray();
        assertThat(parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2])
                .as(version)
                .isGreaterThanOrEqualTo(4_001_108);
    }

    static void checkpoint(Path chk, long mtimeMillis) throws Exception {
        Files.createDirectories(chk);
        Path metadata = Files.write(chk.resolve("_metadata"), new byte[] {1});
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochMilli(1_700_000_000_000L + mtimeMillis)));
    }
}
