package greenwave.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.config.GreenwaveConfig;
import greenwave.local.EmbeddedKafka;
import greenwave.local.TopicSpec;
import greenwave.schemas.Contract;
import greenwave.schemas.SignalEvent;
import greenwave.sql.ContractCatalog;
import greenwave.testing.CommittedRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka.client_properties} against a broker that requires a login (SASL_PLAINTEXT, SCRAM-SHA-512): the jobs'
 * own clients (the raw source, the exactly-once sink, the admin that reads the broker's transaction maximum, the SQL
 * catalog's topic tables) work with the right login, and are refused promptly with a wrong one.
 */
class KafkaSecurityTest {

    private static final String USER = "greenwave-jobs";
    private static final String PASSWORD = "jobs-s3cret";
    private static final String INPUT = "signal.events";
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startSecuredBroker() {
        kafka = new EmbeddedKafka(dir.resolve("kafka"), 0)
                .scramUsers(Map.of(USER, PASSWORD))
                .start();
        // the admin that creates the local stack's topics logs in as the broker's own user
        kafka.createTopics(
                Map.of(INPUT, TopicSpec.of(2), "secured.copy", TopicSpec.of(1), "refused.copy", TopicSpec.of(1)));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void theJobsClientsWorkWithTheRightLogin() throws Exception {
        GreenwaveConfig config = config("right", EmbeddedKafka.scramClientProperties(USER, PASSWORD));
        assertThat(TransactionTimeout.brokerMaxTimeoutMs(
                        config.kafka().bootstrapServers(), config.kafka().clientPropertiesOrEmpty()))
                .hasValue(Duration.ofHours(1).toMillis());

        Map<String, Object> producerConf = new HashMap<>(config.kafka().clientPropertiesOrEmpty());
        producerConf.put("bootstrap.servers", config.kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(producerConf, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 4; i++) {
                String event = "{\"device_id\":\"d" + i + "\",\"ts\":" + (1715612400000L + i * 1000)
                        + ",\"code\":82,\"param\":" + (i + 1) + "}";
                producer.send(new ProducerRecord<>(INPUT, "d" + i, event)).get(30, TimeUnit.SECONDS);
            }
        }

        // a job through the raw source and the exactly-once sink; its output is read committed
        StreamExecutionEnvironment env = environment();
        TransactionTimeout.applyAndCheck(env, config);
        KafkaSinks.exactlyOnce(
                decoded(env, config),
                config,
                "secured.copy",
                Contract.SIGNAL_EVENTS,
                "secured-copy",
                "Secured copy",
                "secured-copy");
        env.execute("secured copy");
        assertThat(CommittedRecords.readCommitted(
                        config.kafka().bootstrapServers(),
                        "secured.copy",
                        config.kafka().clientPropertiesOrEmpty()))
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("d0", "d1", "d2", "d3");

        // the SQL catalog's topic tables carry the same login
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.createCatalog(
                ContractCatalog.NAME,
                CatalogDescriptor.of(
                        ContractCatalog.NAME, Configuration.fromMap(ContractCatalog.options(config, true))));
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql("SELECT device_id, param FROM kafka.topics.signal_events")
                .collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        assertThat(rows).containsExactlyInAnyOrder("+I[d0, 1]", "+I[d1, 2]", "+I[d2, 3]", "+I[d3, 4]");
    }

    @Test
    void aWrongLoginIsRefusedPromptly() throws Exception {
        GreenwaveConfig wrong = config("wrong", EmbeddedKafka.scramClientProperties(USER, "not-the-password"));

        long start = System.nanoTime();
        assertThat(TransactionTimeout.brokerMaxTimeoutMs(
                        wrong.kafka().bootstrapServers(), wrong.kafka().clientPropertiesOrEmpty()))
                .isEmpty();
        assertThat(since(start)).isLessThan(REFUSED_WITHIN);

        // the raw source: the job fails on the login, it does not wait
        assertRefused(env -> {
            env.fromSource(
                            KafkaSinks.rawSource(wrong, INPUT, true, OffsetsInitializer.earliest()),
                            WatermarkStrategy.noWatermarks(),
                            "kafka " + INPUT)
                    .print();
            return env;
        });
        // the exactly-once sink
        assertRefused(env -> {
            KafkaSinks.exactlyOnce(
                    env.fromData(new SignalEvent("d9", 1715612400000L, 82, 1)),
                    wrong,
                    "refused.copy",
                    Contract.SIGNAL_EVENTS,
                    "refused-copy",
                    "Refused copy",
                    "refused-copy");
            return env;
        });
        assertThat(CommittedRecords.readCommitted(
                        kafka.bootstrapServers(), "refused.copy", EmbeddedKafka.scramClientProperties(USER, PASSWORD)))
                .isEmpty();
    }

    /**
     * A client without a login gets no answer it could take for an error: the broker closes the connection at its
     * first request that is not part of the SASL handshake. Its own timeouts bound the wait.
     */
    @Test
    void aClientWithoutALoginGetsNothing() {
        GreenwaveConfig none = config("none", Map.of());
        Map<String, Object> conf = new HashMap<>();
        KafkaSinks.clientProperties(none).forEach((k, v) -> conf.put((String) k, v));
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, none.kafka().bootstrapServers());
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        long start = System.nanoTime();
        try (Admin admin = Admin.create(conf)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        assertThat(since(start)).isLessThan(Duration.ofSeconds(15));
    }

    /** The job built by {@code job} fails on the broker's refusal of the login, within {@link #REFUSED_WITHIN}. */
    private static void assertRefused(Function<StreamExecutionEnvironment, StreamExecutionEnvironment> job) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> job.apply(environment()).execute("refused"))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class)
                .rootCause()
                .hasMessageContaining("Authentication failed");
        assertThat(since(start)).isLessThan(REFUSED_WITHIN);
    }

    private static DataStream<SignalEvent> decoded(StreamExecutionEnvironment env, GreenwaveConfig config) {
        return env.fromSource(
                        KafkaSinks.rawSource(config, INPUT, true, OffsetsInitializer.earliest()),
                        WatermarkStrategy.noWatermarks(),
                        "kafka " + INPUT)
                .process(new ContractDecoder<>(
                        Contract.SIGNAL_EVENTS,
                        SignalEvent.class,
                        config.input().plausibleTime()))
                .returns(SignalEvent.class);
    }

    /** One slot, checkpoints every second (the exactly-once sink commits on them), no restarts. */
    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(1000);
        return env;
    }

    /** The configuration as a user writes it: {@code kafka.client_properties} in the YAML file. */
    private static GreenwaveConfig config(String name, Map<String, String> clientProperties) {
        StringBuilder yaml = new StringBuilder("kafka:\n  bootstrap_servers: \"" + kafka.bootstrapServers() + "\"\n");
        yaml.append("  group_id: \"greenwave-").append(name).append("\"\n  client_properties:");
        yaml.append(clientProperties.isEmpty() ? " {}\n" : "\n");
        clientProperties.forEach((k, v) -> yaml.append("    ")
                .append(k)
                .append(": '")
                .append(v.replace("'", "''"))
                .append("'\n"));
        try {
            Path file = dir.resolve(name + ".yaml");
            Files.writeString(file, yaml);
            return GreenwaveConfig.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
