package greenwave.jobs.food;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Kitchen;
import greenwave.schemas.SensorReading;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temperature limits per kitchen kind: a kind's own key, else {@code default}. */
class FoodSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void aKindsOwnLimitOverridesTheDefaultOthersKeepIt() throws Exception {
        Path file = tmp.resolve("user.yaml");
        Files.writeString(file, "food:\n  thresholds:\n    school_canteen:\n      fridge_max_c: 5.0\n");
        FoodSettings s = FoodSettings.of(GreenwaveConfig.load(file).food());

        assertThat(s.coldMax(Kitchen.SCHOOL_CANTEEN, SensorReading.FRIDGE)).isEqualTo(5.0);
        assertThat(s.coldMax(Kitchen.SCHOOL_CANTEEN, SensorReading.FREEZER)).isEqualTo(-12.0);
        assertThat(s.coldMax(Kitchen.RESTAURANT, SensorReading.FRIDGE)).isEqualTo(8.0);
        assertThat(s.coldMax(null, SensorReading.SAMPLE_FRIDGE)).isEqualTo(8.0);
        assertThat(s.coldMax(null, SensorReading.HOT_HOLDING)).isNaN();
        assertThat(s.limit("unknown_kind", "hot_holding_min_c")).isEqualTo(60.0);

        FoodEvent school = FoodEvent.of(
                "food.sensor-readings",
                Kitchen.SCHOOL_CANTEEN,
                new SensorReading("sc-1", "fr-1", SensorReading.FRIDGE, 0L, 6.0));
        FoodEvent restaurant = FoodEvent.of(
                "food.sensor-readings",
                Kitchen.RESTAURANT,
                new SensorReading("r-1", "fr-1", SensorReading.FRIDGE, 0L, 6.0));
        assertThat(FoodRules.outOfRange(s, FoodRules.COLD_CHAIN, school)).isTrue();
        assertThat(FoodRules.outOfRange(s, FoodRules.COLD_CHAIN, restaurant)).isFalse();
        assertThat(FoodRules.outOfRange(s, FoodRules.HOT_HOLDING, school)).isFalse();
    }
}
