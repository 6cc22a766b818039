package greenwave.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import greenwave.cluster.ClusterJob;
import greenwave.config.GreenwaveConfig;
import greenwave.local.IcebergRestCatalogServer;
import greenwave.local.KafkaJsonLines;
import greenwave.local.LocalFlink;
import greenwave.local.LocalStack;
import greenwave.local.LocalWarehouse;
import greenwave.local.TopicSpec;
import greenwave.schemas.Contract;
import greenwave.testing.CommittedRecords;
import greenwave.testing.IcebergRows;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The jobs on a real multi-process Flink cluster: a standalone session cluster (JobManager and TaskManagers as
 * separate JVMs on the Flink distribution's jars), the shaded job jar submitted over Flink's REST API, real inputs
 * flowing through the real broker into Iceberg (served to the cluster over the Iceberg REST catalog), a TaskManager
 * killed with {@code kill -9} mid-run, a replacement started, the job recovering from its checkpoint and finishing;
 * then the same job over the same input on a MiniCluster in this JVM (a clean run, into its own warehouse and output
 * topics). Every Iceberg table and the committed Kafka output of both must be equal as multisets: no loss, no
 * duplicates.
 *
 * <p>Where the TaskManager dies is drawn from a seed, printed with every run: early (a few thousand records in),
 * while a checkpoint is in progress, or near the end (85 to 95 % of the input read). CI runs one seed; a loop of
 * seeded runs, for a change to the sinks or the recovery, is
 * {@code mvn -B -pl deploy -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ClusterFailoverIT -Dgreenwave.failover.runs=10 [-Dgreenwave.failover.seed=S]}; one seed again with
 * {@code -Dgreenwave.failover.seed=S}. A second test kills the TaskManager of the green-wave planner while its plans
 * are in an open Kafka transaction.
 */
class ClusterFailoverIT {

    private static final String ENTRY_CLASS = "greenwave.cluster.ClusterJob";
    private static final Path CORRIDOR = Path.of("../sim/samples/corridor3");

    @TempDir
    Path tmp;

    /** Where in the run the TaskManager is killed. */
    enum KillPoint {
        EARLY,
        MID_CHECKPOINT,
        NEAR_END
    }

    /** One seed's kill: the point, the records read before it, which running TaskManager. */
    record SeededKill(long seed, KillPoint point, long afterRecords, int taskManagerPick) {
        static SeededKill of(long seed, long inputRecords) {
            Random random = new Random(seed);
            KillPoint point = KillPoint.values()[random.nextInt(KillPoint.values().length)];
            long after = switch (point) {
                case EARLY -> 1_000 + random.nextInt(20_000);
                case MID_CHECKPOINT -> inputRecords / 10 + (long) (random.nextDouble() * inputRecords * 0.6);
                // 85 % .. 95 % read: later, the job may finish between the REST metrics' refresh and the kill
                case NEAR_END -> (long) (inputRecords * (0.85 + random.nextDouble() * 0.10));
            };
            return new SeededKill(seed, point, after, random.nextInt(2));
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + point + " after " + afterRecords + " records";
        }
    }

    @TestFactory
    Stream<DynamicTest> theJobsSurviveALostTaskManagerAtSeededPointsAndEqualACleanRun() {
        int runs = Integer.getInteger("greenwave.failover.runs", 1);
        long first = Long.getLong("greenwave.failover.seed", new SecureRandom().nextInt(1_000_000));
        log("seeds %d..%d (repeat one with -Dgreenwave.failover.seed=S)", first, first + runs - 1);
        return IntStream.range(0, runs)
                .mapToObj(i -> first + i)
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    Path dir = Files.createDirectories(tmp.resolve("seed-" + seed));
                    Scenario scenario = Scenario.atspmAndFood(dir);
                    SeededKill kill = SeededKill.of(seed, scenario.inputRecords());
                    log("%s", kill);
                    runOnClusterAndCompare(dir, scenario, (flink, jobId, stack) -> killAt(flink, jobId, kill));
                }));
    }

    @Test
    void theGreenWaveJobLosesItsTaskManagerWhilePlansAreBeingWritten() throws Exception {
        Scenario scenario = Scenario.corridor(tmp);
        runOnClusterAndCompare(tmp, scenario, (flink, jobId, stack) -> killPlanWriter(flink, jobId, stack));
    }

    /** The input: files per contract topic and the reference directory for {@code --reference}. */
    record Scenario(
            Path reference,
            Map<Contract, Path> inputs,
            long inputRecords,
            List<Contract> checkedTopics,
            List<String> nonEmptyTables) {

        /** The real controller logs and the kitchens sample, plus one malformed signal event. */
        static Scenario atspmAndFood(Path dir) throws Exception {
            Path reference = Files.createDirectories(dir.resolve("reference"));
            copyResource("demo/atspm/detectors.csv", reference.resolve("detectors.csv"));
            copyResource("demo/food/kitchens.json", reference.resolve("kitchens.json"));
            Map<Contract, Path> inputs = new LinkedHashMap<>();
            inputs.put(
                    Contract.SIGNAL_EVENTS,
                    copyResource("demo/atspm/signal.events.jsonl.gz", dir.resolve("signal.events.jsonl.gz")));
            for (Contract c :
                    List.of(Contract.FOOD_SENSOR_READINGS, Contract.FOOD_CAMERA_EVENTS, Contract.FOOD_OPERATIONS)) {
                inputs.put(
                        c,
                        copyResource(
                                "demo/food/" + c.defaultName() + ".jsonl.gz",
                                dir.resolve(c.defaultName() + ".jsonl.gz")));
            }
            return new Scenario(
                    reference,
                    inputs,
                    184_948,
                    List.of(Contract.SIGNAL_MEASURES, Contract.DLQ, Contract.ALERTS),
                    List.of(
                            "traffic.signal_events",
                            "traffic.actuations",
                            "traffic.split_failures",
                            "ops.dead_letters",
                            "food.violations"));
        }

        /** The SUMO corridor sample: three signals with a corridor, their events and probe positions. */
        static Scenario corridor(Path dir) throws Exception {
            Path reference = Files.createDirectories(dir.resolve("reference"));
            Files.copy(CORRIDOR.resolve("network.json"), reference.resolve("network.json"));
            Map<Contract, Path> inputs = new LinkedHashMap<>();
            inputs.put(Contract.SIGNAL_EVENTS, CORRIDOR.resolve("signal.events.jsonl.gz"));
            inputs.put(Contract.VEHICLE_POSITIONS, CORRIDOR.resolve("vehicle.positions.jsonl.gz"));
            return new Scenario(
                    reference,
                    inputs,
                    28_060 + 14_769 + 1,
                    List.of(
                            Contract.SIGNAL_TIMING_PLANS,
                            Contract.SIGNAL_MEASURES,
                            Contract.PROBE_MEASURES,
                            Contract.DLQ),
                    List.of("traffic.timing_plans", "traffic.signal_events", "traffic.probe_traversals"));
        }
    }

    /** Kills a TaskManager of the running job at the right moment; returns the one killed. */
    interface Killer {
        String killWhenDue(FlinkProcessCluster flink, String jobId, LocalStack stack) throws Exception;
    }

    private void runOnClusterAndCompare(Path dir, Scenario scenario, Killer killer) throws Exception {
        Path jar = Path.of(System.getProperty("greenwave.cluster.jar", "target/greenwave-cluster.jar"));
        Path libClasspath =
                Path.of(System.getProperty("greenwave.flink.lib.classpath", "target/flink-lib-classpath.txt"));
        assertThat(jar).as("the shaded job jar (mvn package)").isRegularFile();
        List<String> classpath = Arrays.stream(
                        Files.readString(libClasspath).trim().split("[" + java.io.File.pathSeparator + "\\s]+"))
                .filter(s -> !s.isBlank())
                .toList();
        List<String> opens = Arrays.stream(System.getProperty("greenwave.flink.jvm.opens", "")
                        .trim()
                        .split("\\s+"))
                .filter(s -> !s.isBlank())
                .toList();

        try (LocalStack stack = new LocalStack(dir.resolve("stack"), 0, 0).start();
                LocalWarehouse cleanWarehouse = new LocalWarehouse(dir.resolve("clean-iceberg"));
                IcebergRestCatalogServer rest = new IcebergRestCatalogServer(
                                stack.warehouse().catalogLoader().loadCatalog(),
                                stack.warehouse().catalogProperties().get("warehouse"),
                                "127.0.0.1",
                                0)
                        .start()) {
            String bootstrap = stack.bootstrapServers();

            // the cluster run's configuration: the broker, the warehouse over REST
            Path clusterConfig = dir.resolve("cluster.yaml");
            Files.writeString(clusterConfig, """
                    kafka:
                      bootstrap_servers: "%s"
                      group_id: "greenwave-cluster"
                      transactional_id_prefix: "greenwave-cluster"
                    flink:
                      parallelism: 2
                    iceberg:
                      catalog:
                        type: rest
                        uri: "%s"
                    """.formatted(bootstrap, rest.uri()));
            // the clean run's: same inputs, its own group, output topics and warehouse
            Path cleanConfig = dir.resolve("clean.yaml");
            StringBuilder clean = new StringBuilder("""
                    kafka:
                      bootstrap_servers: "%s"
                      group_id: "greenwave-clean"
                      transactional_id_prefix: "greenwave-clean"
                    flink:
                      parallelism: 2
                      checkpoint_interval_s: 2
                    topics:
                      signal_measures: "clean.signal.measures"
                      probe_measures: "clean.probe.measures"
                      timing_plans: "clean.signal.timing-plans"
                      bike_dispatch_tasks: "clean.bike.dispatch-tasks"
                      alerts: "clean.alerts"
                      dlq: "clean.dlq"
                    iceberg:
                      catalog:
                    """.formatted(bootstrap));
            cleanWarehouse
                    .catalogProperties()
                    .forEach((k, v) -> clean.append("    \"")
                            .append(k)
                            .append("\": \"")
                            .append(v)
                            .append("\"\n"));
            Files.writeString(cleanConfig, clean.toString());

            GreenwaveConfig cluster = GreenwaveConfig.load(clusterConfig);
            GreenwaveConfig cleanCfg = GreenwaveConfig.load(cleanConfig);
            createTopics(stack, cluster, cleanCfg);

            long published = 0;
            for (Map.Entry<Contract, Path> input : scenario.inputs().entrySet()) {
                published += KafkaJsonLines.publish(
                        bootstrap,
                        cluster.topics().of(input.getKey()),
                        input.getValue(),
                        input.getKey().keyField());
            }
            // a malformed record: the dead-letter path must be exactly-once too
            publishRaw(bootstrap, cluster.topics().signalEvents(), "{\"device_id\":\"227\",\"ts\":\"soon\"}");
            assertThat(published + 1).as("records published").isEqualTo(scenario.inputRecords());

            // ---- the cluster run, with a TaskManager lost mid-run and a replacement started
            long t0 = System.nanoTime();
            try (FlinkProcessCluster flink =
                    new FlinkProcessCluster(dir.resolve("flink"), classpath, opens, Map.of())) {
                try {
                    flink.startJobManager();
                    flink.startTaskManager("tm-1");
                    flink.startTaskManager("tm-2");
                    flink.awaitTaskManagers(2, Duration.ofSeconds(90));
                    log("cluster up (%d TaskManagers) in %.1f s", 2, secondsSince(t0));
                    String jarId = flink.uploadJar(jar);
                    String jobId = flink.runJar(
                            jarId,
                            ENTRY_CLASS,
                            2,
                            List.of(
                                    "--config",
                                    clusterConfig.toString(),
                                    "--reference",
                                    scenario.reference().toString(),
                                    "--bounded",
                                    "--job-name",
                                    "greenwave-cluster-it"));
                    log("job %s submitted at %.1f s", jobId, secondsSince(t0));
                    flink.logLines("jobmanager", "greenwave on the cluster").forEach(l -> log("  JobManager: %s", l));

                    String victim = killer.killWhenDue(flink, jobId, stack);
                    log(
                            "killed %s at %.1f s (read so far: %d records)",
                            victim, secondsSince(t0), recordsRead(flink.get("/jobs/" + jobId)));
                    // as Kubernetes would, a new TaskManager takes the lost one's place
                    flink.startTaskManager("tm-3");

                    long[] restarts = {0};
                    FlinkProcessCluster.await(
                            "the job to finish after the TaskManager loss", Duration.ofSeconds(240), () -> {
                                flink.assertAlive();
                                restarts[0] = Math.max(restarts[0], numRestarts(flink, jobId));
                                String state = flink.get("/jobs/" + jobId)
                                        .path("state")
                                        .asText();
                                assertThat(state).as("job state").isNotIn("FAILED", "CANCELED");
                                return state.equals("FINISHED");
                            });
                    JsonNode exceptions = flink.get("/jobs/" + jobId + "/exceptions");
                    log(
                            "job finished at %.1f s; restarts seen %d; exception history %d entries",
                            secondsSince(t0),
                            restarts[0],
                            exceptions.path("exceptionHistory").path("entries").size());
                    for (JsonNode entry : exceptions.path("exceptionHistory").path("entries")) {
                        log(
                                "  failure: %s on %s",
                                entry.path("exceptionName").asText(),
                                entry.path("taskManagerId")
                                        .asText(entry.path("location").asText()));
                    }
                    assertThat(restarts[0] > 0
                                    || exceptions
                                                    .path("exceptionHistory")
                                                    .path("entries")
                                                    .size()
                                            > 0)
                            .as("the job really restarted after losing " + victim + ": " + exceptions)
                            .isTrue();
                } catch (Throwable e) {
                    System.err.println("cluster logs:" + flink.tails());
                    throw e;
                }
            }

            // ---- the clean run: the same job, same input, on a MiniCluster in this JVM, into its own warehouse
            // and output topics
            long t1 = System.nanoTime();
            Configuration conf = LocalFlink.configuration(dir.resolve("clean-flink"), "clean", 0);
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            ClusterJob job = new ClusterJob();
            new CommandLine(job)
                    .parseArgs(
                            "--config",
                            cleanConfig.toString(),
                            "--reference",
                            scenario.reference().toString(),
                            "--bounded");
            job.build(env).execute("greenwave-clean");
            log("clean run (MiniCluster in the test JVM) in %.1f s", secondsSince(t1));

            // ---- equal outputs: every Iceberg table, and the committed Kafka output
            Catalog clusterCatalog = stack.warehouse().catalog();
            Catalog cleanCatalog = cleanWarehouse.catalog();
            Map<String, Integer> sizes = new TreeMap<>();
            for (TableIdentifier id : tables(cleanCatalog)) {
                Map<String, Integer> expected = rows(cleanCatalog.loadTable(id));
                Map<String, Integer> actual = rows(clusterCatalog.loadTable(id));
                assertThat(actual)
                        .as("rows of %s after the TaskManager loss vs the clean run", id)
                        .isEqualTo(expected);
                sizes.put(
                        id.toString(),
                        expected.values().stream().mapToInt(Integer::intValue).sum());
            }
            log("Iceberg tables equal: %s", sizes);
            for (String table : scenario.nonEmptyTables()) {
                assertThat(sizes.get(table)).as("rows of %s", table).isPositive();
            }

            Map<String, Integer> kafkaSizes = new TreeMap<>();
            for (Contract topic : scenario.checkedTopics()) {
                String clusterTopic = cluster.topics().of(topic);
                Map<String, Integer> expected =
                        committed(bootstrap, cleanCfg.topics().of(topic));
                Map<String, Integer> actual = committed(bootstrap, clusterTopic);
                if (!actual.equals(expected)) {
                    reportDifference(dir, clusterTopic, actual, expected);
                }
                assertThat(actual)
                        .as("committed records of %s vs the clean run's", clusterTopic)
                        .isEqualTo(expected);
                assertThat(expected)
                        .as("committed records of the clean run's %s", topic)
                        .isNotEmpty();
                kafkaSizes.put(
                        clusterTopic,
                        expected.values().stream().mapToInt(Integer::intValue).sum());
            }
            log("committed Kafka output equal: %s (input %d records)", kafkaSizes, scenario.inputRecords());
        }
    }

    /**
     * What differs, record by record (the first 20), and with {@code -Dgreenwave.failover.keep=DIR} a copy of the
     * whole run (broker log segments, cluster logs, checkpoints) for a closer look, e.g. with Kafka's
     * {@code DumpLogSegments} on the topic's segments.
     */
    private static void reportDifference(
            Path dir, String topic, Map<String, Integer> actual, Map<String, Integer> expected) throws Exception {
        log("%s differs from the clean run:", topic);
        Map<String, String> diff = new TreeMap<>();
        actual.forEach((k, n) -> {
            if (!n.equals(expected.get(k))) {
                diff.put(k, n + " here, " + expected.getOrDefault(k, 0) + " in the clean run");
            }
        });
        expected.forEach((k, n) ->
                diff.putIfAbsent(k, actual.containsKey(k) ? diff.get(k) : "0 here, " + n + " in the clean run"));
        diff.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .limit(20)
                .forEach(e -> log(
                        "  %s: %s",
                        e.getValue(),
                        e.getKey().substring(0, Math.min(240, e.getKey().length()))));
        String keep = System.getProperty("greenwave.failover.keep");
        if (keep != null) {
            Path to = Path.of(keep).resolve(dir.getFileName() + "-" + System.currentTimeMillis());
            new ProcessBuilder("cp", "-r", dir.toString(), to.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
            log("  the run is kept in %s", to);
        }
    }

    /** The seeded kill: waits for its point, then kills the drawn TaskManager among those running the job. */
    private static String killAt(FlinkProcessCluster flink, String jobId, SeededKill kill) throws Exception {
        FlinkProcessCluster.await(
                "a completed checkpoint and " + kill.afterRecords() + " records read",
                Duration.ofSeconds(240),
                Duration.ofMillis(100),
                () -> {
                    JsonNode job = running(flink, jobId);
                    return recordsRead(job) >= kill.afterRecords()
                            && checkpoints(flink, jobId)
                                            .path("counts")
                                            .path("completed")
                                            .asInt()
                                    >= 1;
                });
        if (kill.point() == KillPoint.MID_CHECKPOINT) {
            FlinkProcessCluster.await("a checkpoint in progress", Duration.ofSeconds(60), Duration.ofMillis(20), () -> {
                running(flink, jobId);
                return checkpoints(flink, jobId)
                                .path("counts")
                                .path("in_progress")
                                .asInt()
                        > 0;
            });
        }
        List<String> running = taskManagersRunning(flink, jobId, null);
        String victim = running.get(kill.taskManagerPick() % running.size());
        JsonNode checkpoints = checkpoints(flink, jobId).path("counts");
        log(
                "killing %s (%s; checkpoints completed %d, in progress %d)",
                victim,
                kill,
                checkpoints.path("completed").asInt(),
                checkpoints.path("in_progress").asInt());
        flink.killTaskManager(victim);
        return victim;
    }

    /**
     * Kills the TaskManager of the green-wave planner the moment a plan sits in an open (uncommitted) Kafka
     * transaction on the plans topic: the plan must then appear once, after the recovery, not never and not twice.
     */
    private static String killPlanWriter(FlinkProcessCluster flink, String jobId, LocalStack stack) throws Exception {
        Map<String, Object> conf = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String topic = GreenwaveConfig.defaults().topics().timingPlans();
        try (var uncommitted = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            uncommitted.assign(uncommitted.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList());
            int[] seen = {0};
            FlinkProcessCluster.await(
                    "a plan written in an open transaction", Duration.ofSeconds(240), Duration.ofMillis(10), () -> {
                        running(flink, jobId);
                        seen[0] += uncommitted.poll(Duration.ofMillis(50)).count();
                        return seen[0] > 0;
                    });
        }
        List<String> planners = taskManagersRunning(flink, jobId, "green wave: corridor plans");
        int committed = committed(stack.bootstrapServers(), topic).size();
        String victim = planners.get(0);
        log(
                "killing %s, running the planner (TaskManagers running it: %s), with %d plan(s) committed so far",
                victim, planners, committed);
        flink.killTaskManager(victim);
        return victim;
    }

    private static JsonNode running(FlinkProcessCluster flink, String jobId) throws Exception {
        flink.assertAlive();
        JsonNode job = flink.get("/jobs/" + jobId);
        assertThat(job.path("state").asText())
                .as("job state before the kill")
                .isIn("INITIALIZING", "CREATED", "RUNNING");
        return job;
    }

    private static JsonNode checkpoints(FlinkProcessCluster flink, String jobId) throws Exception {
        return flink.get("/jobs/" + jobId + "/checkpoints");
    }

    /**
     * TaskManagers that run subtasks of the job (of the vertex whose name contains {@code vertexName}, if given),
     * those that have read records first.
     */
    private static List<String> taskManagersRunning(FlinkProcessCluster flink, String jobId, String vertexName)
            throws Exception {
        List<String> busy = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        for (JsonNode vertex : flink.get("/jobs/" + jobId).path("vertices")) {
            if (vertexName != null && !vertex.path("name").asText().contains(vertexName)) {
                continue;
            }
            JsonNode tms = flink.get(
                    "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/taskmanagers");
            for (JsonNode tm : tms.path("taskmanagers")) {
                String id = tm.path("taskmanager-id").asText();
                boolean read = tm.path("metrics").path("read-records").asLong() > 0;
                if (read && !busy.contains(id)) {
                    busy.add(id);
                    idle.remove(id);
                } else if (!busy.contains(id) && !idle.contains(id)) {
                    idle.add(id);
                }
            }
        }
        busy.addAll(idle);
        assertThat(busy)
                .as("TaskManagers running %s", vertexName == null ? "the job" : vertexName)
                .isNotEmpty();
        return busy;
    }

    private static long recordsRead(JsonNode job) {
        long sum = 0;
        for (JsonNode vertex : job.path("vertices")) {
            if (vertex.path("name").asText().startsWith("Source")) {
                sum += vertex.path("metrics").path("write-records").asLong();
            }
        }
        return sum;
    }

    private static long numRestarts(FlinkProcessCluster flink, String jobId) {
        try {
            JsonNode metrics = flink.get("/jobs/" + jobId + "/metrics?get=numRestarts");
            for (JsonNode m : metrics) {
                return m.path("value").asLong();
            }
        } catch (Exception gone) {
            // the job's metrics are gone once it finished
        }
        return 0;
    }

    /** Every topic of both configurations, two partitions (reference topics compacted, one partition). */
    private static void createTopics(LocalStack stack, GreenwaveConfig... configs) throws Exception {
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        for (GreenwaveConfig config : configs) {
            topics.putAll(TopicSpec.allOf(config, 2));
        }
        stack.createTopics(topics);
        // a new broker elects the partitions' leader a moment later: publish only once every partition has one, and
        // ask for the groups' offsets, which makes it create its group coordinator (the first checkpoints commit)
        try (var admin = stack.kafka().admin()) {
            FlinkProcessCluster.await(
                    "leaders of the new topics",
                    Duration.ofSeconds(60),
                    () -> admin.describeTopics(topics.keySet()).allTopicNames().get().values().stream()
                            .allMatch(d -> d.partitions().stream()
                                    .allMatch(p ->
                                            p.leader() != null && !p.leader().isEmpty())));
            for (GreenwaveConfig config : configs) {
                admin.listConsumerGroupOffsets(config.kafka().groupId())
                        .partitionsToOffsetAndMetadata()
                        .get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private static List<TableIdentifier> tables(Catalog catalog) {
        List<TableIdentifier> ids = new ArrayList<>();
        for (Namespace ns : ((SupportsNamespaces) catalog).listNamespaces()) {
            ids.addAll(catalog.listTables(ns));
        }
        ids.sort((a, b) -> a.toString().compareTo(b.toString()));
        assertThat(ids).as("tables of the clean run").hasSizeGreaterThan(5);
        return ids;
    }

    /**
     * A table's rows as a multiset (row text → count); a dead letter's ts is when it was rejected, which differs
     * from run to run, so it is left out.
     */
    private static Map<String, Integer> rows(Table table) {
        boolean deadLetters = table.name().endsWith("dead_letters");
        Map<String, Integer> rows = new HashMap<>();
        for (Record r : IcebergRows.of(table)) {
            Record row = r.copy();
            if (deadLetters) {
                row.setField("ts", null);
            }
            rows.merge(row.toString(), 1, Integer::sum);
        }
        return rows;
    }

    private static final Pattern DEAD_LETTER_TS = Pattern.compile("\"ts\":\\d+(?=,\"reason\")");

    /** What a read_committed consumer sees on {@code topic}: (key, value) text → count. */
    private static Map<String, Integer> committed(String bootstrap, String topic) {
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readCommitted(bootstrap, topic)) {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            String value = new String(r.value(), StandardCharsets.UTF_8);
            // a dead letter's ts is when it was rejected: per run
            value = DEAD_LETTER_TS.matcher(value).replaceFirst("\"ts\":<rejected at>");
            out.merge(key + " | " + value, 1, Integer::sum);
        }
        return out;
    }

    private static void publishRaw(String bootstrap, String topic, String value) throws Exception {
        Map<String, Object> conf = Map.of("bootstrap.servers", bootstrap, "acks", "all");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                conf,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "227", value))
                    .get();
        }
    }

    private static Path copyResource(String resource, Path to) throws Exception {
        try (InputStream in = ClusterFailoverIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("resource " + resource).isNotNull();
            Files.copy(in, to);
        }
        return to;
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[cluster-it] " + format + "%n", args);
    }
}
