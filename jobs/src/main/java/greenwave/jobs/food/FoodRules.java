package greenwave.jobs.food;

import greenwave.schemas.CameraEvent;
import greenwave.schemas.KitchenOperation;
import greenwave.schemas.SensorReading;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The food-safety rules of spec measures.md §4 as Flink CEP patterns (event time, keyed), and how each match becomes
 * a violation. Every window is the rule's bound plus 1 ms: CEP treats an event at exactly start + window as outside
 * it, the spec's bounds are inclusive (an in-range reading exactly 15 minutes after an excursion's start still
 * ends it; a gap of exactly 15 minutes is no gap).
 *
 * <table>
 *   <caption>Rules, patterns, windows, severities</caption>
 *   <tr><th>rule</th><th>key</th><th>CEP pattern</th><th>window</th><th>violation</th><th>severity</th></tr>
 *   <tr><td>{@value #COLD_CHAIN}</td><td>sensor</td>
 *       <td>{@code begin(out: fridge/sample_fridge > 8.0, freezer > -12.0).followedBy(back: in range)}</td>
 *       <td>15 min ({@code cold_chain_grace_s})</td>
 *       <td>timed-out partial match ({@code TimedOutPartialMatchHandler}): opens at start + 15 min; the episode
 *       function closes it at the first in-range reading and keeps one episode per excursion</td>
 *       <td>warning; critical at start + 60 min while out, or at the first reading > 15 °C after opening</td></tr>
 *   <tr><td>{@value #HOT_HOLDING}</td><td>sensor</td>
 *       <td>{@code begin(out: hot_holding < 60.0).followedBy(back: >= 60.0)}</td><td>2 h</td>
 *       <td>as cold chain: timeout opens, first reading >= 60 closes</td><td>warning</td></tr>
 *   <tr><td>{@value #HYGIENE}</td><td>kitchen</td>
 *       <td>{@code begin(d: no_mask|no_hat|no_uniform|bare_hands, confidence >= 0.6).times(3)} (relaxed)</td>
 *       <td>10 min, inclusive</td>
 *       <td>match opens at its third detection unless the kitchen's burst is already open; later detections at
 *       most 10 min after the previous join it (episode function)</td><td>warning</td></tr>
 *   <tr><td>{@value #HAZARD}</td><td>kitchen</td>
 *       <td>{@code begin(h: rodent|smoking|unattended_fire, confidence >= 0.6)}</td><td>— (single event)</td>
 *       <td>opens at the detection; same type within 5 min of the violation's first detection joins it</td>
 *       <td>critical</td></tr>
 *   <tr><td>{@value #SAMPLE_RETENTION}</td><td>kitchen (school canteens)</td>
 *       <td>{@code begin(meal: meal_served).followedBy(sample: sample_retained, grams >= 125)}</td>
 *       <td>30 min, [meal, meal + 30 min]</td><td>timed-out partial match: opens at meal + 30 min</td>
 *       <td>warning</td></tr>
 *   <tr><td>{@value #DISINFECTION}</td><td>kitchen (school canteens)</td>
 *       <td>{@code begin(run: disinfection_done, minutes >= 30).followedByAny(meal: meal_served)}</td>
 *       <td>3 h, [meal − 3 h, meal]</td>
 *       <td>a match covers its meal; a meal that no match covers opens a violation at the meal (episode function,
 *       at the meal's time, once every event up to it is known)</td><td>warning</td></tr>
 *   <tr><td>{@value #EXPIRED_INGREDIENT}</td><td>kitchen + trace code</td>
 *       <td>{@code begin(receipt: ingredient_received).followedByAny(use: ingredient_used)}</td>
 *       <td>{@code receipt_retention_days}</td>
 *       <td>per use, the latest matched receipt; its expiry_ts before the use's ts: one violation per use</td>
 *       <td>critical</td></tr>
 *   <tr><td>{@value #TRACEABILITY_GAP}</td><td>kitchen + trace code</td><td>the same pattern</td>
 *       <td>{@code receipt_retention_days}</td>
 *       <td>a use no receipt of the same kitchen matched: one violation per use</td><td>warning</td></tr>
 *   <tr><td>{@value #SENSOR_OFFLINE}</td><td>sensor</td><td>{@code begin(last: any).followedBy(next: any)}</td>
 *       <td>15 min</td><td>timed-out partial match: opens at last + 15 min, the next reading closes it</td>
 *       <td>info</td></tr>
 * </table>
 */
public final class FoodRules {
    public static final String COLD_CHAIN = "cold_chain";
    public static final String HOT_HOLDING = "hot_holding";
    public static final String HYGIENE = "hygiene";
    public static final String HAZARD = "hazard";
    public static final String SAMPLE_RETENTION = "sample_retention";
    public static final String DISINFECTION = "disinfection";
    public static final String EXPIRED_INGREDIENT = "expired_ingredient";
    public static final String TRACEABILITY_GAP = "traceability_gap";
    public static final String SENSOR_OFFLINE = "sensor_offline";

    public static final Set<String> HYGIENE_TYPES =
            Set.of(CameraEvent.NO_MASK, CameraEvent.NO_HAT, CameraEvent.NO_UNIFORM, CameraEvent.BARE_HANDS);
    public static final Set<String> HAZARD_TYPES =
            Set.of(CameraEvent.RODENT, CameraEvent.SMOKING, CameraEvent.UNATTENDED_FIRE);

    private FoodRules() {}

    /** Rules with a duration: an open, severity-change and close record each. */
    public static boolean hasDuration(String rule) {
        return COLD_CHAIN.equals(rule) || HOT_HOLDING.equals(rule) || SENSOR_OFFLINE.equals(rule);
    }

    private static Duration inclusive(long ms) {
        return Duration.ofMillis(ms + 1);
    }

    // ---- conditions ----

    /** Out of range for its rule (cold chain or hot holding); false for readings the rule does not cover. */
    public static boolean outOfRange(FoodSettings s, String rule, FoodEvent e) {
        SensorReading r = e.reading();
        if (r == null) {
            return false;
        }
        if (HOT_HOLDING.equals(rule)) {
            return SensorReading.HOT_HOLDING.equals(r.kind())
                    && r.celsius() < s.limit(e.kitchenKind(), "hot_holding_min_c");
        }
        double max = s.coldMax(e.kitchenKind(), r.kind());
        return !Double.isNaN(max) && r.celsius() > max;
    }

    /** In range for its rule (equal to the limit is in range). */
    public static boolean inRange(FoodSettings s, String rule, FoodEvent e) {
        SensorReading r = e.reading();
        if (r == null) {
            return false;
        }
        if (HOT_HOLDING.equals(rule)) {
            return SensorReading.HOT_HOLDING.equals(r.kind())
                    && r.celsius() >= s.limit(e.kitchenKind(), "hot_holding_min_c");
        }
        double max = s.coldMax(e.kitchenKind(), r.kind());
        return !Double.isNaN(max) && r.celsius() <= max;
    }

    public static boolean qualifies(FoodSettings s, FoodEvent e, Set<String> types) {
        return e.camera() != null
                && types.contains(e.camera().type())
                && e.camera().confidence() >= s.food().minConfidence();
    }

    public static boolean schoolMeal(FoodEvent e) {
        return e.isSchool() && e.isOperation(KitchenOperation.MEAL_SERVED);
    }

    // ---- patterns ----

    /** Cold chain / hot holding: an out-of-range reading not followed by an in-range one within the grace time. */
    public static Pattern<FoodEvent, FoodEvent> excursion(FoodSettings s, String rule) {
        return Pattern.<FoodEvent>begin("out")
                .where(SimpleCondition.of(e -> outOfRange(s, rule, e)))
                .followedBy("back")
                .where(SimpleCondition.of(e -> inRange(s, rule, e)))
                .within(inclusive(s.graceMs(rule)));
    }

    /** Sensor offline: a reading not followed by the next one within the gap. */
    public static Pattern<FoodEvent, FoodEvent> offline(FoodSettings s) {
        return Pattern.<FoodEvent>begin("last")
                .where(SimpleCondition.of(e -> e.reading() != null))
                .followedBy("next")
                .where(SimpleCondition.of(e -> e.reading() != null))
                .within(inclusive(s.offlineGapMs()));
    }

    /** Hygiene: {@code hygiene_count} qualifying detections of a kitchen within the window. */
    public static Pattern<FoodEvent, FoodEvent> hygiene(FoodSettings s) {
        return Pattern.<FoodEvent>begin("detections")
                .where(SimpleCondition.of(e -> qualifies(s, e, HYGIENE_TYPES)))
                .times(s.food().hygieneCount())
                .within(inclusive(s.hygieneWindowMs()));
    }

    /** Hazard: one qualifying detection. */
    public static Pattern<FoodEvent, FoodEvent> hazard(FoodSettings s) {
        return Pattern.<FoodEvent>begin("hazard").where(SimpleCondition.of(e -> qualifies(s, e, HAZARD_TYPES)));
    }

    /** Sample retention: a school canteen's meal not followed by a big enough sample within the window. */
    public static Pattern<FoodEvent, FoodEvent> sample(FoodSettings s) {
        double grams = s.food().sampleMinGrams();
        return Pattern.<FoodEvent>begin("meal")
                .where(SimpleCondition.of(FoodRules::schoolMeal))
                .followedBy("sample")
                .where(SimpleCondition.of(e -> e.isOperation(KitchenOperation.SAMPLE_RETAINED)
                        && e.operation().grams() != null
                        && e.operation().grams() >= grams))
                .within(inclusive(s.sampleWindowMs()));
    }

    /** Disinfection: a long enough run followed by the school canteen's meals within the look-back. */
    public static Pattern<FoodEvent, FoodEvent> disinfection(FoodSettings s) {
        double minutes = s.food().disinfectionMinMinutes();
        return Pattern.<FoodEvent>begin("run")
                .where(SimpleCondition.of(e -> e.isSchool()
                        && e.isOperation(KitchenOperation.DISINFECTION_DONE)
                        && e.operation().minutes() != null
                        && e.operation().minutes() >= minutes))
                .followedByAny("meal")
                .where(SimpleCondition.of(FoodRules::schoolMeal))
                .within(inclusive(s.disinfectionLookbackMs()));
    }

    /** Expiry and traceability: every receipt of a kitchen's trace code followed by its uses. */
    public static Pattern<FoodEvent, FoodEvent> receiptThenUse(FoodSettings s) {
        return Pattern.<FoodEvent>begin("receipt")
                .where(SimpleCondition.of(e -> e.isOperation(KitchenOperation.INGREDIENT_RECEIVED)))
                .followedByAny("use")
                .where(SimpleCondition.of(e -> e.isOperation(KitchenOperation.INGREDIENT_USED)))
                .within(Duration.ofMillis(s.receiptRetentionMs()));
    }
}
