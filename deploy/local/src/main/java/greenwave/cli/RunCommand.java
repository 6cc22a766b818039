package greenwave.cli;

import greenwave.jobs.ReferenceData;
import greenwave.local.LocalStack;
import greenwave.sql.SqlServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./greenwave run}: the local stack and the jobs as a service, until Ctrl-C; a restart resumes. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the local stack (Kafka broker, Iceberg catalog) and the jobs continuously, reading the "
                    + "input topics as producers write them, with Flink's web UI, until Ctrl-C. Stopping keeps the "
                    + "newest checkpoint; the next run resumes from it, so no event is lost or counted twice."
        })
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Greenwave parent;

    @Option(
            names = "--reference",
            required = true,
            paramLabel = "DIR",
            description = "Directory with the reference files: network.json and/or an ATSPM detectors.csv, "
                    + "zones.json (bike zones), kitchens.json.")
    Path reference;

    @Option(
            names = "--simulate-signal-control",
            description = {
                "Also run a simulated signal-control system: it answers every plan sent on "
                        + "signal.timing-plans with accepted and applied acks on signal.plan-acks (for trying the "
                        + "closed loop without a real one; needs corridors in network.json)."
            })
    boolean simulateSignalControl;

    @Mixin
    StackOptions stack = new StackOptions();

    @Mixin
    ServiceOptions services = new ServiceOptions();

    @Override
    public Integer call() throws Exception {
        var config = parent.config();
        if (!Files.isDirectory(reference)) {
            throw new Greenwave.UserError("not a directory: " + reference);
        }
        // Reference files first: bad ones are refused with their errors before the stack starts.
        ReferenceData referenceData = LocalRun.reference(reference);
        LocalStack local = new LocalStack(
                        stack.dataDir == null ? LocalStack.defaultDataDir() : stack.dataDir,
                        stack.kafkaPort,
                        stack.webUiPort)
                .start();
        AtomicReference<JobClient> running = LocalRun.stopOnShutdown(local);

        LocalRun run = new LocalRun(local, config, System.out);
        running.set(run.startService(referenceData, true));
        if (simulateSignalControl) {
            if (!referenceData.hasCorridors()) {
                throw new Greenwave.UserError(
                        "--simulate-signal-control needs corridors in " + reference.resolve("network.json"));
            }
            // a daemon thread: it stops with the JVM, after the shutdown hook has cancelled the job
            run.signalControlSimulator(referenceData.network()).start();
            System.out.println("greenwave run: simulated signal-control system answering "
                    + run.config().topics().timingPlans() + " on "
                    + run.config().topics().planAcks());
        }
        SqlServices served = SqlServices.start(local, config, services.endpoints());
        System.out.printf(
                "greenwave run: jobs running on %s (Kafka %s, Flink web UI %s); data in %s.%n%sCtrl-C stops.%n",
                referenceData.layouts().isEmpty()
                        ? "no configured detectors"
                        : referenceData.layouts().size() + " controllers",
                local.bootstrapServers(),
                stack.webUiPort == 0 ? "on a free port" : "http://127.0.0.1:" + stack.webUiPort,
                local.dataDir(),
                served.describe());
        running.get().getJobExecutionResult().get();
        return 0;
    }
}
