package greenwave.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and on which ports the local stack runs: shared by the commands that start it. */
final class StackOptions {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "The local stack's data directory (default: .greenwave in the repository; the demo's: .greenwave/demo).")
    Path dataDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Port of the local Kafka broker (0: any free port; default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Port of the Flink web UI while the jobs run (0: any free port; default: ${DEFAULT-VALUE}).")
    int webUiPort;
}
