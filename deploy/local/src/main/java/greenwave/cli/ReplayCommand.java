package greenwave.cli;

import greenwave.jobs.ReferenceData;
import greenwave.local.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./greenwave replay}: a directory of topic files through the local stack, output topics back to files. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes <topic>.jsonl[.gz] files to the local broker, runs every job until that input is "
                    + "consumed, and writes what this run put on each output topic to <topic>.jsonl in the output "
                    + "directory. Results also land in the Iceberg tables. Reference files in the input directory: "
                    + "network.json (signal inventory) and/or detectors.csv (ATSPM detector configuration)."
        })
final class ReplayCommand implements Callable<Integer> {

    @ParentCommand
    Greenwave parent;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory of input files.")
    Path input;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output directory (created if missing).")
    Path out;

    @Mixin
    StackOptions stack = new StackOptions();

    @Override
    public Integer call() throws Exception {
        var config = parent.config();
        if (!Files.isDirectory(input)) {
            throw new Greenwave.UserError("not a directory: " + input);
        }
        ReferenceData reference = LocalRun.reference(input);
        try (LocalStack local = new LocalStack(
                        stack.dataDir == null ? LocalStack.defaultDataDir() : stack.dataDir,
                        stack.kafkaPort,
                        stack.webUiPort)
                .start()
                .closeOnShutdown()) {
            System.out.printf(
                    "greenwave replay: %s -> %s (Kafka %s, data in %s)%n",
                    input, out, local.bootstrapServers(), local.dataDir());
            LocalRun.Batch batch =
                    new LocalRun(local, config, System.out).run(input, out, reference, true, stack.webUiPort);
            batch.written()
                    .forEach((topic, n) -> System.out.printf(
                            "  wrote %,d records of %s to %s%n", n, topic, out.resolve(topic + ".jsonl")));
        }
        return 0;
    }
}
