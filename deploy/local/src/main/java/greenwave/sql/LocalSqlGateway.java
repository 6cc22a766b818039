package greenwave.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import greenwave.config.GreenwaveConfig;
import greenwave.local.EmbeddedKafka;
import greenwave.local.GuardedHttpServer;
import greenwave.local.LocalFlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The REST catalog's token rule ({@link GuardedHttpServer}): without a token the gateway listens on loopback only
 * (Flink's gateway endpoint checks no token); with one ({@value #TOKEN_ENV} on the local stack), Flink's gateway
 * listens on a free loopback port and a {@link SqlGatewayProxy} on the gateway's address forwards only the requests
 * carrying {@code Authorization: Bearer <token>} (Flink's own port stays open to this machine's processes, as the
 * loopback gateway without a token is). A gateway configured beyond loopback without a token is refused before
 * anything starts.
 */
public final class LocalSqlGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSqlGateway.class);

    /** The SQL gateway's usual port. */
    public static final int DEFAULT_PORT = 8083;
    /** The web UI / REST port of the gateway's session cluster (8081 is the jobs' own). */
    public static final int DEFAULT_CLUSTER_PORT = 8082;
    /** The environment variable the local stack takes the gateway's bearer token from. */
    public static final String TOKEN_ENV = "GREENWAVE_SQL_GATEWAY_TOKEN";

    private final MiniCluster cluster;
    private final SqlGateway gateway;
    private final SqlGatewayProxy proxy;
    private final String url;
    private final URI clusterUrl;
    private boolean closed;

    private LocalSqlGateway(
            MiniCluster cluster, SqlGateway gateway, SqlGatewayProxy proxy, String url, URI clusterUrl) {
        this.cluster = cluster;
        this.gateway = gateway;
        this.proxy = proxy;
        this.url = url;
        this.clusterUrl = clusterUrl;
    }

    /** Starts the session cluster and the gateway on loopback, without a token. */
    public static LocalSqlGateway start(
            GreenwaveConfig config, Map<String, String> icebergProperties, Path dir, int port, int clusterPort)
            throws Exception {
        return start(config, icebergProperties, dir, GuardedHttpServer.LOOPBACK, port, null, clusterPort);
    }

    /**
     * Starts the session cluster and the gateway.
     *
     * @param dir               the gateway's directory (catalog store, checkpoints)
     * @param icebergProperties the warehouse's Iceberg catalog properties
     * @param host              the gateway's address: loopback, or beyond it with a token
     * @param port              the gateway's REST port
     * @param token             the bearer token every request must carry (null or blank: none, loopback only)
     * @param clusterPort       the session cluster's web UI / REST port, 0 = a free one
     * @throws IllegalStateException beyond loopback without a token, before anything starts
     */
    public static LocalSqlGateway start(
            GreenwaveConfig config,
            Map<String, String> icebergProperties,
            Path dir,
            String host,
            int port,
            String token,
            int clusterPort)
            throws Exception {
        boolean proxied = GuardedHttpServer.hasToken(token);
        GuardedHttpServer.requireTokenBeyondLoopback("SQL gateway", host, proxied, TOKEN_ENV);
        // with a token, Flink's gateway on a loopback port of its own behind the proxy on the gateway's address
        String flinkHost = proxied ? GuardedHttpServer.LOOPBACK : host;
        int flinkPort = proxied ? EmbeddedKafka.freePort() : port;

        Path catalogs = dir.resolve("catalogs");
        writeCatalogStore(
                catalogs,
                Map.of(
                        ContractCatalog.NAME, ContractCatalog.options(config, false),
                        SqlEnvironment.ICEBERG_CATALOG, SqlEnvironment.icebergOptions(icebergProperties)));

        Configuration clusterConf = LocalFlink.configuration(dir, "sql", clusterPort);
        clusterConf.set(TaskManagerOptions.NUM_TASK_SLOTS, 8);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(8)
                .build());
        cluster.start();
        URI clusterUrl = cluster.getRestAddress().get();

        // the sessions' defaults: where jobs go, how they checkpoint, which catalogs they see
        Configuration conf = LocalFlink.configuration(dir, "sql", clusterUrl.getPort());
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, clusterUrl.getHost());
        conf.set(RestOptions.PORT, clusterUrl.getPort());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, config.flink().parallelism());
        conf.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(config.flink().checkpointIntervalS()));
        conf.setString("table.catalog-store.kind", "file");
        conf.setString("table.catalog-store.file.path", catalogs.toUri().toString());
        conf.setString("sql-gateway.endpoint.type", "rest");
        conf.setString("sql-gateway.endpoint.rest.address", flinkHost);
        // loopback only (checked above): Flink's gateway endpoint checks no token (its only guard is TLS)
        conf.setString("sql-gateway.endpoint.rest.bind-address", flinkHost);
        conf.setString("sql-gateway.endpoint.rest.port", Integer.toString(flinkPort));
        SqlGateway gateway = new SqlGateway(conf, SessionManager.create(new DefaultContext(conf, List.of())));
        SqlGatewayProxy proxy = null;
        try {
            gateway.start();
            if (proxied) {
                proxy = new SqlGatewayProxy(
                                new GuardedHttpServer("SQL gateway", host, port, TOKEN_ENV).bearerToken(token),
                                GuardedHttpServer.uri(flinkHost, flinkPort))
                        .start();
            }
        } catch (Exception e) {
            gateway.stop();
            cluster.close();
            throw e;
        }
        String url = proxied ? proxy.uri() : GuardedHttpServer.uri(host, port);
        LOG.info(
                "SQL gateway at {}{}, its jobs on the session cluster {}",
                url,
                proxied ? " (bearer token required)" : "",
                clusterUrl);
        return new LocalSqlGateway(cluster, gateway, proxy, url, clusterUrl);
    }

    /** The gateway's REST endpoint, e.g. {@code http://127.0.0.1:8083} (loopback if bound to all interfaces). */
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
        if (proxy != null) {
            proxy.close();
        }
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
