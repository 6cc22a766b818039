package greenwave.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreenwaveConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheSpecsValues() {
        GreenwaveConfig c = GreenwaveConfig.defaults();
        assertThat(c.signal().binMinutes()).isEqualTo(15);
        assertThat(c.signal().maxOutOfOrdernessS()).isEqualTo(300);
        assertThat(c.signal().splitFailureGreenOccupancy()).isEqualTo(0.80);
        assertThat(c.signal().saturationFlowVphpl()).isEqualTo(1800);
        assertThat(c.topics().signalEvents()).isEqualTo("signal.events");
        assertThat(c.topics().dlq()).isEqualTo("dlq");
    }

    @Test
    void aUserFileOverridesOnlyTheKeysItNames() throws Exception {
        Path file = dir.resolve("my.yaml");
        Files.writeString(file, "signal:\n  bin_minutes: 5\ntopics:\n  dlq: \"city.dlq\"\n");
        GreenwaveConfig c = GreenwaveConfig.load(file);
        assertThat(c.signal().binMinutes()).isEqualTo(5);
        assertThat(c.signal().maxOutOfOrdernessS()).isEqualTo(300);
        assertThat(c.topics().dlq()).isEqualTo("city.dlq");
        assertThat(c.topics().signalEvents()).isEqualTo("signal.events");
    }

    @Test
    void aMistypedKeyIsAnErrorNotASilentDefault() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "signal:\n  bin_minuts: 5\n");
        assertThatThrownBy(() -> GreenwaveConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bin_minuts");
    }

    @Test
    void theIcebergCatalogIsEmptyByDefaultAndAMapOfStringsInAUserFile() throws Exception {
        GreenwaveConfig d = GreenwaveConfig.defaults();
        assertThat(d.iceberg().catalogName()).isEqualTo("greenwave");
        assertThat(d.iceberg().catalogProperties()).isEmpty();
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(
                file,
                "iceberg:\n  catalog:\n    type: rest\n    uri: \"http://iceberg-rest:8181\"\n"
                        + "    s3.path-style-access: \"true\"\n");
        GreenwaveConfig c = GreenwaveConfig.load(file);
        assertThat(c.iceberg().catalogName()).isEqualTo("greenwave");
        assertThat(c.iceberg().catalogProperties())
                .containsEntry("type", "rest")
                .containsEntry("uri", "http://iceberg-rest:8181")
                .containsEntry("s3.path-style-access", "true");
        assertThat(c.withBootstrapServers("b:9092").iceberg()).isEqualTo(c.iceberg());
    }
}
