package greenwave.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.PlausibleTime;
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
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Seeded garbage against the decoders the jobs use: every mutation of a valid record of every input topic becomes a
 * bounded dead letter with a reason, and never moves event time (a tombstone, only on event topics, too). Prints how
 * many records of each mutation kind went through. The jobs themselves: {@link JobFuzzTest}.
 */
class ContractFuzzTest {
    private static final long SEED = 20240513L;
    private static final Instant NOW = Mutation.NOW; // after every demo record
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
        TimestampAssigner<RawRecord> eventTime = EventTime.boundedOutOfOrderness(
                        Duration.ZERO, Duration.ofMinutes(1), PLAUSIBLE)
                .createTimestampAssigner(null);
        Random random = new Random(SEED);
        Map<Mutation, Integer> counts = new TreeMap<>();
        for (Map.Entry<Contract, List<String>> topic : samples().entrySet()) {
            Contract contract = topic.getKey();
            List<String> valid = topic.getValue();
            List<RawRecord> mutants = new ArrayList<>();
            List<Mutation> kinds = new ArrayList<>();
            List<Mutation> garbage =
                    Mutation.on(contract).stream().filter(Mutation::garbage).toList();
            for (int i = 0; i < MUTANTS_PER_TOPIC; i++) {
                Mutation kind = garbage.get(i % garbage.size());
                byte[] mutant = kind.apply(valid.get(random.nextInt(valid.size())), random);
                mutants.add(new RawRecord(contract.defaultName(), 0, i, NOW.toEpochMilli(), null, mutant));
                kinds.add(kind);
                counts.merge(kind, 1, Integer::sum);
            }
            try (var harness = decoder(contract)) {
                for (String record : valid) {
                    harness.processElement(
                            new RawRecord(
                                    contract.defaultName(), 0, -1, 0, null, record.getBytes(StandardCharsets.UTF_8)),
                            NOW.toEpochMilli());
                }
                assertThat(harness.getSideOutput(ContractDecoder.DEAD_LETTERS))
                        .as("%s valid samples", contract)
                        .isNull();
                assertThat(harness.extractOutputValues()).hasSize(valid.size());

                for (int i = 0; i < mutants.size(); i++) {
                    RawRecord mutant = mutants.get(i);
                    harness.processElement(mutant, NOW.toEpochMilli());
                    assertThat(eventTime.extractTimestamp(mutant, 0))
                            .as("%s %s: event time", contract, kinds.get(i))
                            .satisfiesAnyOf(
                                    ts -> assertThat(ts).isEqualTo(Long.MIN_VALUE),
                                    ts -> assertThat(PLAUSIBLE.accepts(ts)).isTrue());
                }
                assertThat(harness.extractOutputValues())
                        .as("%s: no mutant decodes", contract)
                        .hasSize(valid.size());
                List<DeadLetter> deadLetters = harness.getSideOutput(ContractDecoder.DEAD_LETTERS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
                assertThat(deadLetters).hasSize(mutants.size());
                for (DeadLetter d : deadLetters) {
                    RawRecord source = mutants.get((int) d.offset());
                    String what = contract + " " + kinds.get((int) d.offset());
                    assertThat(d.reason()).as(what).isNotBlank();
                    if (source.value() == null) {
                        assertThat(d.payload()).as(what).isNull();
                        continue;
                    }
                    assertThat(ContractCodec.shared().encode(d).length)
                            .as(what)
                            .isLessThanOrEqualTo(source.value().length + DeadLetter.MAX_OVERHEAD_BYTES);
                    assertThat(source.value()).as(what).startsWith(d.payloadBytes());
                }
            }
        }
        System.out.println("ContractFuzzTest: mutants per kind, all dead-lettered: " + counts);
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Object> decoder(Contract contract) throws Exception {
        @SuppressWarnings("unchecked")
        var decoder = new ContractDecoder<>(contract, (Class<Object>) contract.javaType(), PLAUSIBLE);
        var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(decoder));
        harness.open();
        return harness;
    }

    static List<String> demo(String resource, int limit) throws IOException {
        InputStream in = ContractFuzzTest.class.getResourceAsStream("/demo/" + resource);
        if (resource.endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).limit(limit).toList();
        }
    }
}
