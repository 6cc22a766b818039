package greenwave.jobs.food;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.io.Collected;
import greenwave.schemas.Alert;
import greenwave.schemas.CameraEvent;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.Kitchen;
import greenwave.schemas.KitchenOperation;
import greenwave.schemas.SensorReading;
import greenwave.testing.FlinkMiniCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The food job's whole topology on a MiniCluster (parallelism 2), from raw records: each rule of spec measures.md §4
 * fires on its planted case and stays silent on its near miss; episodes, dedup, disorder, dead letters.
 */
class FoodJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.withSlots(2);

    static final long T0 = 1715587200000L; // 2024-05-13T08:00:00Z
    static final long MIN = 60_000L;
    static final ContractCodec CODEC = ContractCodec.shared();
    static final List<Kitchen> KITCHENS = List.of(
            new Kitchen("sc-1", "School 1", Kitchen.SCHOOL_CANTEEN, "Wuhou"),
            new Kitchen("sc-2", "School 2", Kitchen.SCHOOL_CANTEEN, "Wuhou"),
            new Kitchen("sc-3", "School 3", Kitchen.SCHOOL_CANTEEN, "Jinjiang"),
            new Kitchen("r-1", "Restaurant 1", Kitchen.RESTAURANT, "Jinjiang"));

    record Run(List<FoodViolation> violations, List<Alert> alerts, List<DeadLetter> deadLetters, List<LateEvent> late) {
        List<FoodViolation> of(String rule) {
            return violations.stream()
                    .filter(v -> v.rule().equals(rule))
                    .sorted(Comparator.comparing(FoodViolation::violationId).thenComparingLong(FoodViolation::ts))
                    .toList();
        }
    }

    static final class Input {
        final List<String> camera = new ArrayList<>();
        final List<String> readings = new ArrayList<>();
        final List<String> operations = new ArrayList<>();

        /** Every topic's records in time order (stable), as a well-behaved producer delivers them. */
        Input sorted() {
            for (List<String> lines : List.of(camera, readings, operations)) {
                lines.sort(Comparator.comparingLong(FoodJobTest::tsOf));
            }
            return this;
        }

        Input cam(String kitchen, long ts, String type, double confidence) {
            camera.add(
                    CODEC.toJson(new CameraEvent(kitchen, "cam-1", ts, type, confidence, "s3://snap/" + ts + ".jpg")));
            return this;
        }

        Input reading(String kitchen, String device, String kind, long ts, double celsius) {
            readings.add(CODEC.toJson(new SensorReading(kitchen, device, kind, ts, celsius)));
            return this;
        }

        /** A reading every minute from {@code from} (inclusive) to {@code to} (exclusive). */
        Input readings(String kitchen, String device, String kind, long from, long to, double celsius) {
            for (long t = from; t < to; t += MIN) {
                reading(kitchen, device, kind, t, celsius);
            }
            return this;
        }

        Input op(KitchenOperation op) {
            operations.add(CODEC.toJson(op));
            return this;
        }
    }

    static KitchenOperation meal(String kitchen, long ts) {
        return new KitchenOperation(
                kitchen, ts, KitchenOperation.MEAL_SERVED, "lunch", null, null, null, null, null, null, null);
    }

    static KitchenOperation sample(String kitchen, long ts, double grams) {
        return new KitchenOperation(
                kitchen,
                ts,
                KitchenOperation.SAMPLE_RETAINED,
                "lunch",
                "mapo tofu",
                grams,
                null,
                null,
                null,
                null,
                null);
    }

    static KitchenOperation disinfection(String kitchen, long ts, double minutes) {
        return new KitchenOperation(
                kitchen, ts, KitchenOperation.DISINFECTION_DONE, null, null, null, minutes, null, null, null, null);
    }

    static KitchenOperation received(String kitchen, long ts, String trace, long expiry) {
        return new KitchenOperation(
                kitchen,
                ts,
                KitchenOperation.INGREDIENT_RECEIVED,
                null,
                null,
                null,
                null,
                "pork",
                "supplier-1",
                trace,
                expiry);
    }

    static KitchenOperation used(String kitchen, long ts, String trace) {
        return new KitchenOperation(
                kitchen, ts, KitchenOperation.INGREDIENT_USED, null, null, null, null, "pork", null, trace, null);
    }

    static long tsOf(String json) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"ts\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0L;
    }

    static RawRecord raw(String topic, long offset, String json) {
        return new RawRecord(topic, 0, offset, 0L, null, json.getBytes(StandardCharsets.UTF_8));
    }

    static DataStream<RawRecord> source(
            StreamExecutionEnvironment env, GreenwaveConfig config, String topic, List<String> lines) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            records.add(raw(topic, i, lines.get(i)));
        }
        if (records.isEmpty()) {
            return null;
        }
        return env.fromData(records, TypeInformation.of(RawRecord.class)).assignTimestampsAndWatermarks(eager(config));
    }

    /**
     * The job's event time ({@link FoodJob#watermarks}: ts, the configured lateness), with a watermark after every
     * record instead of periodically, so a test's disorder is judged exactly as the records come (the worst case).
     */
    static WatermarkStrategy<RawRecord> eager(GreenwaveConfig config) {
        WatermarkStrategy<RawRecord> base = FoodJob.watermarks(config);
        Duration lag = Duration.ofSeconds(config.food().maxOutOfOrdernessS());
        return new WatermarkStrategy<>() {
            @Override
            public WatermarkGenerator<RawRecord> createWatermarkGenerator(WatermarkGeneratorSupplier.Context ctx) {
                return new BoundedOutOfOrdernessWatermarks<>(lag) {
                    @Override
                    public void onEvent(RawRecord event, long ts, WatermarkOutput output) {
                        super.onEvent(event, ts, output);
                        onPeriodicEmit(output);
                    }
                };
            }

            @Override
            public TimestampAssigner<RawRecord> createTimestampAssigner(TimestampAssignerSupplier.Context ctx) {
                return base.createTimestampAssigner(ctx);
            }
        };
    }

    static Run run(Input in) throws Exception {
        return run(in, 2);
    }

    static Run run(Input in, int parallelism) throws Exception {
        return run(in, parallelism, KITCHENS);
    }

    static Run run(Input in, int parallelism, List<Kitchen> kitchens) throws Exception {
        GreenwaveConfig config = GreenwaveConfig.defaults();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        FoodJob.Outputs out = new FoodJob(config, kitchens)
                .build(
                        source(env, config, "food.camera-events", in.camera),
                        source(env, config, "food.sensor-readings", in.readings),
                        source(env, config, "food.operations", in.operations));
        var violations = Collected.of(out.violations());
        var alerts = Collected.of(out.alerts());
        var dead = Collected.of(out.deadLetters());
        var late = Collected.of(out.lateEvents());
        ExecutorService pool = Collected.pool(4);
        env.executeAsync("food job test");
        for (var c : List.of(violations, alerts, dead, late)) {
            c.startDraining(pool);
        }
        Run run = new Run(violations.get(), alerts.get(), dead.get(), late.get());
        pool.shutdown();
        return run;
    }

    @Test
    void coldChainOpensAfter15MinutesAndClosesAtTheFirstInRangeReadingNearMissesStaySilent() throws Exception {
        Input in = new Input()
                // planted: 9.0 °C from 08:00 to 08:20, back to 5.0 at 08:21
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0, T0 + 21 * MIN, 9.0)
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0 + 21 * MIN, T0 + 40 * MIN, 5.0)
                // near miss: out of range for 14 minutes, however hot
                .readings("r-1", "fr-2", SensorReading.FRIDGE, T0, T0 + 14 * MIN, 30.0)
                .readings("r-1", "fr-2", SensorReading.FRIDGE, T0 + 14 * MIN, T0 + 40 * MIN, 4.0)
                // near miss: exactly at the limits is in range
                .readings("r-1", "fr-3", SensorReading.FRIDGE, T0, T0 + 40 * MIN, 8.0)
                .readings("r-1", "fz-1", SensorReading.FREEZER, T0, T0 + 40 * MIN, -12.0)
                // planted freezer: -11.5 for 16 minutes
                .readings("r-1", "fz-2", SensorReading.FREEZER, T0, T0 + 16 * MIN, -11.5)
                .readings("r-1", "fz-2", SensorReading.FREEZER, T0 + 16 * MIN, T0 + 40 * MIN, -18.0);

        Run run = run(in.sorted());

        assertThat(run.of(FoodRules.COLD_CHAIN))
                .extracting(FoodViolation::deviceId, FoodViolation::record, FoodViolation::ts, FoodViolation::severity)
                .containsExactly(
                        tuple("fr-1", FoodViolation.OPEN, T0 + 15 * MIN, Alert.WARNING),
                        tuple("fr-1", FoodViolation.CLOSE, T0 + 21 * MIN, Alert.WARNING),
                        tuple("fz-2", FoodViolation.OPEN, T0 + 15 * MIN, Alert.WARNING),
                        tuple("fz-2", FoodViolation.CLOSE, T0 + 16 * MIN, Alert.WARNING));
        assertThat(run.of(FoodRules.COLD_CHAIN).get(0).violationId())
                .isEqualTo("food-cold_chain-r-1-fr-1-" + (T0 + 15 * MIN));
        assertThat(run.of(FoodRules.COLD_CHAIN).get(0).evidence())
                .contains("\"celsius\":9.0")
                .contains("\"ts\":" + T0);
        assertThat(run.violations()).allSatisfy(v -> assertThat(v.rule()).isEqualTo(FoodRules.COLD_CHAIN));
        assertThat(run.alerts()).hasSize(4).allSatisfy(a -> {
            assertThat(a.domain()).isEqualTo(Alert.FOOD);
            assertThat(a.subjectId()).isEqualTo("r-1");
        });
        assertThat(run.alerts()).filteredOn(a -> a.closedAt() != null).hasSize(2);
    }

    @Test
    void coldChainTurnsCriticalAt60MinutesOrAtTheFirstReadingAbove15AfterOpening() throws Exception {
        Input in = new Input()
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0, T0 + 70 * MIN, 10.0)
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0 + 70 * MIN, T0 + 80 * MIN, 6.0)
                // 16 °C before opening does not count; at 08:25 (after opening at 08:15) it does
                .reading("r-1", "fr-2", SensorReading.FRIDGE, T0, 10.0)
                .reading("r-1", "fr-2", SensorReading.FRIDGE, T0 + 5 * MIN, 16.0)
                .readings("r-1", "fr-2", SensorReading.FRIDGE, T0 + 6 * MIN, T0 + 25 * MIN, 10.0)
                .reading("r-1", "fr-2", SensorReading.FRIDGE, T0 + 25 * MIN, 16.0)
                .readings("r-1", "fr-2", SensorReading.FRIDGE, T0 + 26 * MIN, T0 + 30 * MIN, 10.0)
                .readings("r-1", "fr-2", SensorReading.FRIDGE, T0 + 30 * MIN, T0 + 80 * MIN, 2.0);

        Run run = run(in.sorted());

        assertThat(run.of(FoodRules.COLD_CHAIN))
                .extracting(FoodViolation::deviceId, FoodViolation::record, FoodViolation::ts, FoodViolation::severity)
                .containsExactlyInAnyOrder(
                        tuple("fr-1", FoodViolation.OPEN, T0 + 15 * MIN, Alert.WARNING),
                        tuple("fr-1", FoodViolation.SEVERITY, T0 + 60 * MIN, Alert.CRITICAL),
                        tuple("fr-1", FoodViolation.CLOSE, T0 + 70 * MIN, Alert.CRITICAL),
                        tuple("fr-2", FoodViolation.OPEN, T0 + 15 * MIN, Alert.WARNING),
                        tuple("fr-2", FoodViolation.SEVERITY, T0 + 25 * MIN, Alert.CRITICAL),
                        tuple("fr-2", FoodViolation.CLOSE, T0 + 30 * MIN, Alert.CRITICAL));
        // one violation per excursion: one id each
        assertThat(run.of(FoodRules.COLD_CHAIN))
                .extracting(FoodViolation::violationId)
                .containsOnly(
                        "food-cold_chain-r-1-fr-1-" + (T0 + 15 * MIN), "food-cold_chain-r-1-fr-2-" + (T0 + 15 * MIN));
    }

    @Test
    void hotHoldingBelow60ForTwoHoursIsAViolationSixtyIsInRange() throws Exception {
        Input in = new Input()
                .readings("r-1", "hh-1", SensorReading.HOT_HOLDING, T0, T0 + 130 * MIN, 55.0)
                .readings("r-1", "hh-1", SensorReading.HOT_HOLDING, T0 + 130 * MIN, T0 + 140 * MIN, 65.0)
                .readings("r-1", "hh-2", SensorReading.HOT_HOLDING, T0, T0 + 140 * MIN, 60.0)
                .readings("r-1", "hh-3", SensorReading.HOT_HOLDING, T0, T0 + 119 * MIN, 40.0)
                .readings("r-1", "hh-3", SensorReading.HOT_HOLDING, T0 + 119 * MIN, T0 + 140 * MIN, 60.0);

        Run run = run(in.sorted());

        assertThat(run.violations())
                .extracting(
                        FoodViolation::rule,
                        FoodViolation::deviceId,
                        FoodViolation::record,
                        FoodViolation::ts,
                        FoodViolation::severity)
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.HOT_HOLDING, "hh-1", FoodViolation.OPEN, T0 + 120 * MIN, Alert.WARNING),
                        tuple(FoodRules.HOT_HOLDING, "hh-1", FoodViolation.CLOSE, T0 + 130 * MIN, Alert.WARNING));
    }

    @Test
    void aSensorSilentForMoreThan15MinutesIsOfflineUntilItsNextReadingExactly15IsNot() throws Exception {
        Input in = new Input()
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0, T0 + 11 * MIN, 4.0)
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0 + 30 * MIN, T0 + 60 * MIN, 4.0)
                .readings("r-1", "fr-2", SensorReading.FRIDGE, T0, T0 + 11 * MIN, 4.0)
                .readings("r-1", "fr-2", SensorReading.FRIDGE, T0 + 25 * MIN, T0 + 60 * MIN, 4.0);

        Run run = run(in.sorted());

        assertThat(run.violations())
                .extracting(
                        FoodViolation::rule,
                        FoodViolation::deviceId,
                        FoodViolation::record,
                        FoodViolation::ts,
                        FoodViolation::severity)
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.SENSOR_OFFLINE, "fr-1", FoodViolation.OPEN, T0 + 25 * MIN, Alert.INFO),
                        tuple(FoodRules.SENSOR_OFFLINE, "fr-1", FoodViolation.CLOSE, T0 + 30 * MIN, Alert.INFO));
        // nothing opens after the data's end (the last readings at 08:59 are not followed by an offline violation)
    }

    @Test
    void aSensorThatNeverReportsAgainClosesItsOpenEpisodesAfterTheSilentTimeWithNoEvidence() throws Exception {
        long silent = GreenwaveConfig.defaults().food().silentSensorCloseS() * 1000L;
        Input in = new Input()
                // 9.0 °C from 08:00 to 08:19, then never again: cold chain opens at 08:15, offline at 08:34
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0, T0 + 20 * MIN, 9.0);
        // another sensor moves event time on past the silent time (every 10 minutes: never offline)
        for (long t = T0; t < T0 + silent + 120 * MIN; t += 10 * MIN) {
            in.reading("r-1", "fr-2", SensorReading.FRIDGE, t, 4.0);
        }

        Run run = run(in.sorted());

        long closed = T0 + 34 * MIN + silent; // the later opening (offline, 08:34) + the silent time
        assertThat(run.violations())
                .extracting(
                        FoodViolation::rule,
                        FoodViolation::deviceId,
                        FoodViolation::record,
                        FoodViolation::ts,
                        FoodViolation::evidence)
                .filteredOn(v -> FoodViolation.CLOSE.equals(v.toList().get(2)))
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.COLD_CHAIN, "fr-1", FoodViolation.CLOSE, closed, FoodViolation.NO_EVIDENCE),
                        tuple(
                                FoodRules.SENSOR_OFFLINE,
                                "fr-1",
                                FoodViolation.CLOSE,
                                closed,
                                FoodViolation.NO_EVIDENCE));
        assertThat(run.violations())
                .filteredOn(v -> v.record().equals(FoodViolation.OPEN))
                .extracting(FoodViolation::rule, FoodViolation::ts)
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.COLD_CHAIN, T0 + 15 * MIN), tuple(FoodRules.SENSOR_OFFLINE, T0 + 34 * MIN));
        assertThat(run.alerts())
                .filteredOn(a -> a.closedAt() != null)
                .hasSize(2)
                .allSatisfy(a -> {
                    assertThat(a.closedAt()).isEqualTo(closed);
                    assertThat(a.details()).containsEntry("reason", FoodViolation.SENSOR_SILENT);
                });
    }

    @Test
    void hygieneOpensAtTheThirdDetectionIn10MinutesLaterOnesJoinAndAGapRestartsCounting() throws Exception {
        Input in = new Input()
                .cam("r-1", T0, CameraEvent.NO_MASK, 0.9)
                .cam("r-1", T0 + 4 * MIN, CameraEvent.NO_HAT, 0.7)
                .cam("r-1", T0 + 10 * MIN, CameraEvent.BARE_HANDS, 0.6) // 3 within 10 minutes, inclusive: opens
                .cam("r-1", T0 + 15 * MIN, CameraEvent.NO_UNIFORM, 0.8) // joins
                .cam("r-1", T0 + 24 * MIN, CameraEvent.NO_MASK, 0.8) // joins (9 minutes after the previous)
                .cam("r-1", T0 + 33 * MIN, CameraEvent.NO_MASK, 0.8) // joins
                .cam("r-1", T0 + 50 * MIN, CameraEvent.NO_MASK, 0.8) // 17-minute gap: counting restarts
                .cam("r-1", T0 + 51 * MIN, CameraEvent.NO_MASK, 0.8)
                .cam("r-1", T0 + 52 * MIN, CameraEvent.NO_MASK, 0.8) // opens again
                .cam("sc-1", T0, CameraEvent.NO_MASK, 0.9) // two detections in 10 minutes: silent
                .cam("sc-1", T0 + 9 * MIN, CameraEvent.NO_MASK, 0.9)
                .cam("sc-1", T0 + 5 * MIN, CameraEvent.PHONE, 0.9) // not a hygiene type
                .cam("sc-2", T0, CameraEvent.NO_MASK, 0.9) // the third at confidence 0.59: silent
                .cam("sc-2", T0 + MIN, CameraEvent.NO_MASK, 0.9)
                .cam("sc-2", T0 + 2 * MIN, CameraEvent.NO_MASK, 0.59)
                .cam("sc-3", T0, CameraEvent.NO_MASK, 0.9) // third at 10 min + 1 s: silent
                .cam("sc-3", T0 + 5 * MIN, CameraEvent.NO_MASK, 0.9)
                .cam("sc-3", T0 + 10 * MIN + 1000, CameraEvent.NO_MASK, 0.9);

        Run run = run(in.sorted());

        assertThat(run.violations())
                .extracting(
                        FoodViolation::rule,
                        FoodViolation::kitchenId,
                        FoodViolation::record,
                        FoodViolation::ts,
                        FoodViolation::severity)
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.HYGIENE, "r-1", FoodViolation.EVENT, T0 + 10 * MIN, Alert.WARNING),
                        tuple(FoodRules.HYGIENE, "r-1", FoodViolation.EVENT, T0 + 52 * MIN, Alert.WARNING));
        assertThat(run.of(FoodRules.HYGIENE).get(0).evidence()).contains("s3://snap/" + T0 + ".jpg");
        assertThat(run.alerts()).allSatisfy(a -> assertThat(a.closedAt()).isNull());
    }

    @Test
    void hazardsOpenAtTheDetectionAndSameTypeWithin5MinutesJoins() throws Exception {
        Input in = new Input()
                .cam("r-1", T0, CameraEvent.RODENT, 0.95)
                .cam("r-1", T0 + 3 * MIN, CameraEvent.RODENT, 0.95) // joins
                .cam("r-1", T0 + 5 * MIN, CameraEvent.RODENT, 0.95) // joins (5 minutes, inclusive)
                .cam("r-1", T0 + 6 * MIN, CameraEvent.RODENT, 0.95) // 6 minutes after the first: new
                .cam("r-1", T0 + MIN, CameraEvent.SMOKING, 0.8) // another type: new
                .cam("sc-1", T0, CameraEvent.UNATTENDED_FIRE, 0.59); // below confidence: silent

        Run run = run(in.sorted());

        assertThat(run.violations())
                .extracting(FoodViolation::rule, FoodViolation::violationId, FoodViolation::severity)
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.HAZARD, "food-hazard-r-1-rodent-" + T0, Alert.CRITICAL),
                        tuple(FoodRules.HAZARD, "food-hazard-r-1-rodent-" + (T0 + 6 * MIN), Alert.CRITICAL),
                        tuple(FoodRules.HAZARD, "food-hazard-r-1-smoking-" + (T0 + MIN), Alert.CRITICAL));
    }

    @Test
    void schoolCanteensNeedASampleOf125GramsWithin30MinutesAndA30MinuteDisinfectionWithin3Hours() throws Exception {
        Input in = new Input()
                // sc-1: disinfection 3 h before (inclusive), sample of 130 g exactly 30 minutes after: silent
                .op(disinfection("sc-1", T0 - 180 * MIN, 30))
                .op(meal("sc-1", T0))
                .op(sample("sc-1", T0 + 30 * MIN, 130))
                // sc-2: a 120 g sample, a 29-minute disinfection: both rules
                .op(disinfection("sc-2", T0 - 60 * MIN, 29))
                .op(meal("sc-2", T0))
                .op(sample("sc-2", T0 + 10 * MIN, 120))
                // sc-3: disinfection ending at the meal, sample at the meal: silent
                .op(sample("sc-3", T0, 200))
                .op(meal("sc-3", T0))
                .op(disinfection("sc-3", T0, 45))
                // a restaurant: neither rule applies
                .op(meal("r-1", T0))
                // sc-1 again: a disinfection 3 h + 1 min before the meal does not count
                .op(meal("sc-1", T0 + 181 * MIN))
                .op(sample("sc-1", T0 + 182 * MIN, 150))
                .op(received("r-1", T0 + 240 * MIN, "clock", T0 + 10_000 * MIN)); // moves time on

        Run run = run(in.sorted());

        assertThat(run.violations())
                .extracting(FoodViolation::rule, FoodViolation::kitchenId, FoodViolation::ts, FoodViolation::severity)
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.SAMPLE_RETENTION, "sc-2", T0 + 30 * MIN, Alert.WARNING),
                        tuple(FoodRules.DISINFECTION, "sc-2", T0, Alert.WARNING),
                        tuple(FoodRules.DISINFECTION, "sc-1", T0 + 181 * MIN, Alert.WARNING));
    }

    @Test
    void expiredIngredientsAndTraceabilityGapsOnePerUse() throws Exception {
        Input in = new Input()
                .op(received("r-1", T0 - 1440 * MIN, "A", T0 + 1440 * MIN))
                .op(used("r-1", T0, "A")) // fine
                .op(received("r-1", T0 - 1440 * MIN, "B", T0 - 60 * MIN))
                .op(used("r-1", T0, "B")) // expired
                .op(used("r-1", T0 + 5 * MIN, "B")) // expired again: one per use
                .op(received("r-1", T0 + 10 * MIN, "B", T0 + 1440 * MIN))
                .op(used("r-1", T0 + 20 * MIN, "B")) // latest receipt fine
                .op(received("sc-1", T0 - 60 * MIN, "C", T0 + 1440 * MIN))
                .op(used("sc-2", T0, "C")) // another kitchen's receipt
                .op(used("sc-1", T0, "C")) // fine
                .op(received("r-1", T0, "D", T0 + 1440 * MIN))
                .op(used("r-1", T0, "D")); // same instant: received first

        Run run = run(in.sorted());

        assertThat(run.violations())
                .extracting(FoodViolation::rule, FoodViolation::kitchenId, FoodViolation::ts, FoodViolation::severity)
                .containsExactlyInAnyOrder(
                        tuple(FoodRules.EXPIRED_INGREDIENT, "r-1", T0, Alert.CRITICAL),
                        tuple(FoodRules.EXPIRED_INGREDIENT, "r-1", T0 + 5 * MIN, Alert.CRITICAL),
                        tuple(FoodRules.TRACEABILITY_GAP, "sc-2", T0, Alert.WARNING));
    }

    @Test
    void outOfOrderWithinAMinuteAndDuplicatesGiveTheSameResultMalformedGoToTheDlq() throws Exception {
        Input ordered = new Input()
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0, T0 + 21 * MIN, 9.0)
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0 + 21 * MIN, T0 + 40 * MIN, 5.0)
                .cam("r-1", T0, CameraEvent.NO_MASK, 0.9)
                .cam("r-1", T0 + MIN, CameraEvent.NO_MASK, 0.9)
                .cam("r-1", T0 + 2 * MIN, CameraEvent.NO_MASK, 0.9);
        Run expected = run(ordered.sorted());

        Input disorderly = new Input();
        // readings: swap neighbours (one minute apart), every one delivered twice
        List<String> r = new ArrayList<>(ordered.readings);
        for (int i = 0; i + 1 < r.size(); i += 2) {
            String a = r.get(i);
            r.set(i, r.get(i + 1));
            r.set(i + 1, a);
        }
        for (String line : r) {
            disorderly.readings.add(line);
            disorderly.readings.add(line);
        }
        disorderly.readings.add(3, "not json");
        disorderly.readings.add(
                5, "{\"kitchen_id\":\"r-1\",\"device_id\":\"x\",\"kind\":\"oven\",\"ts\":" + T0 + ",\"celsius\":1.0}");
        disorderly.camera.addAll(
                List.of(ordered.camera.get(1), ordered.camera.get(0), ordered.camera.get(0), ordered.camera.get(2)));
        disorderly.camera.add("{\"kitchen_id\":\"r-1\",\"camera_id\":\"c\",\"ts\":" + T0
                + ",\"type\":\"no_mask\",\"confidence\":1.5}");
        Run run = run(disorderly);

        assertThat(expected.violations()).hasSize(3);
        assertThat(run.violations()).containsExactlyInAnyOrderElementsOf(expected.violations());
        assertThat(run.deadLetters()).hasSize(3);
        assertThat(run.deadLetters())
                .extracting(DeadLetter::sourceTopic)
                .containsExactlyInAnyOrder("food.sensor-readings", "food.sensor-readings", "food.camera-events");
        assertThat(run.late()).isEmpty();
    }

    @Test
    void readingsLaterThanTheAllowedMinuteGoToLateEventsAndCountForNothing() throws Exception {
        Input in = new Input()
                .readings("r-1", "fr-1", SensorReading.FRIDGE, T0, T0 + 40 * MIN, 4.0)
                .reading("r-1", "fr-9", SensorReading.FRIDGE, T0 + 5 * MIN, 20.0) // 34 minutes late
                .reading("r-1", "fr-1", SensorReading.FRIDGE, T0 + 38 * MIN + 30_000, 4.0); // 30 s late: counts

        // parallelism 1: the watermark reaches the check exactly as the source emitted it
        Run run = run(in, 1);

        assertThat(run.late()).singleElement().satisfies(l -> {
            assertThat(l.sourceTopic()).isEqualTo("food.sensor-readings");
            assertThat(l.key()).isEqualTo("r-1");
            assertThat(l.ts()).isEqualTo(T0 + 5 * MIN);
        });
        assertThat(run.violations()).isEmpty();
    }
}
