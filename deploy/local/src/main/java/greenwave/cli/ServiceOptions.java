package greenwave.cli;

import greenwave.sql.LocalSqlGateway;
import picocli.CommandLine.Option;

/** The ports of what the stack serves to other tools (see {@link greenwave.sql.SqlServices}); -1 turns one off. */
final class ServiceOptions {
    @Option(names = "--rest-catalog-port", paramLabel = "PORT", defaultValue = "8181",
            description = "Port of the Iceberg REST catalog (-1: off; default: ${DEFAULT-VALUE}).")
    int restCatalogPort;

    @Option(names = "--sql-gateway-port", paramLabel = "PORT", defaultValue = "" + LocalSqlGateway.DEFAULT_PORT,
            description = "Port of Flink's SQL gateway (-1: off; default: ${DEFAULT-VALUE}).")
    int sqlGatewayPort;

    @Option(names = "--sql-cluster-port", paramLabel = "PORT", defaultValue = "" + LocalSqlGateway.DEFAULT_CLUSTER_PORT,
            description = "Web UI port of the cluster the SQL gateway's jobs run on (0: any free port; default: ${DEFAULT-VALUE}).")
    int sqlClusterPort;
}
