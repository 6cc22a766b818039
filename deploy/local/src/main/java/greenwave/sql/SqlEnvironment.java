package greenwave.sql;

import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalFlink;
import greenwave.udfs.GreenwaveModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.catalog.CatalogDescriptor;

/**
 * The SQL environment of {@code ./greenwave sql}: a {@link TableEnvironment} with everything registered, as on the SQL
 * gateway.
 * <ul>
 *   <li>catalog {@value ContractCatalog#NAME} (current, database {@value ContractCatalog#DATABASE}): a table per
 *       contract topic ({@link ContractCatalog});</li>
 *   <li>catalog {@value #ICEBERG_CATALOG}: the Iceberg warehouse, e.g. {@code greenwave.traffic.actuations};</li>
 *   <li>the {@code greenwave} module: the project's SQL functions ({@code udfs/});</li>
 *   <li>the {@value CommandTopicGuard#MODULE} module: no table of the script writes a command topic
 *       ({@link CommandTopicGuard}).</li>
 * </ul>
 * Streaming jobs checkpoint every {@code flink.checkpoint_interval_s}: Iceberg commits and Kafka transactions happen
 * on checkpoints.
 */
public final class SqlEnvironment {

    /** Name of the Iceberg catalog in SQL; also the catalog name its tables are stored under. */
    public static final String ICEBERG_CATALOG = "greenwave";

    /** How a script runs. */
    public enum Mode {
        STREAMING,
        BATCH
    }

    private SqlEnvironment() {}

    /**
     * @param icebergProperties the warehouse's Iceberg catalog properties (e.g. {@code LocalWarehouse.catalogProperties()})
     * @param bounded           Kafka tables end at the offsets current when a query starts, and each INSERT waits
     *                          for its job (always so in batch mode)
     * @param flinkDir          the local stack's Flink directory: streaming jobs checkpoint in
     *                          {@code <flinkDir>/checkpoints/<jobName>}
     */
    public static TableEnvironment create(
            GreenwaveConfig config,
            Map<String, String> icebergProperties,
            Mode mode,
            boolean bounded,
            Path flinkDir,
            String jobName) {
        boolean ends = bounded || mode == Mode.BATCH;
        // the local stack's Flink settings (state backend, checkpoint storage, network buffers, restarts)
        Configuration conf = LocalFlink.configuration(flinkDir, jobName, 0);
        conf.set(
                ExecutionOptions.RUNTIME_MODE,
                mode == Mode.BATCH ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, config.flink().parallelism());
        conf.set(TableConfigOptions.TABLE_DML_SYNC, ends);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(config.flink().checkpointIntervalS()));
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance().withConfiguration(conf);
        TableEnvironment tEnv = TableEnvironment.create(
                (mode == Mode.BATCH ? settings.inBatchMode() : settings.inStreamingMode()).build());
        register(tEnv, config, icebergProperties, ends);
        return tEnv;
    }

    /** Registers the catalogs and the modules in {@code tEnv} and makes the topics the current database. */
    public static void register(
            TableEnvironment tEnv, GreenwaveConfig config, Map<String, String> icebergProperties, boolean bounded) {
        tEnv.createCatalog(
                ContractCatalog.NAME,
                CatalogDescriptor.of(
                        ContractCatalog.NAME, Configuration.fromMap(ContractCatalog.options(config, bounded))));
        tEnv.createCatalog(
                ICEBERG_CATALOG,
                CatalogDescriptor.of(ICEBERG_CATALOG, Configuration.fromMap(icebergOptions(icebergProperties))));
        tEnv.useCatalog(ContractCatalog.NAME);
        tEnv.useDatabase(ContractCatalog.DATABASE);
        tEnv.loadModule(GreenwaveModule.NAME, new GreenwaveModule());
        // the catalog guards its own tables; this guards those a script declares elsewhere
        tEnv.loadModule(CommandTopicGuard.MODULE, CommandTopicGuard.of(config).asModule());
    }

    /** Flink's Iceberg catalog options for a warehouse's catalog properties ({@code type = iceberg} added). */
    public static Map<String, String> icebergOptions(Map<String, String> icebergProperties) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("type", "iceberg");
        o.putAll(icebergProperties);
        return o;
    }
}
