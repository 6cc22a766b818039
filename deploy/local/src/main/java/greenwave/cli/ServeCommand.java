package greenwave.cli;

import greenwave.local.LocalStack;
import greenwave.sql.SqlServices;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code ./greenwave serve}: the stack's data for other tools, without running the jobs. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the local stack on a data directory and serves it until Ctrl-C, without the jobs: "
                    + "the Kafka broker, the Iceberg REST catalog (for Trino, Spark, PyIceberg, DuckDB) and Flink's SQL "
                    + "gateway (SQL jobs over REST). E.g. after a demo: ./greenwave serve --data-dir .greenwave/demo"
        })
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Greenwave parent;

    @Mixin
    StackOptions stack = new StackOptions();

    @Mixin
    ServiceOptions services = new ServiceOptions();

    @Override
    public Integer call() throws Exception {
        var config = parent.config();
        LocalStack local = new LocalStack(
                        stack.dataDir == null ? LocalStack.defaultDataDir() : stack.dataDir,
                        stack.kafkaPort,
                        stack.webUiPort)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            local.close();
                            stopped.countDown();
                        },
                        "greenwave-serve-shutdown"));
        new LocalRun(local, config, System.out).createTopics();
        SqlServices served = SqlServices.start(local, config, services.endpoints());
        System.out.printf(
                "greenwave serve: data in %s%n  Kafka broker         %s%n%s",
                local.dataDir(), local.bootstrapServers(), served.describe());
        System.out.println("Ctrl-C stops.");
        stopped.await();
        return 0;
    }
}
