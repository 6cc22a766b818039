package greenwave.jobs.food;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.ContractDecoder;
import greenwave.jobs.common.DataEnd;
import greenwave.jobs.common.EventTime;
import greenwave.jobs.common.IcebergTable;
import greenwave.jobs.common.KafkaSinks;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.common.LatestEventTime;
import greenwave.jobs.common.OpsTables;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.common.TableSetup;
import greenwave.schemas.Alert;
import greenwave.schemas.CameraEvent;
import greenwave.schemas.Contract;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.Kitchen;
import greenwave.schemas.KitchenOperation;
import greenwave.schemas.SensorReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The food-safety job (spec measures.md §4): {@code food.camera-events}, {@code food.sensor-readings} and
 * {@code food.operations} in; violations ({@code food.violations}), alerts ({@code alerts}, {@code ops.alerts}),
 * dead letters and late events out. Sources and sinks are injected, so tests run the real topology.
 *
 * <pre>
 *  3 topics ─ decode (bad ─► dlq) ─ kitchen kind ─ keyBy kitchen ─ FoodDedup (late ─► ops.late_events) ─┐
 *    ┌──────────────────────────────────────────────────────────────────────────────────────────────┘
 *    ├ readings ─ keyBy sensor ─ CEP cold chain, hot holding, sensor offline (timeouts) ─┐
 *    ├ camera ─ keyBy kitchen ─ CEP hygiene (3 in 10 min), hazard ───────────────────────┤
 *    ├ meals, samples, runs ─ keyBy kitchen ─ CEP sample retention (timeout), disinfection ┼─ keyBy episode ─ FoodEpisodeFunction ─ violations, alerts
 *    ├ receipts, uses ─ keyBy kitchen + trace code ─ CEP receipt → use ─────────────────────┤
 *    └ raw readings, hygiene detections, meals, uses (to follow episodes) ───────────────────┘
 * </pre>
 * The rules, patterns, windows and severities: {@link FoodRules}.
 *
 * <p>Kitchen kinds (thresholds per kind; school-canteen-only rules) are looked up when the job is built, from the
 * kitchens reference data ({@code kitchens.json}): CEP conditions are plain functions of one event, so the kind must
 * be on the event before the patterns; a lookup at build time does that with no buffering and gives a replay the
 * same answer on every run. A kitchen that is not listed gets the default thresholds and no school-canteen rules. A
 * change of kitchens takes a restart (with state kept: uids are stable).
 */
public final class FoodJob {
    /** The data's end ({@link DataEnd}) of the food job's episode function, broadcast. */
    public static final MapStateDescriptor<String, Long> DATA_END = DataEnd.state("food-data-end");

    /** The job's outputs, before any sink. */
    public record Outputs(
            DataStream<FoodViolation> violations,
            DataStream<Alert> alerts,
            DataStream<DeadLetter> deadLetters,
            DataStream<LateEvent> lateEvents) {}

    private final GreenwaveConfig config;
    private final FoodSettings settings;
    private final Map<String, String> kinds;

    public FoodJob(GreenwaveConfig config, List<Kitchen> kitchens) {
        this.config = config;
        this.settings = FoodSettings.of(config.food());
        this.kinds = FoodSettings.kinds(kitchens);
    }

    /** Event time of the food topics: their {@code ts}, with the configured lateness. */
    public static WatermarkStrategy<RawRecord> watermarks(GreenwaveConfig config) {
        return EventTime.boundedOutOfOrderness(
                Duration.ofSeconds(config.food().maxOutOfOrdernessS()),
                Duration.ofSeconds(config.food().sourceIdlenessS()),
                config.input().plausibleTime());
    }

    /** Same-time order for CEP: see {@link FoodEvent#order()}. */
    static final class SameTimeOrder implements EventComparator<FoodEvent> {
        @Override
        public int compare(FoodEvent a, FoodEvent b) {
            return Integer.compare(a.order(), b.order());
        }
    }

    /** The topology; any of the raw inputs may be null (not read). Each must carry event time ({@link #watermarks}). */
    public Outputs build(
            DataStream<RawRecord> rawCamera, DataStream<RawRecord> rawReadings, DataStream<RawRecord> rawOperations) {
        GreenwaveConfig.Topics topics = config.topics();
        Map<String, String> kindOf = kinds;
        List<DataStream<FoodEvent>> inputs = new ArrayList<>();
        List<DataStream<DeadLetter>> dead = new ArrayList<>();
        if (rawCamera != null) {
            String topic = topics.foodCameraEvents();
            SingleOutputStreamOperator<CameraEvent> decoded = rawCamera
                    .process(new ContractDecoder<>(
                            Contract.FOOD_CAMERA_EVENTS,
                            CameraEvent.class,
                            config.input().plausibleTime()))
                    .returns(TypeInformation.of(CameraEvent.class))
                    .name("decode " + topic)
                    .uid("decode-food-camera");
            dead.add(decoded.getSideOutput(ContractDecoder.DEAD_LETTERS));
            inputs.add(decoded.map(e -> FoodEvent.of(topic, kindOf.get(e.kitchenId()), e))
                    .returns(TypeInformation.of(FoodEvent.class))
                    .name("camera event")
                    .uid("food-camera-event"));
        }
        if (rawReadings != null) {
            String topic = topics.foodSensorReadings();
            SingleOutputStreamOperator<SensorReading> decoded = rawReadings
                    .process(new ContractDecoder<>(
                            Contract.FOOD_SENSOR_READINGS,
                            SensorReading.class,
                            config.input().plausibleTime()))
                    .returns(TypeInformation.of(SensorReading.class))
                    .name("decode " + topic)
                    .uid("decode-food-readings");
            dead.add(decoded.getSideOutput(ContractDecoder.DEAD_LETTERS));
            inputs.add(decoded.map(e -> FoodEvent.of(topic, kindOf.get(e.kitchenId()), e))
                    .returns(TypeInformation.of(FoodEvent.class))
                    .name("sensor reading")
                    .uid("food-reading-event"));
        }
        if (rawOperations != null) {
            String topic = topics.foodOperations();
            SingleOutputStreamOperator<KitchenOperation> decoded = rawOperations
                    .process(new ContractDecoder<>(
                            Contract.FOOD_OPERATIONS,
                            KitchenOperation.class,
                            config.input().plausibleTime()))
                    .returns(TypeInformation.of(KitchenOperation.class))
                    .name("decode " + topic)
                    .uid("decode-food-operations");
            dead.add(decoded.getSideOutput(ContractDecoder.DEAD_LETTERS));
            inputs.add(decoded.map(e -> FoodEvent.of(topic, kindOf.get(e.kitchenId()), e))
                    .returns(TypeInformation.of(FoodEvent.class))
                    .name("kitchen operation")
                    .uid("food-operation-event"));
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("the food job needs at least one food topic");
        }
        DataStream<FoodEvent> all = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            all = all.union(inputs.get(i));
        }
        DataStream<DeadLetter> deadLetters = dead.get(0);
        for (int i = 1; i < dead.size(); i++) {
            deadLetters = deadLetters.union(dead.get(i));
        }

        SingleOutputStreamOperator<FoodEvent> events = all.keyBy(FoodEvent::kitchenId)
                .process(new FoodDedup())
                .returns(TypeInformation.of(FoodEvent.class))
                .name("dedup, late events")
                .uid("food-dedup");

        FoodSettings s = settings;
        KeyedStream<FoodEvent, String> bySensor = events.filter(e -> e.reading() != null)
                .name("readings")
                .uid("food-readings")
                .keyBy(FoodEvent::sensorKey);
        KeyedStream<FoodEvent, String> byKitchenCamera = events.filter(e -> e.camera() != null)
                .name("camera events")
                .uid("food-camera-events")
                .keyBy(FoodEvent::kitchenId);
        KeyedStream<FoodEvent, String> byKitchenMeals = events.filter(e -> e.isSchool()
                        && (e.isOperation(KitchenOperation.MEAL_SERVED)
                                || e.isOperation(KitchenOperation.SAMPLE_RETAINED)
                                || e.isOperation(KitchenOperation.DISINFECTION_DONE)))
                .name("school meals, samples, disinfection")
                .uid("food-school-operations")
                .keyBy(FoodEvent::kitchenId);
        KeyedStream<FoodEvent, String> byTrace = events.filter(e -> e.isOperation(KitchenOperation.INGREDIENT_RECEIVED)
                        || e.isOperation(KitchenOperation.INGREDIENT_USED))
                .name("receipts and uses")
                .uid("food-ingredient-operations")
                .keyBy(FoodSignal::traceKey);

        List<DataStream<FoodSignal>> signals = new ArrayList<>();
        signals.add(timeouts(
                bySensor,
                FoodRules.excursion(s, FoodRules.COLD_CHAIN),
                FoodSignal.COLD_TIMEOUT,
                s.graceMs(FoodRules.COLD_CHAIN),
                FoodSignal::sensorKey,
                FoodRules.COLD_CHAIN));
        signals.add(timeouts(
                bySensor,
                FoodRules.excursion(s, FoodRules.HOT_HOLDING),
                FoodSignal.HOT_TIMEOUT,
                s.graceMs(FoodRules.HOT_HOLDING),
                FoodSignal::sensorKey,
                FoodRules.HOT_HOLDING));
        signals.add(timeouts(
                bySensor,
                FoodRules.offline(s),
                FoodSignal.OFFLINE_TIMEOUT,
                s.offlineGapMs(),
                FoodSignal::sensorKey,
                FoodRules.SENSOR_OFFLINE));
        signals.add(timeouts(
                byKitchenMeals,
                FoodRules.sample(s),
                FoodSignal.SAMPLE_TIMEOUT,
                s.sampleWindowMs(),
                FoodSignal::mealKey,
                FoodRules.SAMPLE_RETENTION));
        signals.add(matches(
                byKitchenCamera,
                FoodRules.hygiene(s),
                FoodSignal.HYGIENE_MATCH,
                FoodSignal::kitchenKey,
                FoodRules.HYGIENE));
        signals.add(matches(
                byKitchenCamera,
                FoodRules.hazard(s),
                FoodSignal.HAZARD_MATCH,
                FoodSignal::kitchenKey,
                FoodRules.HAZARD));
        signals.add(matches(
                byKitchenMeals,
                FoodRules.disinfection(s),
                FoodSignal.MEAL_COVERED,
                FoodSignal::mealKey,
                FoodRules.DISINFECTION));
        signals.add(matches(
                byTrace, FoodRules.receiptThenUse(s), FoodSignal.RECEIPT_FOR_USE, FoodSignal::traceKey, "receipt-use"));
        signals.add(events.flatMap((FlatMapFunction<FoodEvent, FoodSignal>) (e, out) -> {
                    if (e.reading() != null) {
                        out.collect(FoodSignal.raw(FoodSignal.sensorKey(e), FoodSignal.READING, e));
                    } else if (FoodRules.qualifies(s, e, FoodRules.HYGIENE_TYPES)) {
                        out.collect(FoodSignal.raw(FoodSignal.kitchenKey(e), FoodSignal.HYGIENE_DETECTION, e));
                    } else if (FoodRules.schoolMeal(e)) {
                        out.collect(FoodSignal.raw(FoodSignal.mealKey(e), FoodSignal.MEAL, e));
                    } else if (e.isOperation(KitchenOperation.INGREDIENT_USED)) {
                        out.collect(FoodSignal.raw(FoodSignal.traceKey(e), FoodSignal.USE, e));
                    }
                })
                .returns(TypeInformation.of(FoodSignal.class))
                .name("events that follow episodes")
                .uid("food-raw-signals"));
        DataStream<FoodSignal> union = signals.get(0);
        for (int i = 1; i < signals.size(); i++) {
            union = union.union(signals.get(i));
        }
        DataStream<Long> latest = events.transform(
                        "latest event time",
                        org.apache.flink.api.common.typeinfo.Types.LONG,
                        new LatestEventTime<FoodEvent>(FoodEvent::ts))
                .uid("food-latest-event-time");
        SingleOutputStreamOperator<FoodViolation> violations = union.keyBy(FoodSignal::key)
                .connect(latest.broadcast(FoodJob.DATA_END))
                .process(new FoodEpisodeFunction(s))
                .returns(TypeInformation.of(FoodViolation.class))
                .name("food episodes")
                .uid("food-episodes");
        DataStream<Alert> alerts = violations
                .map(FoodViolation::toAlert)
                .returns(TypeInformation.of(Alert.class))
                .name("food alerts")
                .uid("food-alerts");
        return new Outputs(violations, alerts, deadLetters, events.getSideOutput(FoodDedup.LATE));
    }

    private static DataStream<FoodSignal> timeouts(
            KeyedStream<FoodEvent, String> in,
            Pattern<FoodEvent, ?> pattern,
            String tag,
            long afterMs,
            FoodMatchFunction.Key key,
            String rule) {
        SingleOutputStreamOperator<FoodSignal> cep = CEP.pattern(in, pattern, new SameTimeOrder())
                .process(new FoodMatchFunction(null, tag, afterMs, key), TypeInformation.of(FoodSignal.class))
                .name("cep " + rule)
                .uid("food-cep-" + rule);
        return cep.getSideOutput(FoodMatchFunction.TIMEOUTS);
    }

    private static DataStream<FoodSignal> matches(
            KeyedStream<FoodEvent, String> in,
            Pattern<FoodEvent, ?> pattern,
            String tag,
            FoodMatchFunction.Key key,
            String rule) {
        return CEP.pattern(in, pattern, new SameTimeOrder())
                .process(new FoodMatchFunction(tag, null, 0, key), TypeInformation.of(FoodSignal.class))
                .name("cep " + rule)
                .uid("food-cep-" + rule);
    }

    /** Every table the job writes. */
    public static List<IcebergTable<?>> tables() {
        List<IcebergTable<?>> all = new ArrayList<>(FoodTables.all());
        all.add(OpsTables.ALERTS);
        all.addAll(OpsTables.all());
        return all;
    }

    public static void ensureTables(Catalog catalog) {
        TableSetup.ensure(catalog, tables());
    }

    /** Production sinks: alerts and dead letters to Kafka (exactly once), everything to Iceberg. */
    public void sinkToKafkaAndIceberg(Outputs outputs, CatalogLoader catalog) {
        GreenwaveConfig.Topics topics = config.topics();
        KafkaSinks.exactlyOnce(
                outputs.alerts(),
                config,
                topics.alerts(),
                Contract.ALERTS,
                "food-alerts",
                "kafka " + topics.alerts() + " (food)",
                "kafka-food-alerts");
        KafkaSinks.exactlyOnce(
                outputs.deadLetters(),
                config,
                topics.dlq(),
                Contract.DLQ,
                "food-dlq",
                "kafka " + topics.dlq() + " (food)",
                "kafka-food-dlq");
        FoodTables.VIOLATIONS.append(outputs.violations(), catalog);
        OpsTables.ALERTS.append(outputs.alerts(), catalog, "food");
        OpsTables.DEAD_LETTERS.append(outputs.deadLetters(), catalog, "food");
        OpsTables.LATE_EVENTS.append(outputs.lateEvents(), catalog, "food");
    }

    /**
     * Adds the job to {@code env}: the three food topics from {@code startingOffsets}, kitchens from
     * {@code kitchens.json} (may be null or empty).
     */
    public static void add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            List<Kitchen> kitchens,
            CatalogLoader catalog,
            boolean bounded,
            OffsetsInitializer startingOffsets) {
        GreenwaveConfig.Topics topics = config.topics();
        var camera = env.fromSource(
                        KafkaSinks.rawSource(config, topics.foodCameraEvents(), bounded, startingOffsets),
                        watermarks(config),
                        "kafka " + topics.foodCameraEvents())
                .uid("kafka-food-camera-events");
        var readings = env.fromSource(
                        KafkaSinks.rawSource(config, topics.foodSensorReadings(), bounded, startingOffsets),
                        watermarks(config),
                        "kafka " + topics.foodSensorReadings())
                .uid("kafka-food-sensor-readings");
        var operations = env.fromSource(
                        KafkaSinks.rawSource(config, topics.foodOperations(), bounded, startingOffsets),
                        watermarks(config),
                        "kafka " + topics.foodOperations())
                .uid("kafka-food-operations");
        FoodJob job = new FoodJob(config, kitchens);
        job.sinkToKafkaAndIceberg(job.build(camera, readings, operations), catalog);
    }
}
