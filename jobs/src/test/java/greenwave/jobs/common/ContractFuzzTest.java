package greenwave.jobs.common;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.signal.SignalLayout;
import greenwave.jobs.signal.SignalMeasuresJob;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.PlausibleTime;
import greenwave.schemas.SignalMeasure;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded garbage against the decoders the jobs use: every mutation of a valid record of every input topic becomes a
 * bounded dead letter with a reason, and never moves event time; mixed into a real signal job, garbage changes no
 * measure and causes no restart. Prints how many records of each mutation kind went through.
 */
class ContractFuzzTest {
    private static final long SEED = 20240513L;
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z"); // after every demo record
    private static final PlausibleTime PLAUSIBLE =
            new PlausibleTime(PlausibleTime.DEFAULT_MAX_FUTURE, Clock.fixed(NOW, ZoneOffset.UTC));
    private static final int MUTANTS_PER_TOPIC = 300;

    /** Valid records of each input topic: demo data where there is some, else one contract example. */
    private static Map<Contract, List<String>> samples() throws IOException {
        Map<Contract, List<String>> samples = new EnumMap<>(Contract.class);
        samples.put(Contract.SIGNAL_EVENTS, demo("atspm/signal.events.jsonl.gz", 200));
        samples.put(Contract.BIKE_EVENTS, demo("bikes/bike.events.jsonl.gz", 200));
        samples.put(Contract.BIKE_BLACKLIST, demo("bikes/bike.blacklist.jsonl", 200));
        samples.put(Contract.FOOD_CAMERA_EVENTS, demo("food/food.camera-events.jsonl.gz", 200));
        samples.put(Contract.FOOD_SENSOR_READINGS, demo("food/food.sensor-readings.jsonl.gz", 200));
        samples.put(Contract.FOOD_OPERATIONS, demo("food/food.operations.jsonl.gz", 200));
        samples.put(Contract.VEHICLE_POSITIONS, List.of("""
                {"vehicle_id": "v-88231", "ts": 1715612400000, "lat": 30.6571, "lon": 104.0657, "speed_mps": 11.2, "heading_deg": 87.0}"""));
        samples.put(Contract.BIKE_ZONES, List.of("""
                {"zone_id": "z-17", "name": "Chunxi Rd metro exit B", "polygon": [[104.0790, 30.6540], [104.0800, 30.6540],
                 [104.0800, 30.6550], [104.0790, 30.6550]], "capacity": 40, "operators": ["hellobike", "meituan"]}"""));
        samples.put(Contract.FOOD_KITCHENS, List.of("""
                {"kitchen_id": "sc-0451", "name": "No. 7 Primary School canteen", "kind": "school_canteen", "district": "Jinjiang"}"""));
        samples.put(Contract.SIGNAL_PLAN_ACKS, List.of("""
                {"plan_id": "c1-20240513T1515-227", "device_id": "227", "ts": 1715613310000, "status": "applied"}"""));
        return samples;
    }

    @Test
    void everyMutantOfEveryInputTopicIsABoundedDeadLetterThatNeverMovesEventTime() throws Exception {
        GreenwaveConfig config = GreenwaveConfig.defaults();
        TimestampAssigner<RawRecord> eventTime = EventTime
                .boundedOutOfOrderness(Duration.ZERO, Duration.ofMinutes(1), PLAUSIBLE).createTimestampAssigner(null);
        Random random = new Random(SEED);
        Map<Mutation, Integer> counts = new TreeMap<>();
        for (Map.Entry<Contract, List<String>> topic : samples().entrySet()) {
            Contract contract = topic.getKey();
            List<String> valid = topic.getValue();
            List<RawRecord> mutants = new ArrayList<>();
            List<Mutation> kinds = new ArrayList<>();
            for (int i = 0; i < MUTANTS_PER_TOPIC; i++) {
                Mutation kind = Mutation.values()[i % Mutation.values().length];
                byte[] mutant = kind.apply(valid.get(random.nextInt(valid.size())), random);
                mutants.add(new RawRecord(contract.defaultName(), 0, i, NOW.toEpochMilli(), null, mutant));
                kinds.add(kind);
                counts.merge(kind, 1, Integer::sum);
            }
            try (var harness = decoder(contract)) {
                for (String record : valid) {
                    harness.processElement(new RawRecord(contract.defaultName(), 0, -1, 0, null,
                            record.getBytes(StandardCharsets.UTF_8)), NOW.toEpochMilli());
                }
                assertThat(harness.getSideOutput(ContractDecoder.DEAD_LETTERS)).as("%s valid samples", contract).isNull();
                assertThat(harness.extractOutputValues()).hasSize(valid.size());

                for (int i = 0; i < mutants.size(); i++) {
                    RawRecord mutant = mutants.get(i);
                    harness.processElement(mutant, NOW.toEpochMilli());
                    assertThat(eventTime.extractTimestamp(mutant, 0)).as("%s %s: event time", contract, kinds.get(i))
                            .satisfiesAnyOf(ts -> assertThat(ts).isEqualTo(Long.MIN_VALUE),
                                    ts -> assertThat(PLAUSIBLE.accepts(ts)).isTrue());
                }
                assertThat(harness.extractOutputValues()).as("%s: no mutant decodes", contract).hasSize(valid.size());
                List<DeadLetter> deadLetters = harness.getSideOutput(ContractDecoder.DEAD_LETTERS).stream()
                        .map(StreamRecord::getValue).toList();
                assertThat(deadLetters).hasSize(mutants.size());
                for (DeadLetter d : deadLetters) {
                    RawRecord source = mutants.get((int) d.offset());
                    String what = contract + " " + kinds.get((int) d.offset());
                    assertThat(d.reason()).as(what).isNotBlank();
                    assertThat(ContractCodec.shared().encode(d).length).as(what)
                            .isLessThanOrEqualTo(source.value().length + DeadLetter.MAX_OVERHEAD_BYTES);
                    assertThat(source.value()).as(what).startsWith(d.payloadBytes());
                }
            }
        }
        System.out.println("ContractFuzzTest: mutants per kind, all dead-lettered: " + counts);
    }

    @Test
    void garbageInTheSignalJobChangesNoMeasureAndCausesNoRestart() throws Exception {
        GreenwaveConfig config = GreenwaveConfig.defaults();
        Map<String, SignalLayout> layouts;
        try (InputStream in = ContractFuzzTest.class.getResourceAsStream("/demo/atspm/detectors.csv")) {
            layouts = SignalLayout.fromAtspmDetectorsCsv(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        List<String> events = demo("atspm/signal.events.jsonl.gz", 5_000);
        Random random = new Random(SEED);
        List<RawRecord> clean = new ArrayList<>();
        List<RawRecord> dirty = new ArrayList<>();
        Map<Mutation, Integer> counts = new TreeMap<>();
        for (String event : events) {
            RawRecord good = new RawRecord("signal.events", 0, dirty.size(), 0, null, event.getBytes(StandardCharsets.UTF_8));
            clean.add(good);
            dirty.add(new RawRecord("signal.events", 0, dirty.size(), 0, null, good.value()));
            if (random.nextInt(10) == 0) {
                Mutation kind = Mutation.values()[random.nextInt(Mutation.values().length)];
                counts.merge(kind, 1, Integer::sum);
                dirty.add(new RawRecord("signal.events", 0, dirty.size(), 0, null, kind.apply(event, random)));
            }
        }
        Run withoutGarbage = run(config, layouts, clean);
        Run withGarbage = run(config, layouts, dirty);

        assertThat(withoutGarbage.deadLetters()).isEmpty();
        assertThat(withoutGarbage.measures()).isNotEmpty();
        assertThat(withGarbage.measures()).containsExactlyInAnyOrderElementsOf(withoutGarbage.measures());
        int garbage = dirty.size() - clean.size();
        assertThat(withGarbage.deadLetters()).hasSize(garbage).allSatisfy(d -> assertThat(d.reason()).isNotBlank());
        System.out.println("ContractFuzzTest: signal job over " + clean.size() + " demo events with " + garbage
                + " garbage records, all dead-lettered, measures unchanged: " + counts);
    }

    private record Run(List<SignalMeasure> measures, List<DeadLetter> deadLetters) {
    }

    /** The production signal topology on a MiniCluster that must not restart: a failure fails the test. */
    private static Run run(GreenwaveConfig config, Map<String, SignalLayout> layouts, List<RawRecord> raw)
            throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(1);
        var source = env.fromData(TypeInformation.of(RawRecord.class), raw.toArray(RawRecord[]::new))
                .assignTimestampsAndWatermarks(SignalMeasuresJob.watermarks(config));
        SignalMeasuresJob.Outputs outputs = new SignalMeasuresJob(config, layouts).build(source);
        List<SignalMeasure> measures = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (CloseableIterator<SignalMeasure> m = outputs.measures().collectAsync();
             CloseableIterator<DeadLetter> d = outputs.deadLetters().collectAsync()) {
            env.execute("fuzz");
            m.forEachRemaining(measures::add);
            d.forEachRemaining(deadLetters::add);
        }
        return new Run(measures, deadLetters);
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Object> decoder(Contract contract) throws Exception {
        @SuppressWarnings("unchecked")
        var decoder = new ContractDecoder<>(contract, (Class<Object>) contract.javaType(), PLAUSIBLE);
        var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(decoder));
        harness.open();
        return harness;
    }

    private static List<String> demo(String resource, int limit) throws IOException {
        InputStream in = ContractFuzzTest.class.getResourceAsStream("/demo/" + resource);
        if (resource.endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).limit(limit).toList();
        }
    }

    /** Ways to break a valid record; each result is invalid under the contract. */
    enum Mutation {
        TRUNCATED {
            byte[] apply(String json, Random random) {
                return utf8(json.substring(0, 1 + random.nextInt(json.length() - 1)));
            }
        },
        TYPE_FLIP {
            byte[] apply(String json, Random random) {
                // ts as a string; in a record without ts, the first string field as a number.
                return utf8(json.contains("\"ts\"")
                        ? json.replaceFirst("\"ts\"\\s*:\\s*(\\d+)", "\"ts\": \"$1\"")
                        : json.replaceFirst("(\"\\w+\")\\s*:\\s*\"[^\"]*\"", "$1: 17"));
            }
        },
        FRACTIONAL_TS {
            byte[] apply(String json, Random random) {
                return utf8(withTs(json, "1715612400000.5"));
            }
        },
        HUGE_NUMBER {
            byte[] apply(String json, Random random) {
                return utf8(withField(json, "\"x\": 1" + "0".repeat(200)));
            }
        },
        OVERFLOWING_DOUBLE {
            byte[] apply(String json, Random random) {
                return utf8(withField(json, "\"x\": " + (random.nextBoolean() ? "1e400" : "-1e400")));
            }
        },
        NAN {
            byte[] apply(String json, Random random) {
                return utf8(withField(json, "\"x\": " + (random.nextBoolean() ? "NaN" : "Infinity")));
            }
        },
        DEEP_NESTING {
            byte[] apply(String json, Random random) {
                return utf8(withField(json, "\"x\": " + "[".repeat(400) + "]".repeat(400)));
            }
        },
        INVALID_UTF8 {
            byte[] apply(String json, Random random) {
                byte[] bytes = utf8(json);
                bytes[random.nextInt(bytes.length)] = (byte) (random.nextBoolean() ? 0xff : 0xc3);
                return bytes;
            }
        },
        RANDOM_BYTES {
            byte[] apply(String json, Random random) {
                byte[] bytes = new byte[1 + random.nextInt(512)];
                random.nextBytes(bytes);
                bytes[0] = '{'; // looks like an object, is not one
                return bytes;
            }
        },
        MEGABYTE {
            byte[] apply(String json, Random random) {
                // Escape-heavy: a dead letter that copied it whole would be six times the record.
                return utf8(withField(json, "\"x\": \"" + "\\u0001\\\"".repeat(1 << 17) + "\""));
            }
        },
        FAR_FUTURE_TS {
            byte[] apply(String json, Random random) {
                return utf8(withTs(json, Long.toString(NOW.plus(Duration.ofDays(3650)).toEpochMilli())));
            }
        },
        NEGATIVE_TS {
            byte[] apply(String json, Random random) {
                return utf8(withTs(json, "-1"));
            }
        },
        DUPLICATE_FIELD {
            byte[] apply(String json, Random random) {
                String first = json.substring(json.indexOf('"'), json.indexOf(','));
                return utf8(json.replaceFirst("\\{", "{" + first.replace("\\", "\\\\").replace("$", "\\$") + ", "));
            }
        };

        abstract byte[] apply(String json, Random random);

        private static String withField(String json, String field) {
            return json.replaceFirst("\\{", "{" + field.replace("\\", "\\\\").replace("$", "\\$") + ", ");
        }

        /** Replaces the ts; a record without one (zones, kitchens) gets an invalid required field instead. */
        private static String withTs(String json, String ts) {
            return json.contains("\"ts\"")
                    ? json.replaceFirst("\"ts\"\\s*:\\s*-?\\d+", "\"ts\": " + ts)
                    : withField(json, "\"capacity\": -1, \"kitchen_id\": null");
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
