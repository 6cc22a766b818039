package greenwave.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.config.GreenwaveConfig;
import greenwave.local.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka transaction timeout against the checkpoints that commit the transactions and the broker's maximum. */
class TransactionTimeoutTest {

    @Test
    void aTransactionStaysOpenForTheIntervalPlusEveryToleratedCheckpointTimeout() {
        assertThat(TransactionTimeout.longestOpen(Duration.ofSeconds(30), Duration.ofMinutes(2), 3))
                .isEqualTo(Duration.ofSeconds(30 + 4 * 120));
    }

    @Test
    void theDefaultsPass() {
        GreenwaveConfig d = GreenwaveConfig.defaults();
        assertThatCode(() -> TransactionTimeout.check(
                        Duration.ofSeconds(d.kafka().transactionTimeoutS()),
                        Duration.ofSeconds(d.flink().checkpointIntervalS()),
                        Duration.ofSeconds(d.flink().checkpointTimeoutS()),
                        d.flink().tolerableCheckpointFailures(),
                        OptionalLong.of(900_000)))
                .doesNotThrowAnyException();
    }

    @Test
    void aTimeoutEqualToTheCheckpointTimeoutWithToleratedFailuresIsRefused() {
        // 600 s transactions with 10 min checkpoints and 3 tolerated failures: the broker could abort a transaction
        // that Flink commits up to 40.5 min later
        assertThatThrownBy(() -> TransactionTimeout.check(
                        Duration.ofSeconds(600),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(10),
                        3,
                        OptionalLong.of(900_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.transaction_timeout_s 600 s is shorter than a transaction can stay open")
                .hasMessageContaining("= 2430 s");
    }

    @Test
    void aTimeoutAboveTheBrokersMaximumIsRefused() {
        assertThatThrownBy(() -> TransactionTimeout.check(
                        Duration.ofSeconds(1000),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(2),
                        3,
                        OptionalLong.of(900_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the broker's transaction.max.timeout.ms (900 s)");
        // unknown maximum: only the checkpoint rule applies
        assertThatCode(() -> TransactionTimeout.check(
                        Duration.ofSeconds(1000),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(2),
                        3,
                        OptionalLong.empty()))
                .doesNotThrowAnyException();
    }

    @Test
    void theBrokersMaximumIsAskedOfTheBrokerAndTheJobsCheckpointSettingsApplied(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka =
                new EmbeddedKafka(tmp.resolve("kafka"), 0, Map.of("transaction.max.timeout.ms", "300000")).start()) {
            assertThat(TransactionTimeout.brokerMaxTimeoutMs(kafka.bootstrapServers(), Map.of()))
                    .hasValue(300_000);

            Path file = tmp.resolve("greenwave.yaml");
            Files.writeString(
                    file,
                    "kafka: {bootstrap_servers: \"" + kafka.bootstrapServers() + "\", "
                            + "transaction_timeout_s: 600}\nflink: {checkpoint_interval_s: 30, checkpoint_timeout_s: 60, "
                            + "tolerable_checkpoint_failures: 2}\n");
            GreenwaveConfig config = GreenwaveConfig.load(file);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(30_000);
            assertThatThrownBy(() -> TransactionTimeout.applyAndCheck(env, config))
                    .hasMessageContaining("exceeds the broker's transaction.max.timeout.ms (300 s)");
            assertThat(env.getCheckpointConfig().getCheckpointTimeout()).isEqualTo(60_000);
            assertThat(env.getCheckpointConfig().getTolerableCheckpointFailureNumber())
                    .isEqualTo(2);

            // a cluster's own checkpoint timeout wins over the configuration's, and is checked
            Configuration cluster = new Configuration();
            cluster.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(10));
            StreamExecutionEnvironment onCluster = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
            onCluster.enableCheckpointing(30_000);
            assertThatThrownBy(() -> TransactionTimeout.applyAndCheck(onCluster, config))
                    .hasMessageContaining("checkpoint timeout 600 s x (2 tolerable failures + 1)");
        }
    }

    @Test
    void anUnreachableBrokerLeavesTheMaximumUnknown() {
        assertThat(TransactionTimeout.brokerMaxTimeoutMs("127.0.0.1:1", Map.of()))
                .isEmpty();
    }
}
