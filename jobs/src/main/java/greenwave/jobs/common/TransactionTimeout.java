package greenwave.jobs.common;

import greenwave.config.GreenwaveConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka transactions must outlive the checkpoints that commit them. An exactly-once sink opens a transaction after
 * one checkpoint and commits it once a later checkpoint completes: with k tolerable checkpoint failures that is up to
 * interval + checkpoint timeout × (k + 1) later. A shorter transaction timeout lets the broker abort a transaction
 * that Flink has already recorded in a checkpoint, and Flink's later commit of it finds nothing: its records (a
 * timing plan stored as sent) are lost. A timeout above the broker's {@code transaction.max.timeout.ms} makes every
 * sink fail at its first transaction. Both are checked when a job is built, so a bad combination never starts.
 */
public final class TransactionTimeout {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionTimeout.class);
    static final String BROKER_MAX = "transaction.max.timeout.ms";

    private TransactionTimeout() {}

    /** The longest a sink's transaction can stay open before Flink commits it. */
    public static Duration longestOpen(Duration checkpointInterval, Duration checkpointTimeout, int tolerableFailures) {
        return checkpointInterval.plus(checkpointTimeout.multipliedBy(tolerableFailures + 1L));
    }

    /**
     * Sets the configuration's checkpoint timeout and tolerable failures where the environment (a cluster's own
     * configuration, or the caller) sets none, then checks the Kafka transaction timeout against them and against
     * the broker's maximum (asked of the broker; when it cannot be asked, the broker still refuses a longer timeout at
     * the first transaction).
     *
     * @throws IllegalArgumentException when the transaction timeout is too short or longer than the broker allows
     */
    public static void applyAndCheck(StreamExecutionEnvironment env, GreenwaveConfig config) {
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        if (env.getConfiguration()
                .getOptional(CheckpointingOptions.CHECKPOINTING_TIMEOUT)
                .isEmpty()) {
            checkpoints.setCheckpointTimeout(
                    Duration.ofSeconds(config.flink().checkpointTimeoutS()).toMillis());
        }
        if (env.getConfiguration()
                .getOptional(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)
                .isEmpty()) {
            checkpoints.setTolerableCheckpointFailureNumber(config.flink().tolerableCheckpointFailures());
        }
        check(
                Duration.ofSeconds(config.kafka().transactionTimeoutS()),
                Duration.ofMillis(env.getCheckpointInterval()),
                Duration.ofMillis(checkpoints.getCheckpointTimeout()),
                checkpoints.getTolerableCheckpointFailureNumber(),
                brokerMaxTimeoutMs(
                        config.kafka().bootstrapServers(), config.kafka().clientPropertiesOrEmpty()));
    }

    /** The check itself; {@code brokerMaxMs} empty when the broker's maximum is not known. */
    public static void check(
            Duration transactionTimeout,
            Duration checkpointInterval,
            Duration checkpointTimeout,
            int tolerableFailures,
            OptionalLong brokerMaxMs) {
        Duration needed = longestOpen(checkpointInterval, checkpointTimeout, tolerableFailures);
        if (transactionTimeout.compareTo(needed) < 0) {
            throw new IllegalArgumentException("kafka.transaction_timeout_s " + transactionTimeout.toSeconds()
                    + " s is shorter than a transaction can stay open: checkpoint interval "
                    + checkpointInterval.toSeconds() + " s + checkpoint timeout " + checkpointTimeout.toSeconds()
                    + " s x (" + tolerableFailures + " tolerable failures + 1) = " + needed.toSeconds()
                    + " s; the broker could abort a transaction Flink later commits. Raise the transaction timeout or"
                    + " lower flink.checkpoint_timeout_s / flink.tolerable_checkpoint_failures");
        }
        if (brokerMaxMs.isPresent() && transactionTimeout.toMillis() > brokerMaxMs.getAsLong()) {
            throw new IllegalArgumentException("kafka.transaction_timeout_s " + transactionTimeout.toSeconds()
                    + " s exceeds the broker's " + BROKER_MAX + " (" + brokerMaxMs.getAsLong() / 1000
                    + " s): every exactly-once sink would fail at its first transaction");
        }
    }

    /** The broker's {@code transaction.max.timeout.ms}, or empty when it cannot be read (e.g. not authorised). */
    static OptionalLong brokerMaxTimeoutMs(String bootstrapServers, Map<String, String> clientProperties) {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(settings)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(20, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                return OptionalLong.empty();
            }
            ConfigResource broker = new ConfigResource(
                    ConfigResource.Type.BROKER,
                    String.valueOf(nodes.iterator().next().id()));
            Config config = admin.describeConfigs(List.of(broker))
                    .all()
                    .get(20, TimeUnit.SECONDS)
                    .get(broker);
            ConfigEntry entry = config == null ? null : config.get(BROKER_MAX);
            return entry == null || entry.value() == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(entry.value()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn(
                    "could not read the broker's {} from {} ({}); the broker checks the transaction timeout at the"
                            + " first transaction",
                    BROKER_MAX,
                    bootstrapServers,
                    e.toString());
            return OptionalLong.empty();
        }
    }
}
