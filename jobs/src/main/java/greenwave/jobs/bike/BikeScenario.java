package greenwave.jobs.bike;

import greenwave.schemas.BikeEvent;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;
import greenwave.schemas.ContractCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A synthetic shared-bike morning in a district like Chengdu's Gaoxin: fenced parking zones on a ~200 m grid, a third
 * of them at offices and metro exits, the rest residential; a fleet of three operators parked at home zones (some
 * outside any fence); a commute peak around 08:00 local time (UTC+8) moving most bikes to office zones, where
 * capacities are tight enough that some overflow; operator staff clearing some overflowing zones after the peak (so
 * those alarms close, the others escalate); periodic {@code locate}s; blacklisted bikes that keep being ridden and
 * reparked. Delivery is as producers do it: up to a minute out of order, some records twice, a few malformed.
 * Deterministic for a seed.
 *
 * <p>Writes {@code zones.json}, {@code bike.blacklist.jsonl} and {@code bike.events.jsonl.gz} ({@link #write}), the
 * layout {@code ./greenwave replay --input DIR} reads.
 */
public final class BikeScenario {
    public static final List<String> OPERATORS = List.of("hellobike", "meituan", "qingju");
    private static final double[] OPERATOR_SHARE = {0.45, 0.35, 0.20};
    private static final double LAT0 = 30.540;
    private static final double LON0 = 104.050;
    private static final double SPACING_DEG = 0.002;
    private static final double ZONE_SIDE_DEG = 0.0003;
    private static final long MIN = 60_000L;

    /**
     * @param zones          parking zones
     * @param bikes          fleet size
     * @param start          first event, epoch ms (the fleet's initial parks)
     * @param hours          length of the scenario
     * @param peakAt         the commute peak (mean departure), epoch ms
     * @param locateMinutes  a parked bike reports its position this often
     * @param blacklistShare share of the fleet blacklisted
     * @param seed           random seed
     */
    public record Options(
            int zones,
            int bikes,
            long start,
            int hours,
            long peakAt,
            int locateMinutes,
            double blacklistShare,
            long seed) {
        /** The demo's sample: 150 zones, 4,000 bikes, 06:30–10:30 local time (2024-05-13 22:30 – 02:30 UTC). */
        public static Options demo() {
            long start = 1_715_639_400_000L; // 2024-05-13T22:30Z = 06:30 in Chengdu
            return new Options(150, 4_000, start, 4, start + 70 * MIN, 30, 0.01, 7);
        }

        /** A city-scale run for benchmarks: {@code zones} zones, {@code bikes} bikes, the demo's morning. */
        public static Options scaled(int zones, int bikes, int hours) {
            Options d = demo();
            return new Options(zones, bikes, d.start(), hours, d.peakAt(), d.locateMinutes(), d.blacklistShare(), 11);
        }
    }

    /**
     * A generated scenario.
     *
     * @param zones      the zones (capacities set so that some office zones overflow at the peak)
     * @param blacklist  blacklist records (some lifted)
     * @param eventLines {@code bike.events} records in delivery order, as JSON lines (malformed ones included)
     * @param events     valid distinct events
     * @param duplicates redelivered copies among the lines
     * @param malformed  malformed lines
     */
    public record Scenario(
            List<BikeZone> zones,
            List<BlacklistEntry> blacklist,
            List<String> eventLines,
            int events,
            int duplicates,
            int malformed) {}

    private BikeScenario() {}

    private record Spot(String zoneId, double lat, double lon) {}

    public static Scenario generate(Options o) {
        Random rnd = new Random(o.seed());
        int cols = (int) Math.ceil(Math.sqrt(o.zones()));
        List<double[]> corners = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Integer> offices = new ArrayList<>();
        List<Integer> homes = new ArrayList<>();
        for (int i = 0; i < o.zones(); i++) {
            int r = i / cols;
            int c = i % cols;
            corners.add(new double[] {LAT0 + r * SPACING_DEG, LON0 + c * SPACING_DEG});
            ids.add(String.format("gx-%04d", i + 1));
            ((r + c) % 3 == 0 ? offices : homes).add(i);
        }

        // the fleet: operator, home and work zone, blacklisting
        String[] bikeIds = new String[o.bikes()];
        String[] operators = new String[o.bikes()];
        int[] home = new int[o.bikes()];
        int[] work = new int[o.bikes()];
        int[] arrivals = new int[o.zones()];
        int[] residents = new int[o.zones()];
        for (int b = 0; b < o.bikes(); b++) {
            operators[b] = pickOperator(rnd);
            bikeIds[b] = operators[b].substring(0, 2) + "-" + (100_000 + b);
            home[b] = homes.get(rnd.nextInt(homes.size()));
            work[b] = offices.get(rnd.nextInt(offices.size()));
            residents[home[b]]++;
        }
        List<BlacklistEntry> blacklist = new ArrayList<>();
        for (int b = 0; b < o.bikes(); b++) {
            if (rnd.nextDouble() < o.blacklistShare()) {
                long since = o.start() - (1 + rnd.nextInt(20)) * 24 * 60 * MIN;
                blacklist.add(new BlacklistEntry(
                        bikeIds[b], operators[b], rnd.nextBoolean() ? "over quota" : "reported broken", since, true));
                if (rnd.nextDouble() < 0.2) { // some are repaired and lifted before the morning
                    blacklist.add(
                            new BlacklistEntry(bikeIds[b], operators[b], "repaired", since + 12 * 60 * MIN, false));
                }
            }
        }

        List<BikeEvent> events = new ArrayList<>();
        long end = o.start() + o.hours() * 60 * MIN;
        // where each bike is parked from when: [ts, spot] segments, to emit locates later
        Map<Integer, List<Object[]>> parked = new HashMap<>();
        boolean[] commutes = new boolean[o.bikes()];
        long[] arrive = new long[o.bikes()];
        Spot[] dest = new Spot[o.bikes()];
        for (int b = 0; b < o.bikes(); b++) {
            Spot start = spot(rnd, home[b], ids, corners, 0.08);
            long t0 = o.start() + rnd.nextInt(10 * 60_000);
            events.add(new BikeEvent(bikeIds[b], operators[b], t0, BikeEvent.PARK, start.lat(), start.lon()));
            parked.computeIfAbsent(b, k -> new ArrayList<>()).add(new Object[] {t0, start});
            commutes[b] = rnd.nextDouble() < 0.7;
            if (commutes[b]) {
                long leave = o.peakAt() + Math.round(rnd.nextGaussian() * 20 * MIN);
                leave = Math.max(t0 + 5 * MIN, Math.min(end - 40 * MIN, leave));
                arrive[b] = leave + (8 + rnd.nextInt(18)) * MIN + rnd.nextInt(60_000);
                events.add(new BikeEvent(bikeIds[b], operators[b], leave, BikeEvent.UNPARK, null, null));
                dest[b] = spot(rnd, work[b], ids, corners, 0.15);
                if (dest[b].zoneId() != null) {
                    arrivals[work[b]]++;
                }
                parked.get(b).add(new Object[] {leave, null});
                parked.get(b).add(new Object[] {arrive[b], dest[b]});
            }
        }
        // office capacities: tight enough that about a quarter overflow at the peak
        int[] capacity = new int[o.zones()];
        for (int z = 0; z < o.zones(); z++) {
            double base = offices.contains(z) ? arrivals[z] : residents[z];
            double factor = offices.contains(z) ? 0.6 + rnd.nextDouble() * 0.8 : 1.2 + rnd.nextDouble() * 0.5;
            capacity[z] = Math.max(5, (int) Math.round(base * factor));
        }
        for (int b = 0; b < o.bikes(); b++) {
            if (commutes[b]) {
                events.add(new BikeEvent(
                        bikeIds[b], operators[b], arrive[b], BikeEvent.PARK, dest[b].lat(), dest[b].lon()));
            }
        }
        // staff clear some overflowing office zones after the peak: bikes loaded on a truck, unloaded at home zones
        Map<Integer, List<Integer>> atOffice = new HashMap<>();
        for (int b = 0; b < o.bikes(); b++) {
            if (commutes[b] && dest[b].zoneId() != null) {
                atOffice.computeIfAbsent(work[b], k -> new ArrayList<>()).add(b);
            }
        }
        for (Map.Entry<Integer, List<Integer>> zone : atOffice.entrySet()) {
            int z = zone.getKey();
            List<Integer> here = zone.getValue();
            if (here.size() <= capacity[z] * 1.2 || rnd.nextDouble() < 0.4) {
                continue; // no overflow, or left alone: its alarm escalates
            }
            long truck = Math.min(end - 20 * MIN, o.peakAt() + (45 + rnd.nextInt(45)) * MIN);
            int remove = here.size() - capacity[z] + 2;
            for (int k = 0; k < remove && k < here.size(); k++) {
                int b = here.get(k);
                if (arrive[b] >= truck) {
                    continue;
                }
                events.add(new BikeEvent(bikeIds[b], operators[b], truck + k * 1000L, BikeEvent.UNPARK, null, null));
                Spot drop = spot(rnd, homes.get(rnd.nextInt(homes.size())), ids, corners, 0.0);
                long unload = truck + 15 * MIN + k * 1000L;
                events.add(new BikeEvent(bikeIds[b], operators[b], unload, BikeEvent.PARK, drop.lat(), drop.lon()));
                parked.get(b).add(new Object[] {truck + k * 1000L, null});
                parked.get(b).add(new Object[] {unload, drop});
            }
        }
        // periodic locates of parked bikes, at a phase of their own
        for (int b = 0; b < o.bikes(); b++) {
            List<Object[]> segments = parked.get(b);
            segments.sort(Comparator.comparingLong(s -> (Long) s[0]));
            long period = o.locateMinutes() * MIN;
            long phase = rnd.nextInt((int) period);
            for (int s = 0; s < segments.size(); s++) {
                Spot at = (Spot) segments.get(s)[1];
                if (at == null) {
                    continue;
                }
                long from = (Long) segments.get(s)[0];
                long to = s + 1 < segments.size() ? (Long) segments.get(s + 1)[0] : end;
                for (long t = from + phase % period + 1000; t < to; t += period) {
                    if (t > from) {
                        events.add(new BikeEvent(bikeIds[b], operators[b], t, BikeEvent.LOCATE, at.lat(), at.lon()));
                    }
                }
            }
        }

        // delivery: up to a minute late, 0.5 % twice, a few malformed records
        events.sort(Comparator.comparingLong(BikeEvent::ts).thenComparing(BikeEvent::bikeId));
        ContractCodec codec = ContractCodec.shared();
        List<Object[]> delivery = new ArrayList<>(); // [delivery time, line]
        int duplicates = 0;
        for (BikeEvent e : events) {
            String line = codec.toJson(e);
            delivery.add(new Object[] {e.ts() + rnd.nextInt(60_000), line});
            if (rnd.nextDouble() < 0.005) {
                delivery.add(new Object[] {e.ts() + rnd.nextInt(90_000), line});
                duplicates++;
            }
        }
        List<String> malformed = List.of(
                "{\"bike_id\":\"hb-broken\",\"operator\":\"hellobike\",\"ts\":" + (o.start() + 600_000)
                        + ",\"type\":\"park\"}",
                "{\"bike_id\":\"mt-x\",\"operator\":\"meituan\",\"ts\":" + (o.start() + 900_000)
                        + ",\"type\":\"teleport\",\"lat\":30.55,\"lon\":104.06}",
                "{\"bike_id\":\"qj-y\",\"operator\":\"qingju\",\"ts\":\"" + (o.start() + 1_200_000)
                        + "\",\"type\":\"locate\",\"lat\":30.55,\"lon\":104.06}",
                "park hb-100001 30.55 104.06");
        for (int i = 0; i < malformed.size(); i++) {
            delivery.add(new Object[] {o.start() + (i + 1) * 20 * MIN, malformed.get(i)});
        }
        delivery.sort(Comparator.comparingLong(d -> (Long) d[0]));
        List<String> lines = delivery.stream().map(d -> (String) d[1]).toList();

        List<BikeZone> zones = new ArrayList<>();
        for (int z = 0; z < o.zones(); z++) {
            double[] c = corners.get(z);
            zones.add(new BikeZone(
                    ids.get(z),
                    (offices.contains(z) ? "Office " : "Residential ") + ids.get(z),
                    square(c[0], c[1]),
                    capacity[z],
                    z % 7 == 0 ? List.of("hellobike", "meituan") : null));
        }
        return new Scenario(zones, blacklist, lines, events.size(), duplicates, malformed.size());
    }

    private static String pickOperator(Random rnd) {
        double x = rnd.nextDouble();
        for (int i = 0; i < OPERATORS.size(); i++) {
            x -= OPERATOR_SHARE[i];
            if (x < 0) {
                return OPERATORS.get(i);
            }
        }
        return OPERATORS.get(0);
    }

    /**
     * A parking spot for zone {@code z}: inside its fence (its middle 60 %), or with probability
     * {@code disorderly} on the pavement 60–90 m beside it, outside every zone.
     */
    private static Spot spot(Random rnd, int z, List<String> ids, List<double[]> corners, double disorderly) {
        double[] c = corners.get(z);
        if (rnd.nextDouble() < disorderly) {
            double off = 0.0006 + rnd.nextDouble() * 0.0003;
            return new Spot(null, c[0] + rnd.nextDouble() * ZONE_SIDE_DEG, c[1] + ZONE_SIDE_DEG + off);
        }
        return new Spot(
                ids.get(z),
                c[0] + ZONE_SIDE_DEG * (0.2 + 0.6 * rnd.nextDouble()),
                c[1] + ZONE_SIDE_DEG * (0.2 + 0.6 * rnd.nextDouble()));
    }

    private static List<List<Double>> square(double lat, double lon) {
        double d = ZONE_SIDE_DEG;
        return List.of(
                List.of(round(lon), round(lat)),
                List.of(round(lon + d), round(lat)),
                List.of(round(lon + d), round(lat + d)),
                List.of(round(lon), round(lat + d)));
    }

    private static double round(double deg) {
        return Math.round(deg * 1e7) / 1e7;
    }

    /** Writes {@code zones.json}, {@code bike.blacklist.jsonl} and {@code bike.events.jsonl.gz} into {@code dir}. */
    public static void write(Scenario s, Path dir) throws IOException {
        Files.createDirectories(dir);
        ContractCodec codec = ContractCodec.shared();
        Map<String, Object> zones = new LinkedHashMap<>();
        zones.put("zones", s.zones());
        Files.writeString(dir.resolve("zones.json"), codec.toJson(zones) + "\n");
        try (Writer w = Files.newBufferedWriter(dir.resolve("bike.blacklist.jsonl"))) {
            for (BlacklistEntry e : s.blacklist()) {
                w.write(codec.toJson(e));
                w.write('\n');
            }
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("bike.events.jsonl.gz")))) {
            for (String line : s.eventLines()) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
    }
}
