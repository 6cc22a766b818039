package greenwave.jobs.food;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Kitchen;
import greenwave.schemas.SensorReading;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code food:} configuration in the units the job uses, with the temperature limits resolved per kitchen kind. */
public record FoodSettings(GreenwaveConfig.Food food) implements Serializable {

    public static FoodSettings of(GreenwaveConfig.Food food) {
        return new FoodSettings(food);
    }

    public long graceMs(String rule) {
        return 1000L * (FoodRules.HOT_HOLDING.equals(rule) ? food.hotHoldingGraceS() : food.coldChainGraceS());
    }

    public long criticalAfterMs() {
        return 1000L * food.coldChainCriticalAfterS();
    }

    public long hygieneWindowMs() {
        return 1000L * food.hygieneWindowS();
    }

    public long hazardJoinMs() {
        return 1000L * food.hazardJoinS();
    }

    public long sampleWindowMs() {
        return 1000L * food.sampleWindowS();
    }

    public long disinfectionLookbackMs() {
        return 1000L * food.disinfectionLookbackS();
    }

    public long offlineGapMs() {
        return 1000L * food.offlineGapS();
    }

    /** A sensor with an open episode and no reading for this long is no longer followed. */
    public long silentSensorCloseMs() {
        return 1000L * food.silentSensorCloseS();
    }

    public long receiptRetentionMs() {
        return 86_400_000L * food.receiptRetentionDays();
    }

    /** The limit of {@code key} for a kitchen of {@code kind} (null: unknown kind), falling back to {@code default}. */
    public double limit(String kind, String key) {
        Map<String, GreenwaveConfig.FoodThresholds> all = food.thresholds();
        Double v = kind == null ? null : pick(all.get(kind), key);
        if (v == null) {
            v = pick(all.get("default"), key);
        }
        if (v == null) {
            throw new IllegalArgumentException("food.thresholds.default." + key + " is not configured");
        }
        return v;
    }

    private static Double pick(GreenwaveConfig.FoodThresholds t, String key) {
        if (t == null) {
            return null;
        }
        return switch (key) {
            case "fridge_max_c" -> t.fridgeMaxC();
            case "sample_fridge_max_c" -> t.sampleFridgeMaxC();
            case "freezer_max_c" -> t.freezerMaxC();
            case "hot_holding_min_c" -> t.hotHoldingMinC();
            default -> throw new IllegalArgumentException("unknown threshold " + key);
        };
    }

    /** Cold-chain upper limit of a reading's sensor kind, or NaN when the kind has no cold-chain limit. */
    public double coldMax(String kitchenKind, String sensorKind) {
        return switch (sensorKind) {
            case SensorReading.FRIDGE -> limit(kitchenKind, "fridge_max_c");
            case SensorReading.SAMPLE_FRIDGE -> limit(kitchenKind, "sample_fridge_max_c");
            case SensorReading.FREEZER -> limit(kitchenKind, "freezer_max_c");
            default -> Double.NaN;
        };
    }

    /** Kitchen id → kind, from the kitchens reference data. */
    public static Map<String, String> kinds(List<Kitchen> kitchens) {
        Map<String, String> kinds = new HashMap<>();
        if (kitchens != null) {
            for (Kitchen k : kitchens) {
                kinds.put(k.kitchenId(), k.kind());
            }
        }
        return kinds;
    }
}
