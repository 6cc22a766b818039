package greenwave.cli;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.GreenwaveTopology;
import greenwave.jobs.GreenwaveTopology.Offsets;
import greenwave.jobs.GreenwaveTopology.Selection;
import greenwave.jobs.ReferenceData;
import greenwave.jobs.common.TransactionTimeout;
import greenwave.local.KafkaJsonLines;
import greenwave.local.LocalFlink;
import greenwave.local.LocalStack;
import greenwave.local.SignalControlSimulator;
import greenwave.local.TopicSpec;
import greenwave.schemas.BikeZone;
import greenwave.schemas.Contract;
import greenwave.schemas.Kitchen;
import greenwave.schemas.Network;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * One batch through the local stack, as {@code replay} and {@code demo} run it: publish a directory of JSON-lines
 * files to their topics, run the jobs over exactly what was published (never older data in the topics), wait until
 * it is all consumed and committed, and save what this batch wrote to the output topics.
 */
final class LocalRun {
    static final String SIGNAL_JOB = "signal-measures";
    /** The job that tracks a bounded batch's plan acks, run after the batch (it reads the batch's own plans). */
    static final String PLAN_ACK_JOB = "plan-acks";

    private final LocalStack stack;
    private final GreenwaveConfig config;
    private final PrintStream log;

    LocalRun(LocalStack stack, GreenwaveConfig config, PrintStream log) {
        this.stack = stack;
        this.config = config.withBootstrapServers(stack.bootstrapServers());
        this.log = log;
    }

    GreenwaveConfig config() {
        return config;
    }

    /**
     * On JVM shutdown (Ctrl-C): cancel the running job first, then close the stack it writes to, in that order (two
     * separate hooks would run concurrently). Returns the holder to put the job into once it runs.
     */
    static AtomicReference<JobClient> stopOnShutdown(LocalStack stack) {
        AtomicReference<JobClient> running = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            JobClient job = running.get();
                            if (job != null) {
                                try {
                                    job.cancel().get(20, TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    // already finished, or the cluster is gone: nothing to stop
                                }
                            }
                            stack.close();
                        },
                        "greenwave-shutdown"));
        return running;
    }

    /** What a batch did. */
    record Batch(Map<String, Long> published, Map<String, Long> written, JobClient job) {}

    /** Input topic name (as configured) → its contract. */
    Map<String, Contract> inputTopics() {
        return GreenwaveTopology.inputTopics(config);
    }

    /**
     * Output topics the jobs write, and the signal-control system's acks (its answers to this batch's plans are part
     * of what the batch produced).
     */
    List<String> outputTopics() {
        GreenwaveConfig.Topics t = config.topics();
        return List.of(
                t.signalMeasures(),
                t.probeMeasures(),
                t.timingPlans(),
                t.planAcks(),
                t.bikeDispatchTasks(),
                t.alerts(),
                t.dlq());
    }

    /**
     * The simulated signal-control system for the local stack: its controllers accept any cycle up to the largest
     * corridor maximum of {@code network} (every safe plan), so the demo's plans are all applied.
     */
    SignalControlSimulator signalControlSimulator(Network network) {
        int maxCycleS = network.corridors().stream()
                .mapToInt(c -> c.maxCycleS() == null ? 180 : c.maxCycleS())
                .max()
                .orElse(180);
        return new SignalControlSimulator(
                config.kafka().bootstrapServers(),
                config.topics().timingPlans(),
                config.topics().planAcks(),
                maxCycleS);
    }

    /** Every topic of the configuration, reference topics compacted. */
    void createTopics() {
        Map<String, TopicSpec> topics = TopicSpec.allOf(config, config.flink().parallelism());
        stack.createTopics(topics);
        // Asking for the group's offsets makes a new broker create its group coordinator now, so the jobs' first
        // checkpoint can commit its source offsets.
        try (Admin admin = stack.kafka().admin()) {
            admin.listConsumerGroupOffsets(config.kafka().groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.printf("  (the broker's group coordinator is slow to start: %s)%n", e.getMessage());
        }
        GreenwaveTopology.ensureTables(stack.warehouse().catalog());
    }

    /**
     * The input topics the jobs read themselves (checking every record against the contract), given which of the
     * optional jobs run; the contract gate checks the others.
     */
    Set<String> topicsReadByJobs(boolean probes, boolean planAcks, boolean bikes, boolean food) {
        return GreenwaveTopology.topicsReadByJobs(config, probes, planAcks, bikes, food);
    }

    /**
     * The reference data of {@code dir} (network.json, detectors.csv, zones.json, kitchens.json); a bad file is the
     * user's error.
     */
    static ReferenceData reference(Path dir) {
        try {
            return ReferenceData.read(dir);
        } catch (ReferenceData.BadFileException e) {
            throw new Greenwave.UserError("bad reference file " + e.file() + ": " + e.getMessage());
        }
    }

    /**
     * Publishes {@code inputDir}, runs the jobs over it and, when {@code bounded}, waits for them to finish and saves
     * the batch's output topics to {@code outDir}. When not bounded the jobs keep running after the batch (the
     * returned job), still saving the batch's output once its input is consumed and committed.
     *
     * <p>With corridors in {@code network.json}, the green-wave job plans from the measures in the same program (a
     * bounded replay cannot read its own output topics) and sends its plans. A bounded batch then lets the simulated
     * signal-control system answer them and runs the plan-ack job over the batch's plans and acks, so statuses and
     * alerts are complete when this returns; an unbounded one runs the plan-ack job beside the others.
     */
    Batch run(Path inputDir, Path outDir, ReferenceData reference, boolean bounded, int restPort) throws Exception {
        createTopics();
        Map<String, Contract> inputs = inputTopics();
        List<Path> files = inputFiles(inputDir);
        if (files.isEmpty()) {
            throw new Greenwave.UserError("no <topic>.jsonl or <topic>.jsonl.gz files in " + inputDir);
        }

        // Where this batch starts on every input topic; each source takes its own topic's partitions from it.
        Map<TopicPartition, Long> inputStart = endOffsets(new ArrayList<>(inputs.keySet()));
        Map<TopicPartition, Long> outputStart = endOffsets(outputTopics());
        Map<TopicPartition, Long> batchStart = new HashMap<>(outputStart);
        batchStart.putAll(inputStart);

        Map<String, Long> published = new LinkedHashMap<>();
        for (Path file : files) {
            String topic = topicOf(file);
            Contract contract = inputs.get(topic);
            if (contract == null) {
                log.printf("  skipped %s: %s is not an input topic%n", file.getFileName(), topic);
                continue;
            }
            long n = KafkaJsonLines.publish(config.kafka().bootstrapServers(), topic, file, contract.keyField());
            published.put(topic, n);
            String note = topicsReadByJobs(true, true, true, true).contains(topic)
                    ? ""
                    : " (no job reads it yet: checked against the contract only)";
            log.printf("  published %,d records to %s%s%n", n, topic, note);
        }
        Map<TopicPartition, Long> signalEnd = endOffsets(List.of(config.topics().signalEvents()));

        Selection selection = selection(reference, published.keySet());
        // The plan-ack job reads the batch's own plans: a bounded batch runs it afterwards, an unbounded one beside
        // the others.
        Selection beside = bounded ? selection.withoutPlanAcks() : selection;
        // Inputs from where the batch started; the bike job's reference topics from their start (earlier batches'
        // zones hold); the plan-ack job's plans and acks from where the batch started on the output topics too.
        Offsets offsets = new Offsets(
                OffsetsInitializer.offsets(inputStart),
                OffsetsInitializer.earliest(),
                OffsetsInitializer.offsets(batchStart));
        StreamExecutionEnvironment env = environment(LocalFlink.configuration(stack.flinkDir(), SIGNAL_JOB, restPort));
        GreenwaveTopology.add(env, config, reference, beside, stack.warehouse().catalogLoader(), bounded, offsets);
        long started = System.nanoTime();
        JobClient job = env.executeAsync("greenwave " + SIGNAL_JOB);
        log.printf("  running the jobs (Flink web UI http://127.0.0.1:%s)%n", restPort == 0 ? "<free port>" : restPort);

        if (bounded) {
            waitWithProgress(job, started);
            if (selection.planAcks()) {
                trackPlanAcks(reference, offsets.planAcks(), restPort);
            }
        } else {
            waitUntilConsumed(signalEnd, started);
        }

        Map<String, Long> written = new LinkedHashMap<>();
        Files.createDirectories(outDir);
        for (String topic : outputTopics()) {
            Map<Integer, Long> from = new HashMap<>();
            outputStart.forEach((tp, offset) -> {
                if (tp.topic().equals(topic)) {
                    from.put(tp.partition(), offset);
                }
            });
            written.put(
                    topic,
                    KafkaJsonLines.dump(
                            config.kafka().bootstrapServers(), topic, outDir.resolve(topic + ".jsonl"), from));
        }
        return new Batch(published, written, job);
    }

    /**
     * The jobs a batch runs, by its reference data and the topics it {@code published} (logging what they do): the
     * signal measures job; probe delay with a network and corridors or vehicle positions; green waves with
     * corridors; plan acks with corridors or acks; the bike job with zones.json or bike events; the food job with
     * food events; and the contract gate over the published topics none of them reads.
     */
    private Selection selection(ReferenceData reference, Set<String> published) {
        Network network = reference.network();
        boolean greenWave = reference.hasCorridors();
        // The green-wave job plans from probe measures too: with corridors the probe job runs even without positions.
        boolean probes = network != null
                && (greenWave || published.contains(config.topics().vehiclePositions()));
        if (!probes && published.contains(config.topics().vehiclePositions())) {
            log.println("  no network.json: vehicle positions are checked, but probe delay needs the approaches");
        }
        if (greenWave) {
            log.printf(
                    "  green-wave plans for corridor(s) %s%n",
                    network.corridors().stream()
                            .map(Network.Corridor::corridorId)
                            .toList());
        }
        // The plan-ack job reads the acks topic: it checks every ack against the contract, so the gate need not.
        boolean planAcks = greenWave || published.contains(config.topics().planAcks());
        // The bike job runs on zones.json or on published bike events (zones then come from the bike.zones topic);
        // it reads the bike topics itself.
        List<BikeZone> zones = reference.zones();
        boolean bikes = zones != null || published.contains(config.topics().bikeEvents());
        if (bikes) {
            log.printf(
                    "  bike zone overflow on %s%n",
                    zones == null
                            ? "the zones of " + config.topics().bikeZones()
                            : zones.size() + " zones of zones.json");
        }
        // The food job runs when food events were published, with the kitchens of kitchens.json (kinds, thresholds).
        boolean food = GreenwaveTopology.foodTopics(config).stream().anyMatch(published::contains);
        if (food) {
            List<Kitchen> kitchens = reference.kitchens();
            log.printf(
                    "  food-safety violations (CEP) for %s%n",
                    kitchens == null
                            ? "kitchens of unknown kind (no kitchens.json)"
                            : kitchens.size() + " kitchens of kitchens.json");
        }
        Set<String> read = topicsReadByJobs(probes, planAcks, bikes, food);
        Map<String, Contract> unread = new LinkedHashMap<>();
        for (String topic : published) {
            if (!read.contains(topic)) {
                unread.put(topic, inputTopics().get(topic));
            }
        }
        return new Selection(probes, greenWave, planAcks, bikes, food, unread);
    }

    /**
     * After a bounded batch: the simulated signal-control system answers the plans the batch committed, then the
     * plan-ack job runs bounded over the batch's plans and acks (from where the batch started).
     */
    private void trackPlanAcks(ReferenceData reference, OffsetsInitializer batchStart, int restPort) throws Exception {
        if (reference.hasCorridors()) {
            SignalControlSimulator.Answered answered =
                    signalControlSimulator(reference.network()).drain();
            log.printf(
                    "  signal-control system (simulated): %d plans answered, %d applied, %d rejected,"
                            + " %d unanswered%n",
                    answered.plans(), answered.applied(), answered.rejected(), answered.unanswered());
        }
        StreamExecutionEnvironment env =
                environment(LocalFlink.configuration(stack.flinkDir(), PLAN_ACK_JOB, restPort));
        GreenwaveTopology.addPlanAcks(env, config, stack.warehouse().catalogLoader(), true, batchStart);
        long started = System.nanoTime();
        log.println("  tracking plan acks");
        waitWithProgress(env.executeAsync("greenwave " + PLAN_ACK_JOB), started);
    }

    /**
     * Starts the jobs as a service on the stack: unbounded, from the consumer group's committed offsets, resuming
     * from the newest retained checkpoint of an earlier run (its state, offsets and open Kafka transactions), so a
     * restart neither loses nor repeats anything. Every job the reference data allows runs (the bike job on the zones
     * of zones.json and of the {@code bike.zones} topic, the food job on the kinds of kitchens.json); with
     * {@code gate}, input topics no job reads yet are checked by the contract gate.
     */
    JobClient startService(ReferenceData reference, boolean gate) throws Exception {
        createTopics();
        StreamExecutionEnvironment env = environment(stack.flinkConfiguration(SIGNAL_JOB));
        OffsetsInitializer committed =
                OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
        GreenwaveTopology.add(
                env,
                config,
                reference,
                Selection.all(config, reference.network(), gate),
                stack.warehouse().catalogLoader(),
                false,
                Offsets.everywhere(committed));
        return env.executeAsync("greenwave " + SIGNAL_JOB);
    }

    /** A Flink environment on {@code flink} with the configuration's checkpoint interval and parallelism. */
    private StreamExecutionEnvironment environment(Configuration flink) {
        flink.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(config.flink().checkpointIntervalS()));
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.flink().parallelism());
        StreamExecutionEnvironment env = LocalFlink.environment(flink);
        TransactionTimeout.applyAndCheck(env, config);
        return env;
    }

    /** Waits until the running jobs have consumed and committed everything now on {@code topics}. */
    void awaitConsumed(List<String> topics) throws Exception {
        waitUntilConsumed(endOffsets(topics), System.nanoTime());
    }

    private void waitWithProgress(JobClient job, long started) throws Exception {
        var result = job.getJobExecutionResult();
        while (true) {
            try {
                result.get(15, TimeUnit.SECONDS);
                log.printf("  done in %.1f s%n", (System.nanoTime() - started) / 1e9);
                return;
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                log.printf("  ... still running after %.0f s%n", (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /**
     * A running job has consumed the batch when its committed source offsets (committed on checkpoints, together
     * with the sinks' Kafka transactions and Iceberg commits) reach the batch's end.
     */
    private void waitUntilConsumed(Map<TopicPartition, Long> end, long started) throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            long lastReport = System.nanoTime();
            while (true) {
                var committed = admin.listConsumerGroupOffsets(config.kafka().groupId())
                        .partitionsToOffsetAndMetadata()
                        .get();
                boolean done = end.entrySet().stream()
                        .allMatch(e -> e.getValue() == 0
                                || (committed.get(e.getKey()) != null
                                        && committed.get(e.getKey()).offset() >= e.getValue()));
                if (done) {
                    log.printf("  batch consumed and committed in %.1f s%n", (System.nanoTime() - started) / 1e9);
                    return;
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                    log.printf("  ... still running after %.0f s%n", (System.nanoTime() - started) / 1e9);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(500);
            }
        }
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described
                    .values()
                    .forEach(d -> d.partitions()
                            .forEach(p ->
                                    request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                    admin.listOffsets(request).all().get();
            Map<TopicPartition, Long> ends = new HashMap<>();
            offsets.forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    static List<Path> inputFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = new ArrayList<>(files.filter(f -> Files.isRegularFile(f) && topicOf(f) != null)
                    .toList());
            list.sort(null);
            return list;
        }
    }

    /** {@code signal.events.jsonl.gz} → {@code signal.events}; null for other files. */
    static String topicOf(Path file) {
        String name = file.getFileName().toString();
        for (String ext : List.of(".jsonl.gz", ".jsonl")) {
            if (name.endsWith(ext) && name.length() > ext.length()) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return null;
    }
}
