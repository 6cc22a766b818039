package greenwave.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import greenwave.cluster.ClusterJob;
import greenwave.config.GreenwaveConfig;
import greenwave.jobs.GreenwaveTopology;
import greenwave.local.IcebergRestCatalogServer;
import greenwave.local.KafkaJsonLines;
import greenwave.local.LocalFlink;
import greenwave.local.LocalStack;
import greenwave.local.LocalWarehouse;
import greenwave.local.TopicSpec;
import greenwave.schemas.Contract;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs on a real multi-process Flink cluster (issue 8): a standalone session cluster (JobManager and two
 * TaskManagers as separate JVMs on the Flink distribution's jars), the shaded job jar submitted over Flink's REST
 * API, replayed controller logs flowing through the real broker into Iceberg (served to the cluster over the Iceberg
 * REST catalog), a TaskManager killed mid-run, the job recovering from its checkpoint and finishing; then the same
 * job over the same input on a MiniCluster in this JVM (a clean run, into its own warehouse and output topics), and
 * every Iceberg table and the committed Kafka output of both must be equal as multisets: no loss, no duplicates.
 */
class ClusterFailoverIT {

    private static final String ENTRY_CLASS = "greenwave.cluster.ClusterJob";
    /** The TaskManager is killed once the sources have read this many records (of ~185,000) and a checkpoint completed. */
    private static final long KILL_AFTER_RECORDS = 20_000;

    @TempDir
    Path tmp;

    @Test
    void theJobsSurviveALostTaskManagerAndEqualACleanRun() throws Exception {
        Path jar = Path.of(System.getProperty("greenwave.cluster.jar", "target/greenwave-cluster.jar"));
        Path libClasspath = Path.of(System.getProperty("greenwave.flink.lib.classpath",
                "target/flink-lib-classpath.txt"));
        assertThat(jar).as("the shaded job jar (mvn package)").isRegularFile();
        List<String> classpath = Arrays.stream(Files.readString(libClasspath).trim().split("[" + java.io.File.pathSeparator + "\\s]+"))
                .filter(s -> !s.isBlank()).toList();
        List<String> opens = Arrays.stream(System.getProperty("greenwave.flink.jvm.opens", "").trim().split("\\s+"))
                .filter(s -> !s.isBlank()).toList();

        Path reference = Files.createDirectories(tmp.resolve("reference"));
        copyResource("demo/atspm/detectors.csv", reference.resolve("detectors.csv"));
        Path input = copyResource("demo/atspm/signal.events.jsonl.gz", tmp.resolve("signal.events.jsonl.gz"));
        Path foodInput = Files.createDirectories(tmp.resolve("food"));
        for (String f : List.of("food.sensor-readings.jsonl.gz", "food.camera-events.jsonl.gz",
                "food.operations.jsonl.gz")) {
            copyResource("demo/food/" + f, foodInput.resolve(f));
        }
        copyResource("demo/food/kitchens.json", reference.resolve("kitchens.json"));

        try (LocalStack stack = new LocalStack(tmp.resolve("stack"), 0, 0).start();
             LocalWarehouse cleanWarehouse = new LocalWarehouse(tmp.resolve("clean-iceberg"));
             IcebergRestCatalogServer rest = new IcebergRestCatalogServer(
                     stack.warehouse().catalogLoader().loadCatalog(), "127.0.0.1", 0).start()) {
            String bootstrap = stack.bootstrapServers();

            // the cluster run's configuration: the broker, the warehouse over REST
            Path clusterConfig = tmp.resolve("cluster.yaml");
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
            Path cleanConfig = tmp.resolve("clean.yaml");
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
            cleanWarehouse.catalogProperties().forEach((k, v) ->
                    clean.append("    \"").append(k).append("\": \"").append(v).append("\"\n"));
            Files.writeString(cleanConfig, clean.toString());

            GreenwaveConfig cluster = GreenwaveConfig.load(clusterConfig);
            GreenwaveConfig cleanCfg = GreenwaveConfig.load(cleanConfig);
            createTopics(stack, cluster, cleanCfg);

            long published = KafkaJsonLines.publish(bootstrap, cluster.topics().signalEvents(), input,
                    Contract.SIGNAL_EVENTS.keyField());
            for (Contract c : List.of(Contract.FOOD_SENSOR_READINGS, Contract.FOOD_CAMERA_EVENTS,
                    Contract.FOOD_OPERATIONS)) {
                published += KafkaJsonLines.publish(bootstrap, cluster.topics().of(c),
                        foodInput.resolve(c.defaultName() + ".jsonl.gz"), c.keyField());
            }
            // a malformed record: the dead-letter path must be exactly-once too
            publishRaw(bootstrap, cluster.topics().signalEvents(), "{\"device_id\":\"227\",\"ts\":\"soon\"}");

            // ---- the cluster run, with a TaskManager lost mid-run
            long t0 = System.nanoTime();
            try (FlinkProcessCluster flink = new FlinkProcessCluster(tmp.resolve("flink"), classpath, opens,
                    Map.of())) {
                try {
                    flink.startJobManager();
                    flink.startTaskManager("tm-1");
                    flink.startTaskManager("tm-2");
                    flink.awaitTaskManagers(2, Duration.ofSeconds(90));
                    log("cluster up (%d TaskManagers) in %.1f s", 2, secondsSince(t0));
                    String jarId = flink.uploadJar(jar);
                    String jobId = flink.runJar(jarId, ENTRY_CLASS, 2, List.of("--config", clusterConfig.toString(),
                            "--reference", reference.toString(), "--bounded", "--job-name", "greenwave-cluster-it"));
                    log("job %s submitted at %.1f s", jobId, secondsSince(t0));
                    flink.logLines("jobmanager", "greenwave on the cluster").forEach(l -> log("  JobManager: %s", l));

                    // wait until data flows and a checkpoint with it has completed, then lose a TaskManager
                    FlinkProcessCluster.await("a completed checkpoint with data flowing", Duration.ofSeconds(120),
                            () -> {
                                flink.assertAlive();
                                JsonNode job = flink.get("/jobs/" + jobId);
                                assertThat(job.path("state").asText()).as("job state").isIn("INITIALIZING",
                                        "CREATED", "RUNNING");
                                return recordsRead(job) >= KILL_AFTER_RECORDS && flink.get("/jobs/" + jobId
                                        + "/checkpoints").path("counts").path("completed").asInt() >= 1;
                            });
                    String victim = taskManagerRunning(flink, jobId);
                    log("killing %s at %.1f s (read so far: %d records, job %s)", victim, secondsSince(t0),
                            recordsRead(flink.get("/jobs/" + jobId)), flink.get("/jobs/" + jobId).path("state"));
                    flink.killTaskManager(victim);

                    long[] restarts = {0};
                    FlinkProcessCluster.await("the job to finish after the TaskManager loss", Duration.ofSeconds(180),
                            () -> {
                                flink.assertAlive();
                                restarts[0] = Math.max(restarts[0], numRestarts(flink, jobId));
                                String state = flink.get("/jobs/" + jobId).path("state").asText();
                                assertThat(state).as("job state").isNotIn("FAILED", "CANCELED");
                                return state.equals("FINISHED");
                            });
                    JsonNode exceptions = flink.get("/jobs/" + jobId + "/exceptions");
                    log("job finished at %.1f s; restarts seen %d; exception history %d entries", secondsSince(t0),
                            restarts[0], exceptions.path("exceptionHistory").path("entries").size());
                    for (JsonNode entry : exceptions.path("exceptionHistory").path("entries")) {
                        log("  failure: %s on %s", entry.path("exceptionName").asText(),
                                entry.path("taskManagerId").asText(entry.path("location").asText()));
                    }
                    assertThat(restarts[0] > 0 || exceptions.path("exceptionHistory").path("entries").size() > 0)
                            .as("the job really restarted after losing " + victim + ": " + exceptions)
                            .isTrue();
                    assertThat(exceptions.toString()).as("the failure is the lost TaskManager")
                            .containsAnyOf(victim, "TaskManager", "heartbeat", "Heartbeat", "lost", "disconnect");
                } catch (Throwable e) {
                    System.err.println("cluster logs:" + flink.tails());
                    throw e;
                }
            }

            // ---- the clean run: the same job, same input, on a MiniCluster in this JVM, into its own warehouse
            // and output topics
            long t1 = System.nanoTime();
            Configuration conf = LocalFlink.configuration(tmp.resolve("clean-flink"), "clean", 0);
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            ClusterJob job = new ClusterJob();
            new CommandLine(job).parseArgs("--config", cleanConfig.toString(), "--reference", reference.toString(),
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
                assertThat(actual).as("rows of %s after the TaskManager loss vs the clean run", id)
                        .isEqualTo(expected);
                sizes.put(id.toString(), expected.values().stream().mapToInt(Integer::intValue).sum());
            }
            log("Iceberg tables equal: %s", sizes);
            assertThat(sizes.get("traffic.signal_events")).as("every good signal event stored once")
                    .isGreaterThan(100_000);
            assertThat(sizes.get("traffic.actuations")).isPositive();
            assertThat(sizes.get("traffic.split_failures")).isPositive();
            assertThat(sizes.get("ops.dead_letters")).isPositive();
            assertThat(sizes.get("food.violations")).isPositive();

            Map<String, Integer> kafkaSizes = new TreeMap<>();
            for (String[] pair : List.of(
                    new String[]{cluster.topics().signalMeasures(), cleanCfg.topics().signalMeasures()},
                    new String[]{cluster.topics().dlq(), cleanCfg.topics().dlq()},
                    new String[]{cluster.topics().alerts(), cleanCfg.topics().alerts()})) {
                Map<String, Integer> expected = committed(bootstrap, pair[1]);
                Map<String, Integer> actual = committed(bootstrap, pair[0]);
                assertThat(actual).as("committed records of %s vs the clean run's %s", pair[0], pair[1])
                        .isEqualTo(expected);
                kafkaSizes.put(pair[0], expected.values().stream().mapToInt(Integer::intValue).sum());
            }
            log("committed Kafka output equal: %s (input %d records)", kafkaSizes, published);
            assertThat(kafkaSizes.get(cluster.topics().signalMeasures())).isPositive();
            assertThat(kafkaSizes.get(cluster.topics().dlq())).isPositive();
        }
    }

    /** A TaskManager that runs subtasks of the job (tm-1 if both do). */
    private static String taskManagerRunning(FlinkProcessCluster flink, String jobId) throws Exception {
        List<String> running = new ArrayList<>();
        for (JsonNode vertex : flink.get("/jobs/" + jobId).path("vertices")) {
            JsonNode tms = flink.get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/taskmanagers");
            for (JsonNode tm : tms.path("taskmanagers")) {
                String id = tm.path("taskmanager-id").asText();
                if (!running.contains(id)) {
                    running.add(id);
                }
            }
        }
        assertThat(running).as("TaskManagers running the job").isNotEmpty();
        return running.contains("tm-1") ? "tm-1" : running.get(0);
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
            GreenwaveConfig.Topics t = config.topics();
            for (String name : List.of(t.signalEvents(), t.signalMeasures(), t.probeMeasures(), t.vehiclePositions(),
                    t.bikeEvents(), t.bikeDispatchTasks(), t.foodCameraEvents(), t.foodSensorReadings(),
                    t.foodOperations(), t.timingPlans(), t.planAcks(), t.alerts(), t.dlq())) {
                topics.put(name, TopicSpec.of(2));
            }
            for (String name : List.of(t.network(), t.bikeZones(), t.bikeBlacklist(), t.foodKitchens())) {
                topics.put(name, TopicSpec.compacted(1));
            }
        }
        stack.createTopics(topics);
        // a new broker elects the partitions' leader a moment later: publish only once every partition has one, and
        // ask for the groups' offsets, which makes it create its group coordinator (the first checkpoints commit)
        try (var admin = stack.kafka().admin()) {
            FlinkProcessCluster.await("leaders of the new topics", Duration.ofSeconds(60), () ->
                    admin.describeTopics(topics.keySet()).allTopicNames().get().values().stream()
                            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null
                                    && !p.leader().isEmpty())));
            for (GreenwaveConfig config : configs) {
                admin.listConsumerGroupOffsets(config.kafka().groupId()).partitionsToOffsetAndMetadata()
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
        GreenwaveTopology.class.getName(); // the same topology made them
        return ids;
    }

    /** A table's rows as a multiset (row text → count). */
    private static Map<String, Integer> rows(Table table) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        table.refresh();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record r : records) {
                rows.merge(r.toString(), 1, Integer::sum);
            }
        }
        return rows;
    }

    /** What a read_committed consumer sees on {@code topic}: (key, value) text → count. */
    private static Map<String, Integer> committed(String bootstrap, String topic) {
        Map<String, Object> conf = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Integer> out = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.currentTimeMillis()).as("reading " + topic + " to its end").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    out.merge(key + " | " + new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private static void publishRaw(String bootstrap, String topic, String value) throws Exception {
        Map<String, Object> conf = Map.of("bootstrap.servers", bootstrap, "acks", "all");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(conf,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "227", value)).get();
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
