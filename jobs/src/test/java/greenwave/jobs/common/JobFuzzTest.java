package greenwave.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.bike.BikeJob;
import greenwave.jobs.bike.BikeScenario;
import greenwave.jobs.food.FoodJob;
import greenwave.jobs.food.FoodScenario;
import greenwave.jobs.io.Collected;
import greenwave.jobs.plan.GreenWaveJob;
import greenwave.jobs.plan.GreenWaveJobFixtures;
import greenwave.jobs.plan.PlanAckJob;
import greenwave.jobs.probe.ProbeDelayJob;
import greenwave.jobs.probe.SyntheticNetwork;
import greenwave.jobs.signal.SignalLayout;
import greenwave.jobs.signal.SignalMeasuresJob;
import greenwave.schemas.BlacklistEntry;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import greenwave.schemas.VehiclePosition;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Every job's real topology on a MiniCluster that must not restart (a failure fails the test), run twice over a
 * replay of each of its input topics: once clean, once with about one record in ten followed by a {@link Mutation} of
 * it. With the garbage, every output equals the clean run's (in any order), and the dead letters are the clean run's
 * plus exactly the garbage records, each with a reason; duplicates count once and are no dead letters. Prints, per
 * job, how many records of each mutation kind went through.
 */
class JobFuzzTest {
    private static final long SEED = 20240513L;
    /** Garbage records get offsets from here on, so that a dead letter tells which record it came from. */
    private static final long GARBAGE_OFFSET = 1_000_000_000L;

    private static final String DEAD_LETTERS = "dead letters";
    private static final ContractCodec CODEC = ContractCodec.shared();
    private static final GreenwaveConfig CONFIG = GreenwaveConfig.defaults();
    /** A source without event time, as a Kafka source is: each record stamped with its Kafka timestamp. */
    private static final WatermarkStrategy<RawRecord> KAFKA_TIMESTAMP = WatermarkStrategy.<RawRecord>noWatermarks()
            .withTimestampAssigner((SerializableTimestampAssigner<RawRecord>) (r, previous) -> r.timestamp());

    /** One input topic of a job: its records in delivery order, and how the job's source times them. */
    private record Topic(Contract contract, List<String> records, WatermarkStrategy<RawRecord> time) {}

    /** A job's topology over its raw inputs: its outputs by name, the dead letters under {@link #DEAD_LETTERS}. */
    private interface Topology {
        Map<String, DataStream<?>> build(StreamExecutionEnvironment env, Map<Contract, DataStream<RawRecord>> raw);
    }

    /** A topic's replay with garbage mixed in, and what was mixed in. */
    private record Replay(
            List<RawRecord> clean,
            List<RawRecord> dirty,
            Set<Long> invalid,
            Set<Long> garbage,
            Set<Long> tombstones,
            int duplicates) {}

    @Test
    void signalMeasuresJob() throws Exception {
        Map<String, SignalLayout> layouts;
        try (InputStream in = JobFuzzTest.class.getResourceAsStream("/demo/atspm/detectors.csv")) {
            layouts = SignalLayout.fromAtspmDetectorsCsv(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        List<String> events = ContractFuzzTest.demo("atspm/signal.events.jsonl.gz", 5_000);
        fuzz(
                "signal measures",
                List.of(new Topic(Contract.SIGNAL_EVENTS, events, SignalMeasuresJob.watermarks(CONFIG))),
                (env, raw) -> {
                    SignalMeasuresJob.Outputs out =
                            new SignalMeasuresJob(CONFIG, layouts).build(raw.get(Contract.SIGNAL_EVENTS));
                    return outputs(
                            out.deadLetters(),
                            "measures",
                            out.measures(),
                            "accepted events",
                            out.acceptedEvents(),
                            "late events",
                            out.lateEvents());
                });
    }

    @Test
    void probeDelayJob() throws Exception {
        fuzz(
                "probe delay",
                List.of(new Topic(Contract.VEHICLE_POSITIONS, probeReplay(), ProbeDelayJob.watermarks(CONFIG))),
                (env, raw) -> {
                    ProbeDelayJob.Outputs out = new ProbeDelayJob(CONFIG, SyntheticNetwork.network())
                            .build(raw.get(Contract.VEHICLE_POSITIONS));
                    return outputs(
                            out.deadLetters(),
                            "measures",
                            out.measures(),
                            "traversals",
                            out.traversals(),
                            "late events",
                            out.lateEvents());
                });
    }

    @Test
    void bikeJob() throws Exception {
        BikeScenario.Options demo = BikeScenario.Options.demo();
        BikeScenario.Scenario scenario = BikeScenario.generate(
                new BikeScenario.Options(40, 400, demo.start(), 3, demo.peakAt(), demo.locateMinutes(), 0.1, 5));
        List<String> zones = new ArrayList<>();
        for (int version = 0; version < 3; version++) { // a compacted topic not yet compacted: each zone thrice
            scenario.zones().stream().map(CODEC::toJson).forEach(zones::add);
        }
        List<String> blacklist = scenario.blacklist().stream()
                .sorted(Comparator.comparingLong(BlacklistEntry::ts))
                .map(CODEC::toJson)
                .toList();
        fuzz(
                "bike",
                List.of(
                        new Topic(Contract.BIKE_EVENTS, scenario.eventLines(), BikeJob.watermarks(CONFIG)),
                        // the zones topic republishes the zones of the file, as a replay reads it from its start
                        new Topic(
                                Contract.BIKE_ZONES,
                                zones,
                                BikeJob.<RawRecord>timeless()
                                        .withTimestampAssigner(
                                                KAFKA_TIMESTAMP.createTimestampAssigner(null)::extractTimestamp)),
                        new Topic(Contract.BIKE_BLACKLIST, blacklist, BikeJob.watermarks(CONFIG))),
                (env, raw) -> {
                    BikeJob.Outputs out = new BikeJob(CONFIG)
                            .build(
                                    raw.get(Contract.BIKE_EVENTS),
                                    env.fromData(
                                            scenario.zones(), TypeInformation.of(greenwave.schemas.BikeZone.class)),
                                    raw.get(Contract.BIKE_ZONES),
                                    raw.get(Contract.BIKE_BLACKLIST));
                    return outputs(
                            out.deadLetters(),
                            "tasks",
                            out.tasks(),
                            "alerts",
                            out.alerts(),
                            "alarms",
                            out.alarms(),
                            "occupancy",
                            out.occupancy(),
                            "disorderly",
                            out.disorderly(),
                            "late events",
                            out.lateEvents());
                });
    }

    @Test
    void foodJob() throws Exception {
        FoodScenario.Input input = FoodScenario.generate(14, 130, 2024, false);
        fuzz(
                "food",
                List.of(
                        new Topic(Contract.FOOD_CAMERA_EVENTS, input.camera(), FoodJob.watermarks(CONFIG)),
                        new Topic(Contract.FOOD_SENSOR_READINGS, input.readings(), FoodJob.watermarks(CONFIG)),
                        new Topic(Contract.FOOD_OPERATIONS, input.operations(), FoodJob.watermarks(CONFIG))),
                (env, raw) -> {
                    FoodJob.Outputs out = new FoodJob(CONFIG, input.kitchens())
                            .build(
                                    raw.get(Contract.FOOD_CAMERA_EVENTS),
                                    raw.get(Contract.FOOD_SENSOR_READINGS),
                                    raw.get(Contract.FOOD_OPERATIONS));
                    return outputs(
                            out.deadLetters(),
                            "violations",
                            out.violations(),
                            "alerts",
                            out.alerts(),
                            "late events",
                            out.lateEvents());
                });
    }

    @Test
    void planAckJob() throws Exception {
        long t0 = 1_715_613_300_000L; // 2024-05-13 15:15 UTC
        long timeoutMs = CONFIG.plan().ackTimeoutS() * 1000L;
        Random random = new Random(SEED);
        List<TimingPlan> plans = new ArrayList<>();
        List<PlanAck> acks = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String device = Integer.toString(100 + i);
            long issued = t0 + i * 20_000L;
            TimingPlan plan = new TimingPlan(
                    "c1-" + issued + "-" + device,
                    "c1",
                    device,
                    issued,
                    issued + 60_000,
                    issued + 3_660_000,
                    100,
                    12,
                    List.of(2, 6),
                    List.of(new TimingPlan.PhaseSplit(2, 65, 4, 1), new TimingPlan.PhaseSplit(4, 25, 4, 1)),
                    "test",
                    null,
                    null);
            plans.add(plan);
            int fate = random.nextInt(10);
            if (fate == 0) {
                continue; // never acknowledged
            }
            acks.add(new PlanAck(
                    plan.planId(),
                    device,
                    issued + 5_000,
                    fate == 1 ? PlanAck.REJECTED : PlanAck.ACCEPTED,
                    fate == 1 ? "cycle too long" : null));
            if (fate > 1) {
                long applied =
                        fate == 2 ? issued + 60_000 + timeoutMs + 1_000 : issued + 60_000 + random.nextInt(5_000);
                acks.add(new PlanAck(plan.planId(), device, applied, PlanAck.APPLIED, null));
            }
        }
        acks.sort(Comparator.comparingLong(PlanAck::ts));
        fuzz(
                "plan ack",
                List.of(new Topic(
                        Contract.SIGNAL_PLAN_ACKS,
                        acks.stream().map(CODEC::toJson).toList(),
                        PlanAckJob.ackWatermarks(CONFIG))),
                (env, raw) -> {
                    DataStream<TimingPlan> planStream = env.fromData(plans, TypeInformation.of(TimingPlan.class))
                            .assignTimestampsAndWatermarks(
                                    WatermarkStrategy.<TimingPlan>forBoundedOutOfOrderness(Duration.ZERO)
                                            .withTimestampAssigner((SerializableTimestampAssigner<TimingPlan>)
                                                    (p, x) -> p.issuedAt()));
                    PlanAckJob.Outputs out =
                            new PlanAckJob(CONFIG).build(planStream, raw.get(Contract.SIGNAL_PLAN_ACKS));
                    return outputs(out.deadLetters(), "statuses", out.statuses(), "alerts", out.alerts());
                });
    }

    @Test
    void greenWaveJobFromItsMeasureTopics() throws Exception {
        long t0 = GreenWaveJobFixtures.T0;
        List<String> signals = GreenWaveJobFixtures.signalMeasures(t0, 120).stream()
                .map(CODEC::toJson)
                .toList();
        List<String> probes = GreenWaveJobFixtures.probeMeasures(t0, 120).stream()
                .map(CODEC::toJson)
                .toList();
        fuzz(
                "green wave",
                List.of(
                        new Topic(Contract.SIGNAL_MEASURES, signals, KAFKA_TIMESTAMP),
                        new Topic(Contract.PROBE_MEASURES, probes, KAFKA_TIMESTAMP)),
                (env, raw) -> {
                    GreenWaveJob.Decoded decoded = GreenWaveJob.decode(
                            CONFIG, raw.get(Contract.SIGNAL_MEASURES), raw.get(Contract.PROBE_MEASURES));
                    GreenWaveJob.Outputs out = new GreenWaveJob(CONFIG, GreenWaveJobFixtures.corridor3WithPoorSplits())
                            .build(decoded.signalMeasures(), decoded.probeMeasures());
                    return outputs(
                            decoded.deadLetters(),
                            "plans",
                            out.plans(),
                            "decisions",
                            out.decisions(),
                            "outcomes",
                            out.outcomes());
                });
    }

    @Test
    void contractGateOverTheKitchensTopic() throws Exception {
        List<String> kitchens = FoodScenario.generate(400, 1, SEED, false).kitchens().stream()
                .map(CODEC::toJson)
                .toList();
        fuzz(
                "contract gate",
                List.of(new Topic(Contract.FOOD_KITCHENS, kitchens, KAFKA_TIMESTAMP)),
                (env, raw) -> outputs(ContractGate.check(
                        raw.get(Contract.FOOD_KITCHENS),
                        "food.kitchens",
                        Contract.FOOD_KITCHENS,
                        CONFIG.input().plausibleTime())));
    }

    /** Vehicles driving the synthetic corridor east- and westbound, some stopping at a stop bar; by time. */
    private static List<String> probeReplay() {
        Random random = new Random(SEED);
        long t0 = 1_715_612_400_000L; // 2024-05-13 15:00 UTC
        List<VehiclePosition> positions = new ArrayList<>();
        for (int v = 0; v < 110; v++) {
            boolean east = v % 2 == 0;
            SyntheticNetwork.Trip trip = new SyntheticNetwork.Trip("v-" + v, t0 + v * 30_000L);
            int stopAt = random.nextInt(3);
            int waitS = random.nextInt(4) * 10;
            double t = 0;
            for (double d = 0; d < 2 * 400 + 400; d += 25) {
                double x = east ? SyntheticNetwork.ebStopbarX(0) - 300 + d : SyntheticNetwork.ebStopbarX(2) + 324 - d;
                double stopbar = east ? SyntheticNetwork.ebStopbarX(stopAt) : SyntheticNetwork.ebStopbarX(stopAt) + 24;
                if (waitS > 0 && Math.abs(x - stopbar) < 12.5) {
                    for (int w = 0; w < waitS; w += 2) {
                        trip.at(t + w, stopbar + (east ? -2 : 2), east ? -3.5 : 3.5, 0, east ? 90 : 270);
                    }
                    t += waitS;
                }
                trip.at(t, x, east ? -3.5 : 3.5, 12.5, east ? 90 : 270);
                t += 2;
            }
            positions.addAll(trip.positions);
        }
        positions.sort(Comparator.comparingLong(VehiclePosition::ts).thenComparing(VehiclePosition::vehicleId));
        return positions.stream().map(CODEC::toJson).toList();
    }

    private static Map<String, DataStream<?>> outputs(DataStream<DeadLetter> deadLetters, Object... named) {
        Map<String, DataStream<?>> outputs = new LinkedHashMap<>();
        for (int i = 0; i < named.length; i += 2) {
            outputs.put((String) named[i], (DataStream<?>) named[i + 1]);
        }
        outputs.put(DEAD_LETTERS, deadLetters);
        return outputs;
    }

    /** Runs the job clean and with garbage, compares every output, checks the dead letters and prints the counts. */
    private static void fuzz(String job, List<Topic> topics, Topology topology) throws Exception {
        Random random = new Random(SEED);
        Map<Contract, Replay> replays = new EnumMap<>(Contract.class);
        Map<Mutation, Integer> counts = new TreeMap<>();
        for (Topic topic : topics) {
            replays.put(topic.contract(), replay(topic, random, counts));
        }
        Map<String, List<Object>> clean = run(topics, replays, false, topology);
        Map<String, List<Object>> dirty = run(topics, replays, true, topology);

        List<DeadLetter> cleanDead = deadLetters(clean);
        Set<String> invalid = new HashSet<>();
        replays.forEach((contract, replay) ->
                replay.invalid().forEach(offset -> invalid.add(contract.defaultName() + "@" + offset)));
        assertThat(cleanDead)
                .as("%s job: the replay's own malformed records are its only dead letters", job)
                .extracting(d -> d.sourceTopic() + "@" + d.offset())
                .containsExactlyInAnyOrderElementsOf(invalid);
        List<DeadLetter> dirtyDead = deadLetters(dirty);
        assertThat(dirtyDead)
                .filteredOn(d -> d.offset() < GARBAGE_OFFSET)
                .as("%s job: dead letters of the replay (ts: when rejected, so per run)", job)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("ts")
                .containsExactlyInAnyOrderElementsOf(cleanDead);
        List<DeadLetter> garbageDead =
                dirtyDead.stream().filter(d -> d.offset() >= GARBAGE_OFFSET).toList();
        Set<String> expected = new HashSet<>();
        int garbage = 0;
        int duplicates = 0;
        for (Map.Entry<Contract, Replay> replay : replays.entrySet()) {
            String topic = replay.getKey().defaultName();
            replay.getValue().garbage().forEach(offset -> expected.add(topic + "@" + offset));
            garbage += replay.getValue().garbage().size();
            duplicates += replay.getValue().duplicates();
            for (DeadLetter d : garbageDead) {
                if (d.sourceTopic().equals(topic)
                        && replay.getValue().tombstones().contains(d.offset())) {
                    assertThat(d.payload())
                            .as("%s job: a tombstone's dead letter", job)
                            .isNull();
                }
            }
        }
        assertThat(garbageDead)
                .as("%s job: every garbage record a dead letter with a reason", job)
                .allSatisfy(d -> assertThat(d.reason()).isNotBlank())
                .extracting(d -> d.sourceTopic() + "@" + d.offset())
                .containsExactlyInAnyOrderElementsOf(expected);

        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String output : clean.keySet()) {
            if (!output.equals(DEAD_LETTERS)) {
                assertThat(dirty.get(output))
                        .as("%s job: %s with garbage", job, output)
                        .containsExactlyInAnyOrderElementsOf(clean.get(output));
                sizes.put(output, clean.get(output).size());
            }
        }
        assertThat(sizes.isEmpty()
                        || sizes.values().stream().mapToInt(Integer::intValue).sum() > 0)
                .as("%s job: some output", job)
                .isTrue();

        Map<String, Integer> records = new LinkedHashMap<>();
        replays.forEach((contract, replay) ->
                records.put(contract.defaultName(), replay.clean().size()));
        System.out.println("JobFuzzTest: " + job + " job over " + records + " records with " + garbage
                + " garbage records, all dead-lettered, and " + duplicates + " duplicates (" + cleanDead.size()
                + " dead letters in the replay itself); outputs unchanged "
                + sizes + "; mutants per kind: " + counts);
    }

    /** The topic's records, each followed with a chance of one in ten by a mutant of it. */
    private static Replay replay(Topic topic, Random random, Map<Mutation, Integer> counts) {
        String name = topic.contract().defaultName();
        List<Mutation> kinds = Mutation.on(topic.contract());
        List<RawRecord> clean = new ArrayList<>();
        List<RawRecord> dirty = new ArrayList<>();
        Set<Long> invalid = new HashSet<>();
        Set<Long> garbage = new HashSet<>();
        Set<Long> tombstones = new HashSet<>();
        int duplicates = 0;
        for (int i = 0; i < topic.records().size(); i++) {
            String record = topic.records().get(i);
            RawRecord valid = new RawRecord(name, 0, i, 0L, null, record.getBytes(StandardCharsets.UTF_8));
            if (!CODEC.decode(
                            topic.contract(),
                            valid.value(),
                            topic.contract().javaType(),
                            CONFIG.input().plausibleTime())
                    .ok()) {
                invalid.add((long) i); // a replay may hold malformed records of its own, as producers send them
            }
            clean.add(valid);
            dirty.add(valid);
            if (random.nextInt(10) == 0) {
                Mutation kind = kinds.get(random.nextInt(kinds.size()));
                long offset = GARBAGE_OFFSET + i;
                dirty.add(new RawRecord(name, 0, offset, 0L, null, kind.apply(record, random)));
                counts.merge(kind, 1, Integer::sum);
                if (kind.garbage()) {
                    garbage.add(offset);
                } else {
                    duplicates++;
                }
                if (kind == Mutation.TOMBSTONE) {
                    tombstones.add(offset);
                }
            }
        }
        return new Replay(clean, dirty, invalid, garbage, tombstones, duplicates);
    }

    /** The job on a local MiniCluster without restarts: a failure fails the test. */
    private static Map<String, List<Object>> run(
            List<Topic> topics, Map<Contract, Replay> replays, boolean withGarbage, Topology topology)
            throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        Map<Contract, DataStream<RawRecord>> raw = new EnumMap<>(Contract.class);
        for (Topic topic : topics) {
            Replay replay = replays.get(topic.contract());
            raw.put(
                    topic.contract(),
                    env.fromData(withGarbage ? replay.dirty() : replay.clean(), TypeInformation.of(RawRecord.class))
                            .assignTimestampsAndWatermarks(topic.time()));
        }
        Map<String, Collected<Object>> collected = new LinkedHashMap<>();
        topology.build(env, raw).forEach((name, stream) -> {
            @SuppressWarnings("unchecked")
            DataStream<Object> records = (DataStream<Object>) stream;
            collected.put(name, Collected.of(records));
        });
        ExecutorService pool = Collected.pool(collected.size());
        try {
            JobClient client = env.executeAsync("fuzz");
            collected.values().forEach(c -> c.startDraining(pool));
            Map<String, List<Object>> results = new HashMap<>();
            for (Map.Entry<String, Collected<Object>> c : collected.entrySet()) {
                results.put(c.getKey(), c.getValue().get());
            }
            client.getJobExecutionResult().get();
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<DeadLetter> deadLetters(Map<String, List<Object>> run) {
        return run.get(DEAD_LETTERS).stream().map(DeadLetter.class::cast).toList();
    }
}
