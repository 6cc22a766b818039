package greenwave.jobs.food;

import greenwave.schemas.KitchenOperation;
import java.util.List;

/**
 * What the episode function receives: a CEP match or timeout of one rule, or a raw event it needs to follow an
 * episode (a reading closes an excursion, a detection joins a burst, a meal or use must be judged).
 *
 * @param key    the episode key: {@code s:kitchen/device}, {@code k:kitchen}, {@code m:kitchen},
 *               {@code i:kitchen|trace_code}
 * @param tag    one of the constants below
 * @param ts     the time the signal takes effect (a timeout: start + grace), epoch ms
 * @param events the matched events (evidence), or the one raw event
 */
public record FoodSignal(String key, String tag, long ts, List<FoodEvent> events) {
    // raw events (processed before CEP results of the same instant)
    public static final String READING = "reading";
    public static final String HYGIENE_DETECTION = "hygiene_detection";
    public static final String MEAL = "meal";
    public static final String USE = "use";
    // CEP results
    public static final String COLD_TIMEOUT = "cold_timeout";
    public static final String HOT_TIMEOUT = "hot_timeout";
    public static final String OFFLINE_TIMEOUT = "offline_timeout";
    public static final String HYGIENE_MATCH = "hygiene_match";
    public static final String HAZARD_MATCH = "hazard_match";
    public static final String SAMPLE_TIMEOUT = "sample_timeout";
    public static final String MEAL_COVERED = "meal_covered";
    public static final String RECEIPT_FOR_USE = "receipt_for_use";

    public FoodEvent first() {
        return events.get(0);
    }

    public FoodEvent last() {
        return events.get(events.size() - 1);
    }

    /** Raw events come before CEP results at the same instant. */
    public int rank() {
        return switch (tag) {
            case READING, HYGIENE_DETECTION, MEAL, USE -> 0;
            default -> 1;
        };
    }

    public static String sensorKey(FoodEvent e) {
        return "s:" + e.sensorKey();
    }

    public static String kitchenKey(FoodEvent e) {
        return "k:" + e.kitchenId();
    }

    public static String mealKey(FoodEvent e) {
        return "m:" + e.kitchenId();
    }

    public static String traceKey(FoodEvent e) {
        KitchenOperation op = e.operation();
        return "i:" + e.kitchenId() + "|" + (op == null ? "" : op.traceCode());
    }

    public static FoodSignal raw(String key, String tag, FoodEvent e) {
        return new FoodSignal(key, tag, e.ts(), List.of(e));
    }
}
