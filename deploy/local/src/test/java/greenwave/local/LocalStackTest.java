package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path dir;

    @Test
    void startsBrokerAndWarehouseUnderOneDirAndLocksIt() throws Exception {
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            assertThat(stack.bootstrapServers()).startsWith("127.0.0.1:");
            stack.createTopics(Map.of(
                    "signal.events", TopicSpec.of(2), "network", TopicSpec.compacted(1), "dlq", TopicSpec.of(2)));
            try (Admin admin = stack.kafka().admin()) {
                assertThat(admin.listTopics().names().get()).contains("signal.events", "network", "dlq");
            }
            stack.warehouse().ensureNamespaces("traffic", "bike", "food", "ops");
            assertThat(dir.resolve("kafka/meta.properties")).exists();
            assertThat(dir.resolve("iceberg/catalog.db")).exists();

            Configuration conf = stack.flinkConfiguration("signal-measures");
            assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .isEqualTo(dir.resolve("flink/checkpoints/signal-measures")
                            .toUri()
                            .toString());

            // a second stack on the same directory is refused
            try (LocalStack other = new LocalStack(dir, 0, 0)) {
                assertThatThrownBy(other::start).hasMessageContaining("another greenwave stack");
            }
            assertThat(stack.kafka().isRunning()).isTrue();
            stack.close();
            stack.close(); // idempotent
            assertThatThrownBy(stack::kafka).isInstanceOf(IllegalStateException.class);
        }
        // restart on the same directory
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            try (Admin admin = stack.kafka().admin()) {
                assertThat(admin.listTopics().names().get()).contains("signal.events", "network");
            }
            assertThat(((SupportsNamespaces) stack.warehouse().catalog()).namespaceExists(Namespace.of("ops")))
                    .isTrue();
        }
    }

    @Test
    void defaultDataDirFollowsPropertiesThenRepo() {
        String before = System.getProperty("greenwave.data.dir");
        String repo = System.getProperty("greenwave.repo");
        try {
            System.clearProperty("greenwave.data.dir");
            System.setProperty("greenwave.repo", dir.toString());
            if (System.getenv("GREENWAVE_DATA_DIR") == null) {
                assertThat(LocalStack.defaultDataDir()).isEqualTo(dir.resolve(".greenwave"));
            }
            System.setProperty("greenwave.data.dir", dir.resolve("x").toString());
            assertThat(LocalStack.defaultDataDir()).isEqualTo(dir.resolve("x"));
        } finally {
            restore("greenwave.data.dir", before);
            restore("greenwave.repo", repo);
        }
        assertThat(Map.of()).isEmpty();
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
