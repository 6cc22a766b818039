package greenwave.cli;

import greenwave.config.GreenwaveConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./greenwave}: the launcher's entry point. Each subcommand is a class of its own. */
@Command(
        name = "greenwave",
        mixinStandardHelpOptions = true,
        version = "greenwave 0.1.0",
        description = "Streaming analytics for city traffic operations (Apache Flink, Kafka, Iceberg).",
        footer = {
            "",
            "Also: ./greenwave sim ... (the SUMO bridge: scenario, run, convert, truth, validate; see sim/README.md)",
            "      ./greenwave sim validate [-- scenario options]  (SUMO ground truth vs the pipeline)"
        },
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            AtspmCommand.class,
            BenchCommand.class,
            BikeScenarioCommand.class,
            SqlCommand.class,
            ServeCommand.class
        })
public final class Greenwave implements Runnable {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = CommandLine.ScopeType.INHERIT,
            description = "YAML file overriding the defaults (see the README's Configuration section).")
    Path configFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The configuration: defaults, overridden by {@code --config}. */
    GreenwaveConfig config() {
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "cannot read the configuration file " + configFile);
        }
        try {
            return GreenwaveConfig.load(configFile);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The launcher's command line: wrong arguments and user errors give one clear line, not a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Greenwave());
        // as wide as the terminal (80 columns when unknown): fewer paths split at their dots
        cli.setUsageHelpAutoWidth(true);
        cli.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("greenwave: " + ex.getMessage());
            ex.getCommandLine()
                    .getErr()
                    .println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError) {
                commandLine.getErr().println("greenwave: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cli;
    }

    /** A problem the user can fix (a missing file, a bad value): reported as one line, without a stack trace. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }

    static Path readableFile(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UserError("cannot read " + what + " " + file);
        }
        return file;
    }
}
