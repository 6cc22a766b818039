package greenwave.jobs.food;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.StateCounts;
import greenwave.jobs.common.StateGrowth;
import greenwave.schemas.CameraEvent;
import greenwave.schemas.SensorReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State growth of the food job's own keyed operators (the dedup keyed by kitchen; the episode step keyed by sensor
 * and by kitchen) on the production functions and settings, but for the silent-sensor time, shortened to an hour so
 * that the open episodes of a million one-off sensors do not all have to fit in the test's heap at once:
 * {@link StateGrowth#IDS} one-off sensors each read once (out of range: a cold-chain excursion and an offline episode
 * open) and one-off kitchens each seen once by a camera (a hygiene burst and a hazard). After event time passes the
 * silent time and the windows, nothing is left. Prints the peak, what is left and the time taken.
 */
class FoodStateGrowthTest {
    static final long T0 = 1_715_587_200_000L;
    static final long MIN = 60_000L;

    @TempDir
    static Path dir;

    static FoodSettings settings() throws Exception {
        Path file = dir.resolve("silent-hour.yaml");
        Files.writeString(file, "food:\n  silent_sensor_close_s: 3600\n");
        return FoodSettings.of(GreenwaveConfig.load(file).food());
    }

    static FoodEvent reading(String kitchen, long ts) {
        return FoodEvent.of(
                "food.sensor-readings", null, new SensorReading(kitchen, "fr-1", SensorReading.FRIDGE, ts, 9.0));
    }

    static FoodEvent camera(String kitchen, long ts, String type) {
        return FoodEvent.of(
                "food.camera-events",
                null,
                new CameraEvent(kitchen, "cam-1", ts, type, 0.9, "s3://snap/" + ts + ".jpg"));
    }

    @Test
    void episodesOfOneOffSensorsAndKitchensAreForgotten() throws Exception {
        long start = System.nanoTime();
        FoodSettings s = settings();
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new FoodEpisodeFunction(s), FoodSignal::key, Types.STRING, FoodJob.DATA_END);
        long grace = s.graceMs(FoodRules.COLD_CHAIN);
        long peak = 0;
        long last = T0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            FoodEvent r = reading("k-" + i, t);
            String sensor = FoodSignal.sensorKey(r);
            h.processElement(FoodSignal.raw(sensor, FoodSignal.READING, r), t);
            h.processElement(new FoodSignal(sensor, FoodSignal.COLD_TIMEOUT, t + grace, List.of(r)), t);
            h.processElement(new FoodSignal(sensor, FoodSignal.OFFLINE_TIMEOUT, t + s.offlineGapMs(), List.of(r)), t);
            FoodEvent mask = camera("c-" + i, t, CameraEvent.NO_MASK);
            String kitchen = FoodSignal.kitchenKey(mask);
            h.processElement(FoodSignal.raw(kitchen, FoodSignal.HYGIENE_DETECTION, mask), t);
            h.processElement(new FoodSignal(kitchen, FoodSignal.HYGIENE_MATCH, t, List.of(mask, mask, mask)), t);
            h.processElement(
                    new FoodSignal(
                            kitchen, FoodSignal.HAZARD_MATCH, t, List.of(camera("c-" + i, t, CameraEvent.RODENT))),
                    t);
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                h.watermark(t);
                peak = Math.max(peak, StateCounts.keyedEntries(h));
                StateGrowth.dropOutputs(h);
            }
            last = t;
        }
        long end = last + s.silentSensorCloseMs() + s.criticalAfterMs() + MIN;
        for (long w = last; w < end; w += 10 * MIN) {
            h.watermark(w);
            StateGrowth.dropOutputs(h);
        }
        h.watermark(end);
        long after = StateCounts.keyedEntries(h);
        StateGrowth.print("food episodes, keyed by sensor and by kitchen", peak, after, 0, start);
        StateGrowth.assertBackTo(h, after, 0);
    }

    @Test
    void theDedupForgetsWhatTheWatermarkPassed() throws Exception {
        long start = System.nanoTime();
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new FoodDedup(), FoodEvent::kitchenId, Types.STRING);
        long peak = 0;
        long last = T0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            h.processElement(camera("c-" + i, t, CameraEvent.NO_MASK), t);
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                peak = Math.max(peak, h.numKeyedStateEntries());
                h.processWatermark(t);
                StateGrowth.dropOutputs(h);
            }
            last = t;
        }
        h.processWatermark(last);
        long after = h.numKeyedStateEntries();
        StateGrowth.print("food dedup, keyed by kitchen", peak, after, 0, start);
        StateGrowth.assertBackTo(h, after, 0);
    }
}
