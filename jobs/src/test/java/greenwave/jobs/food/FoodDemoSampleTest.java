package greenwave.jobs.food;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.CameraEvent;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.KitchenOperation;
import greenwave.schemas.SensorReading;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The demo's shipped food sample is what the generator makes ({@link FoodScenario#demo()}), at most ~1 MB. */
class FoodDemoSampleTest {
    static final ContractCodec CODEC = ContractCodec.shared();

    static InputStream resource(String name) {
        InputStream in = FoodDemoSampleTest.class.getClassLoader().getResourceAsStream("demo/food/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    static List<String> lines(String name) throws Exception {
        try (var r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(resource(name)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    @Test
    void theShippedSampleIsTheGeneratedDemoScenario() throws Exception {
        FoodScenario.Input expected = FoodScenario.demo();
        try (InputStream in = resource("kitchens.json")) {
            byte[] bytes = in.readAllBytes();
            assertThat(CODEC.decodeKitchens(bytes)).isEqualTo(expected.kitchens());
        }
        assertThat(lines("food.camera-events.jsonl.gz")).isEqualTo(expected.camera());
        assertThat(lines("food.sensor-readings.jsonl.gz")).isEqualTo(expected.readings());
        assertThat(lines("food.operations.jsonl.gz")).isEqualTo(expected.operations());
        long size = 0;
        for (String name : List.of(
                "food.camera-events.jsonl.gz",
                "food.sensor-readings.jsonl.gz",
                "food.operations.jsonl.gz",
                "kitchens.json")) {
            try (InputStream in = resource(name)) {
                size += in.readAllBytes().length;
            }
        }
        assertThat(size).isLessThan(1_000_000);
        // mostly valid, a few planted malformed records
        long bad = expected.readings().stream()
                        .filter(l -> !CODEC.decode(
                                        Contract.FOOD_SENSOR_READINGS,
                                        l.getBytes(StandardCharsets.UTF_8),
                                        SensorReading.class)
                                .ok())
                        .count()
                + expected.camera().stream()
                        .filter(l -> !CODEC.decode(
                                        Contract.FOOD_CAMERA_EVENTS,
                                        l.getBytes(StandardCharsets.UTF_8),
                                        CameraEvent.class)
                                .ok())
                        .count()
                + expected.operations().stream()
                        .filter(l -> !CODEC.decode(
                                        Contract.FOOD_OPERATIONS,
                                        l.getBytes(StandardCharsets.UTF_8),
                                        KitchenOperation.class)
                                .ok())
                        .count();
        assertThat(bad).isPositive().isLessThan(50);
    }
}
