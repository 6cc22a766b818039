package greenwave.cli;

import greenwave.local.IcebergRestCatalogServer;
import greenwave.sql.LocalSqlGateway;
import greenwave.sql.SqlServices;
import picocli.CommandLine.Option;

/**
 * Where the stack serves what it serves to other tools (see {@link SqlServices}); port -1 turns one off. Beyond
 * loopback each needs its bearer token in the environment.
 */
final class ServiceOptions {
    @Option(
            names = "--rest-catalog-host",
            paramLabel = "ADDRESS",
            defaultValue = IcebergRestCatalogServer.DEFAULT_HOST,
            description = "Address of the Iceberg REST catalog (beyond loopback only with a token in "
                    + IcebergRestCatalogServer.TOKEN_ENV + "; default: ${DEFAULT-VALUE}).")
    String restCatalogHost;

    @Option(
            names = "--rest-catalog-port",
            paramLabel = "PORT",
            defaultValue = "8181",
            description = "Port of the Iceberg REST catalog (-1: off; default: ${DEFAULT-VALUE}).")
    int restCatalogPort;

    @Option(
            names = "--sql-gateway-port",
            paramLabel = "PORT",
            defaultValue = "" + LocalSqlGateway.DEFAULT_PORT,
            description = "Port of Flink's SQL gateway (-1: off; default: ${DEFAULT-VALUE}).")
    int sqlGatewayPort;

    @Option(
            names = "--sql-gateway-host",
            paramLabel = "ADDRESS",
            defaultValue = IcebergRestCatalogServer.DEFAULT_HOST,
            description = "Address of Flink's SQL gateway (beyond loopback only with a token in "
                    + LocalSqlGateway.TOKEN_ENV + "; default: ${DEFAULT-VALUE}).")
    String sqlGatewayHost;

    @Option(
            names = "--sql-cluster-port",
            paramLabel = "PORT",
            defaultValue = "" + LocalSqlGateway.DEFAULT_CLUSTER_PORT,
            description =
                    "Web UI port of the cluster the SQL gateway's jobs run on (0: any free port; default: ${DEFAULT-VALUE}).")
    int sqlClusterPort;

    SqlServices.Endpoints endpoints() {
        return new SqlServices.Endpoints(
                restCatalogHost, restCatalogPort, sqlGatewayHost, sqlGatewayPort, sqlClusterPort);
    }
}
