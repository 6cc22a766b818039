package greenwave.sql;

import greenwave.config.GreenwaveConfig;
import greenwave.local.IcebergRestCatalogServer;
import greenwave.local.LocalStack;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;

/**
 * What the local stack serves to other tools: the Iceberg REST catalog (analysts' engines read the warehouse) and
 * Flink's SQL gateway (SQL jobs submitted over REST). Both stop with the stack ({@link LocalStack#closeBefore}), and
 * both are recorded in the stack's {@code stack.properties} for {@link LocalStack#running}.
 */
public final class SqlServices {

    /** {@code stack.properties} key of the REST catalog's URI. */
    public static final String REST_CATALOG_URI = "iceberg.rest.uri";
    /** {@code stack.properties} key of the SQL gateway's URL. */
    public static final String SQL_GATEWAY_URL = "sql-gateway.url";
    /** A port value that turns a service off. */
    public static final int OFF = -1;

    /**
     * Where the services listen.
     *
     * @param restCatalogHost the REST catalog's address (beyond loopback: {@value IcebergRestCatalogServer#TOKEN_ENV}
     *                        must be set)
     * @param restCatalogPort the REST catalog's port ({@link #OFF}: none, 0: a free one)
     * @param gatewayHost     the SQL gateway's address (beyond loopback: {@value LocalSqlGateway#TOKEN_ENV} must be
     *                        set)
     * @param gatewayPort     the SQL gateway's port ({@link #OFF}: none)
     * @param clusterPort     the web UI port of the gateway's session cluster (0: a free one)
     */
    public record Endpoints(
            String restCatalogHost, int restCatalogPort, String gatewayHost, int gatewayPort, int clusterPort) {}

    private final String restCatalogUri;
    private final String sqlGatewayUrl;
    private final String sessionClusterUrl;

    private SqlServices(String restCatalogUri, String sqlGatewayUrl, String sessionClusterUrl) {
        this.restCatalogUri = restCatalogUri;
        this.sqlGatewayUrl = sqlGatewayUrl;
        this.sessionClusterUrl = sessionClusterUrl;
    }

    /**
     * Starts the services on a started stack, each with its token from the environment (required beyond loopback,
     * see {@link greenwave.local.GuardedHttpServer}).
     */
    public static SqlServices start(LocalStack stack, GreenwaveConfig config, Endpoints at) throws Exception {
        String rest = null;
        if (at.restCatalogPort() != OFF) {
            // a catalog of its own: the warehouse's shared one has a single database connection
            Catalog catalog = stack.warehouse().catalogLoader().loadCatalog();
            if (catalog instanceof AutoCloseable closeable) {
                stack.closeBefore(closeable);
            }
            String warehouse = stack.warehouse().catalogProperties().get(CatalogProperties.WAREHOUSE_LOCATION);
            IcebergRestCatalogServer server = new IcebergRestCatalogServer(
                            catalog, warehouse, at.restCatalogHost(), at.restCatalogPort())
                    .bearerToken(System.getenv(IcebergRestCatalogServer.TOKEN_ENV));
            server.start();
            stack.closeBefore(server);
            rest = server.uri();
            stack.advertise(REST_CATALOG_URI, rest);
        }
        String gatewayUrl = null;
        String clusterUrl = null;
        if (at.gatewayPort() != OFF) {
            LocalSqlGateway gateway = LocalSqlGateway.start(
                    config.withBootstrapServers(stack.bootstrapServers()),
                    stack.warehouse().catalogProperties(),
                    stack.flinkDir().resolve("sql-gateway"),
                    at.gatewayHost(),
                    at.gatewayPort(),
                    System.getenv(LocalSqlGateway.TOKEN_ENV),
                    at.clusterPort());
            stack.closeBefore(gateway);
            gatewayUrl = gateway.url();
            clusterUrl = gateway.clusterUrl().toString();
            stack.advertise(SQL_GATEWAY_URL, gatewayUrl);
        }
        return new SqlServices(rest, gatewayUrl, clusterUrl);
    }

    /** The REST catalog's URI, or null when off. */
    public String restCatalogUri() {
        return restCatalogUri;
    }

    /** The SQL gateway's URL, or null when off. */
    public String sqlGatewayUrl() {
        return sqlGatewayUrl;
    }

    /** The web UI of the cluster the gateway's jobs run on, or null when off. */
    public String sessionClusterUrl() {
        return sessionClusterUrl;
    }

    /** Lines for a "where to look" list. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (restCatalogUri != null) {
            s.append(String.format(
                    "  Iceberg REST catalog %s (catalog greenwave; Trino, Spark, PyIceberg, DuckDB)%n",
                    restCatalogUri));
        }
        if (sqlGatewayUrl != null) {
            s.append(String.format("  Flink SQL gateway    %s (its jobs: %s)%n", sqlGatewayUrl, sessionClusterUrl));
        }
        return s.toString();
    }
}
