package greenwave.cluster;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.GreenwaveTopology;
import greenwave.jobs.GreenwaveTopology.Offsets;
import greenwave.jobs.GreenwaveTopology.Selection;
import greenwave.jobs.ReferenceData;
import greenwave.jobs.common.TransactionTimeout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The jobs on a Flink cluster: the same topology as {@code ./greenwave run} ({@link GreenwaveTopology}), submitted to
 * a session cluster (REST {@code /jars/{id}/run} or {@code flink run}) or as an application cluster's entry class.
 *
 * <pre>
 *   greenwave.cluster.ClusterJob --config greenwave.yaml --reference /opt/greenwave/reference [--bounded]
 * </pre>
 * <ul>
 *   <li>{@code --config}: the one YAML configuration (as {@code ./greenwave --config}): {@code kafka.bootstrap_servers}
 *       of the cluster's brokers, topics, {@code iceberg.catalog} (catalog properties of the warehouse; required here)
 *       and the measures' settings.</li>
 *   <li>{@code --reference}: network.json / detectors.csv / zones.json / kitchens.json (as {@code ./greenwave run}).</li>
 *   <li>{@code --bounded}: the Kafka sources stop at the offsets current at start (tests and backfills).</li>
 * </ul>
 * Sources start from the consumer group's committed offsets (earliest for a new group). Topics are not created (on
 * a cluster they are declared with the Kafka cluster); the Iceberg tables are. Checkpointing and parallelism come
 * from the cluster's configuration when it sets them, else from {@code flink.checkpoint_interval_s} and
 * {@code flink.parallelism}. Nothing here calls {@code System.exit}: on a session cluster {@code main} runs inside
 * the JobManager.
 */
@Command(
        name = "greenwave-cluster",
        mixinStandardHelpOptions = true,
        description = "Builds the greenwave jobs (as ./greenwave run) and runs them on the Flink cluster this runs in.")
public final class ClusterJob {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterJob.class);

    @Option(
            names = "--config",
            required = true,
            paramLabel = "FILE",
            description = "The greenwave YAML configuration (Kafka, topics, iceberg.catalog, settings).")
    Path config;

    @Option(
            names = "--reference",
            required = true,
            paramLabel = "DIR",
            description = "Directory with network.json and/or detectors.csv, zones.json, kitchens.json.")
    Path reference;

    @Option(
            names = "--bounded",
            description = "Kafka sources stop at the offsets current when the job starts (tests, backfills).")
    boolean bounded;

    @Option(
            names = "--job-name",
            paramLabel = "NAME",
            defaultValue = "greenwave",
            description = "Flink job name (default: ${DEFAULT-VALUE}).")
    String jobName;

    @Option(
            names = "--no-gate",
            description =
                    "Do not check the input topics no job reads against the contract (the gate is on by default).")
    boolean noGate;

    public static void main(String[] args) throws Exception {
        ClusterJob job = new ClusterJob();
        CommandLine cli = new CommandLine(job);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        if (CommandLine.printHelpIfRequested(parsed)) {
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env);
        // blocking when attached (flink run, an application cluster), returns at once for a REST submission
        env.execute(job.jobName);
    }

    /**
     * Ensures the Iceberg tables and adds the topology to {@code env} (from {@code getExecutionEnvironment()} on a
     * cluster), with checkpointing and parallelism from the configuration where the cluster sets none.
     */
    public StreamExecutionEnvironment build(StreamExecutionEnvironment env) throws Exception {
        GreenwaveConfig cfg = GreenwaveConfig.load(config);
        if (!Files.isDirectory(reference)) {
            throw new IllegalArgumentException("not a directory: " + reference);
        }
        // Reference data first: bad files stop the submission with their errors before anything is created.
        ReferenceData referenceData = ReferenceData.read(reference);
        CatalogLoader catalogLoader = catalogLoader(cfg.iceberg());
        Catalog catalog = catalogLoader.loadCatalog();
        try {
            GreenwaveTopology.ensureTables(catalog);
        } finally {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }

        if (env.getConfiguration()
                        .getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                        .isEmpty()
                && !env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(
                    Duration.ofSeconds(cfg.flink().checkpointIntervalS()).toMillis());
        }
        TransactionTimeout.applyAndCheck(env, cfg);
        // the submission's or the cluster's parallelism.default when one is set, else flink.parallelism
        int parallelism = env.getConfiguration()
                .getOptional(CoreOptions.DEFAULT_PARALLELISM)
                .orElse(-1);
        if (parallelism <= 0) {
            env.setParallelism(cfg.flink().parallelism());
        }
        LOG.info(
                "greenwave on the cluster: parallelism {} (parallelism.default {}), checkpoint interval {}, "
                        + "bounded {}, Iceberg catalog {} ({}), Kafka {}",
                env.getParallelism(),
                parallelism,
                env.getCheckpointInterval(),
                bounded,
                cfg.iceberg().catalogName(),
                cfg.iceberg().catalogProperties().getOrDefault("uri", ""),
                cfg.kafka().bootstrapServers());
        GreenwaveTopology.add(
                env,
                cfg,
                referenceData,
                Selection.all(cfg, referenceData.network(), !noGate),
                catalogLoader,
                bounded,
                Offsets.everywhere(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)));
        return env;
    }

    /**
     * The Iceberg catalog of {@code iceberg.catalog}: {@code type} rest, jdbc, hadoop (or hive), or a Catalog class in
     * {@code catalog-impl}; every other property is passed to the catalog.
     */
    public static CatalogLoader catalogLoader(GreenwaveConfig.Iceberg iceberg) {
        Map<String, String> props = new HashMap<>(iceberg.catalogProperties());
        if (props.isEmpty()) {
            throw new IllegalArgumentException("iceberg.catalog is empty: on a cluster the configuration must name "
                    + "the warehouse's catalog (e.g. {type: rest, uri: \"http://iceberg-rest:8181\"})");
        }
        String type = props.remove(CatalogUtil.ICEBERG_CATALOG_TYPE);
        String impl = props.get(CatalogProperties.CATALOG_IMPL);
        if (impl == null) {
            if (type == null) {
                throw new IllegalArgumentException(
                        "iceberg.catalog needs `type` (rest, jdbc, hadoop) or `catalog-impl`");
            }
            impl = switch (type.toLowerCase(Locale.ROOT)) {
                case CatalogUtil.ICEBERG_CATALOG_TYPE_REST -> CatalogUtil.ICEBERG_CATALOG_REST;
                case "jdbc" -> "org.apache.iceberg.jdbc.JdbcCatalog";
                case CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP -> CatalogUtil.ICEBERG_CATALOG_HADOOP;
                case CatalogUtil.ICEBERG_CATALOG_TYPE_HIVE -> CatalogUtil.ICEBERG_CATALOG_HIVE;
                default ->
                    throw new IllegalArgumentException("iceberg.catalog.type " + type
                            + " is not one of rest, jdbc, hadoop, hive (or give catalog-impl)");
            };
        } else {
            props.remove(CatalogProperties.CATALOG_IMPL);
        }
        return CatalogLoader.custom(iceberg.catalogName(), props, new org.apache.hadoop.conf.Configuration(), impl);
    }
}
