package greenwave.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalFlink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.gateway.SqlGateway;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Flink's SQL Gateway on the local stack, as on a cluster: SQL submitted over its REST API
 * ({@code http://127.0.0.1:8083/v1/sessions/...}) runs as jobs on a Flink session cluster of its own (an in-process
 * {@link MiniCluster} with its web UI), not in the caller.
 *
 * <p>Every session sees the catalogs {@value ContractCatalog#NAME} (the contract topics, {@link ContractCatalog}) and
 * {@value SqlEnvironment#ICEBERG_CATALOG} (the Iceberg warehouse), from a file catalog store under
 * {@code <dir>/catalogs}. The SQL functions come with {@code LOAD MODULE greenwave;} (a session starts with Flink's
 * core module only). Streaming jobs checkpoint every {@code flink.checkpoint_interval_s} under
 * {@code <dir>/checkpoints}.
 */
public final class LocalSqlGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSqlGateway.class);

    /** The SQL gateway's usual port. */
    public static final int DEFAULT_PORT = 8083;
    /** The web UI / REST port of the gateway's session cluster (8081 is the jobs' own). */
    public static final int DEFAULT_CLUSTER_PORT = 8082;

    private final MiniCluster cluster;
    private final SqlGateway gateway;
    private final String url;
    private final URI clusterUrl;
    private boolean closed;

    private LocalSqlGateway(MiniCluster cluster, SqlGateway gateway, String url, URI clusterUrl) {
        this.cluster = cluster;
        this.gateway = gateway;
        this.url = url;
        this.clusterUrl = clusterUrl;
    }

    /**
     * Starts the session cluster and the gateway.
     *
     * @param dir               the gateway's directory (catalog store, checkpoints)
     * @param icebergProperties the warehouse's Iceberg catalog properties
     * @param port              the gateway's REST port
     * @param clusterPort       the session cluster's web UI / REST port, 0 = a free one
     */
    public static LocalSqlGateway start(GreenwaveConfig config, Map<String, String> icebergProperties, Path dir,
            int port, int clusterPort) throws Exception {
        Path catalogs = dir.resolve("catalogs");
        writeCatalogStore(catalogs, Map.of(
                ContractCatalog.NAME, ContractCatalog.options(config, false),
                SqlEnvironment.ICEBERG_CATALOG, SqlEnvironment.icebergOptions(icebergProperties)));

        Configuration clusterConf = LocalFlink.configuration(dir, "sql", clusterPort);
        clusterConf.set(TaskManagerOptions.NUM_TASK_SLOTS, 8);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConf).setNumTaskManagers(1).setNumSlotsPerTaskManager(8).build());
        cluster.start();
        URI clusterUrl = cluster.getRestAddress().get();

        // the sessions' defaults: where jobs go, how they checkpoint, which catalogs they see
        Configuration conf = LocalFlink.configuration(dir, "sql", clusterUrl.getPort());
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, clusterUrl.getHost());
        conf.set(RestOptions.PORT, clusterUrl.getPort());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, config.flink().parallelism());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(config.flink().checkpointIntervalS()));
        conf.setString("table.catalog-store.kind", "file");
        conf.setString("table.catalog-store.file.path", catalogs.toUri().toString());
        conf.setString("sql-gateway.endpoint.type", "rest");
        conf.setString("sql-gateway.endpoint.rest.address", "127.0.0.1");
        // loopback only: Flink's gateway endpoint checks no token (its only guard is TLS), so nothing beyond it
        conf.setString("sql-gateway.endpoint.rest.bind-address", "127.0.0.1");
        conf.setString("sql-gateway.endpoint.rest.port", Integer.toString(port));
        SqlGateway gateway = new SqlGateway(conf, SessionManager.create(new DefaultContext(conf, List.of())));
        try {
            gateway.start();
        } catch (Exception e) {
            gateway.stop();
            cluster.close();
            throw e;
        }
        String url = "http://127.0.0.1:" + port;
        LOG.info("SQL gateway at {}, its jobs on the session cluster {}", url, clusterUrl);
        return new LocalSqlGateway(cluster, gateway, url, clusterUrl);
    }

    /** The gateway's REST endpoint, e.g. {@code http://127.0.0.1:8083}. */
    public String url() {
        return url;
    }

    /** The session cluster's web UI. */
    public URI clusterUrl() {
        return clusterUrl;
    }

    /** Flink's file catalog store: one {@code <name>.yaml} of options per catalog. */
    static void writeCatalogStore(Path dir, Map<String, Map<String, String>> catalogs) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try {
            Files.createDirectories(dir);
            for (var catalog : catalogs.entrySet()) {
                yaml.writeValue(dir.resolve(catalog.getKey() + ".yaml").toFile(), catalog.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the catalog store in " + dir, e);
        }
    }

    /** Stops the gateway (closing its sessions) and the session cluster (cancelling its jobs); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            gateway.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the SQL gateway failed", e);
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("stopping the SQL gateway's session cluster failed", e);
        }
    }
}
