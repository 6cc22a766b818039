package greenwave.jobs.food;

import greenwave.schemas.CameraEvent;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.Kitchen;
import greenwave.schemas.KitchenOperation;
import greenwave.schemas.SensorReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A generated kitchen-monitoring input for tests, the demo and the benchmark: {@code n} kitchens (every third a
 * school canteen), each with a fridge and a freezer (every third also a hot-holding cabinet) reporting every
 * minute, and planted cases of every rule next to their near misses, decided by the kitchen's number:
 * <ul>
 *   <li>{@code i % 10 == 1}: fridge at 10 °C for 25 min (cold chain); {@code == 2}: 12 °C for 10 min (near miss);
 *   {@code == 3}: 20 °C for 70 min (cold chain, critical); {@code == 4}: freezer silent for 25 min (offline);
 *   {@code == 5} with a hot-holding cabinet: 50 °C for 130 min (hot holding)</li>
 *   <li>{@code i % 7 == 1}: four no-mask / no-hat detections in 15 min (hygiene, one violation);
 *   {@code == 2}: two (near miss); {@code i % 11 == 3}: a rodent, seen twice (hazard, one violation)</li>
 *   <li>school canteens: lunch at minute 120 with a 40-minute disinfection ending at minute 60 and a 150 g sample,
 *   except {@code i % 9 == 0} (29-minute run: disinfection) and {@code i % 12 == 0} (120 g: sample retention)</li>
 *   <li>every kitchen receives and uses a batch; {@code i % 13 == 1} uses an expired one, {@code i % 17 == 2} one it
 *   never received (traceability gap)</li>
 * </ul>
 * Deliveries as producers make them: each topic in time order up to 30 s of disorder, about one record in 50
 * delivered twice, and a few malformed records. The same arguments give the same records.
 */
public final class FoodScenario {
    public static final long START = 1715587200000L; // 2024-05-13T08:00:00Z
    static final long MIN = 60_000L;

    /** The generated input: each topic's records (JSON lines, as delivered) and the kitchens. */
    public record Input(List<Kitchen> kitchens, List<String> camera, List<String> readings, List<String> operations) {
        public int events() {
            return camera.size() + readings.size() + operations.size();
        }
    }

    private record Line(long ts, String json) {}

    private FoodScenario() {}

    public static Input generate(int kitchens, int minutes, long seed) {
        return generate(kitchens, minutes, seed, true);
    }

    /** {@code messy}: duplicates, malformed records and disorder (false: clean, ordered input, for the benchmark). */
    public static Input generate(int kitchens, int minutes, long seed, boolean messy) {
        ContractCodec codec = ContractCodec.shared();
        Random random = new Random(seed);
        List<Kitchen> all = new ArrayList<>();
        List<Line> camera = new ArrayList<>();
        List<Line> readings = new ArrayList<>();
        List<Line> operations = new ArrayList<>();
        for (int i = 0; i < kitchens; i++) {
            String id = String.format("k-%04d", i);
            String kind =
                    i % 3 == 0 ? Kitchen.SCHOOL_CANTEEN : i % 3 == 1 ? Kitchen.RESTAURANT : Kitchen.CENTRAL_KITCHEN;
            all.add(new Kitchen(id, "Kitchen " + i, kind, "district-" + (i % 5)));
            boolean hot = i % 3 == 2 || i % 10 == 5;
            for (int m = 0; m < minutes; m++) {
                long t = START + m * MIN + (i % 60) * 1000L;
                double fridge = 3.5 + (m % 5) * 0.2;
                if (i % 10 == 1 && m >= 30 && m < 55) {
                    fridge = 10.0;
                } else if (i % 10 == 2 && m >= 30 && m < 40) {
                    fridge = 12.0;
                } else if (i % 10 == 3 && m >= 60 && m < 130) {
                    fridge = 20.0;
                }
                readings.add(reading(codec, id, "fr-1", SensorReading.FRIDGE, t, fridge));
                if (!(i % 10 == 4 && m > 100 && m < 125)) {
                    readings.add(reading(codec, id, "fz-1", SensorReading.FREEZER, t, -18.0 + (m % 3) * 0.5));
                }
                if (hot) {
                    double c = i % 10 == 5 && m >= 10 && m < 140 ? 50.0 : 65.0;
                    readings.add(reading(codec, id, "hh-1", SensorReading.HOT_HOLDING, t, c));
                }
            }
            if (i % 7 == 1) {
                int[] at = {40, 43, 47, 55};
                for (int k = 0; k < at.length; k++) {
                    camera.add(cam(
                            codec,
                            id,
                            START + at[k] * MIN,
                            k % 2 == 0 ? CameraEvent.NO_MASK : CameraEvent.NO_HAT,
                            0.8));
                }
            } else if (i % 7 == 2) {
                camera.add(cam(codec, id, START + 40 * MIN, CameraEvent.NO_MASK, 0.9));
                camera.add(cam(codec, id, START + 45 * MIN, CameraEvent.NO_MASK, 0.9));
            }
            if (i % 11 == 3) {
                camera.add(cam(codec, id, START + 80 * MIN, CameraEvent.RODENT, 0.9));
                camera.add(cam(codec, id, START + 82 * MIN, CameraEvent.RODENT, 0.85));
            }
            camera.add(cam(codec, id, START + (20 + i % 30) * MIN, CameraEvent.PHONE, 0.7)); // no rule
            if (Kitchen.SCHOOL_CANTEEN.equals(kind) && minutes > 160) {
                operations.add(op(
                        codec,
                        new KitchenOperation(
                                id,
                                START + 60 * MIN,
                                KitchenOperation.DISINFECTION_DONE,
                                null,
                                null,
                                null,
                                i % 9 == 0 ? 29.0 : 40.0,
                                null,
                                null,
                                null,
                                null)));
                operations.add(op(
                        codec,
                        new KitchenOperation(
                                id,
                                START + 120 * MIN,
                                KitchenOperation.MEAL_SERVED,
                                "lunch",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null)));
                operations.add(op(
                        codec,
                        new KitchenOperation(
                                id,
                                START + 125 * MIN,
                                KitchenOperation.SAMPLE_RETAINED,
                                "lunch",
                                "braised pork",
                                i % 12 == 0 ? 120.0 : 150.0,
                                null,
                                null,
                                null,
                                null,
                                null)));
            }
            String batch = "T-" + id + "-1";
            operations.add(op(
                    codec,
                    new KitchenOperation(
                            id,
                            START + 5 * MIN,
                            KitchenOperation.INGREDIENT_RECEIVED,
                            null,
                            null,
                            null,
                            null,
                            "pork",
                            "supplier-" + (i % 4),
                            batch,
                            START + 7 * 1440 * MIN)));
            operations.add(op(
                    codec,
                    new KitchenOperation(
                            id,
                            START + 110 * MIN,
                            KitchenOperation.INGREDIENT_USED,
                            null,
                            null,
                            null,
                            null,
                            "pork",
                            null,
                            batch,
                            null)));
            if (i % 13 == 1) {
                String old = "T-" + id + "-old";
                operations.add(op(
                        codec,
                        new KitchenOperation(
                                id,
                                START + 6 * MIN,
                                KitchenOperation.INGREDIENT_RECEIVED,
                                null,
                                null,
                                null,
                                null,
                                "milk",
                                "supplier-9",
                                old,
                                START - 60 * MIN)));
                operations.add(op(
                        codec,
                        new KitchenOperation(
                                id,
                                START + 111 * MIN,
                                KitchenOperation.INGREDIENT_USED,
                                null,
                                null,
                                null,
                                null,
                                "milk",
                                null,
                                old,
                                null)));
            }
            if (i % 17 == 2) {
                operations.add(op(
                        codec,
                        new KitchenOperation(
                                id,
                                START + 112 * MIN,
                                KitchenOperation.INGREDIENT_USED,
                                null,
                                null,
                                null,
                                null,
                                "beef",
                                null,
                                "T-unknown-" + id,
                                null)));
            }
        }
        return new Input(
                all,
                deliver(camera, random, messy),
                deliver(readings, random, messy),
                deliver(operations, random, messy));
    }

    private static Line reading(ContractCodec codec, String kitchen, String device, String kind, long t, double c) {
        return new Line(t, codec.toJson(new SensorReading(kitchen, device, kind, t, c)));
    }

    private static Line cam(ContractCodec codec, String kitchen, long t, String type, double confidence) {
        return new Line(
                t,
                codec.toJson(new CameraEvent(
                        kitchen,
                        "cam-" + (t / MIN % 3),
                        t,
                        type,
                        confidence,
                        "s3://greenwave-demo/snapshots/" + kitchen + "/" + t + ".jpg")));
    }

    private static Line op(ContractCodec codec, KitchenOperation op) {
        return new Line(op.ts(), codec.toJson(op));
    }

    /** Time order with up to 30 s of disorder, some duplicates and malformed records (messy), else time order. */
    private static List<String> deliver(List<Line> lines, Random random, boolean messy) {
        List<long[]> order = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            long jitter = messy ? random.nextInt(30_000) : 0;
            order.add(new long[] {lines.get(i).ts() + jitter, i});
        }
        order.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        List<String> out = new ArrayList<>(lines.size() + lines.size() / 40);
        for (long[] o : order) {
            String json = lines.get((int) o[1]).json();
            out.add(json);
            if (messy && random.nextInt(50) == 0) {
                out.add(json);
            }
            if (messy && random.nextInt(2000) == 0) {
                out.add(json.substring(0, json.length() / 2));
            }
        }
        return out;
    }

    /** The demo's sample: 60 kitchens, four hours (08:00-12:00 UTC on 2024-05-13). */
    public static Input demo() {
        return generate(60, 240, 2024);
    }

    /**
     * Writes {@code <topic>.jsonl.gz} per input topic (default topic names) and {@code kitchens.json} into
     * {@code dir}: an input for {@code ./greenwave replay}.
     */
    public static void write(Input input, Path dir) throws IOException {
        Files.createDirectories(dir);
        gz(dir.resolve("food.camera-events.jsonl.gz"), input.camera());
        gz(dir.resolve("food.sensor-readings.jsonl.gz"), input.readings());
        gz(dir.resolve("food.operations.jsonl.gz"), input.operations());
        Files.writeString(
                dir.resolve("kitchens.json"),
                ContractCodec.shared().toJson(input.kitchens()) + "\n",
                StandardCharsets.UTF_8);
    }

    private static void gz(Path file, List<String> lines) throws IOException {
        try (var out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
    }

    /** {@code FoodScenario DIR}: writes the demo sample ({@link #demo()}) into DIR. */
    public static void main(String[] args) throws IOException {
        write(demo(), Path.of(args[0]));
    }
}
