package greenwave.jobs.signal;

import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The ATSPM golden data (test resources {@code atspm-golden}: real controller logs with the {@code atspm} package's
 * results, MIT licence) and the comparison of produced measures with its expected CSVs.
 * Reusable by any golden test (plain engine or a Flink MiniCluster run).
 */
public final class AtspmReference {
    /** Counts must match exactly; ratios and seconds within this. */
    public static final double TOLERANCE = 0.005;

    private AtspmReference() {}

    /** The golden data's directory (test resources, {@code atspm-golden}). */
    public static Path dataDir() {
        try {
            return Path.of(AtspmReference.class
                            .getResource("/atspm-golden/events.csv.gz")
                            .toURI())
                    .getParent();
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource atspm-golden/events.csv.gz not found", e);
        }
    }

    /** The events of each device sorted stably by (ts, code), exact duplicates dropped (first kept). */
    public static Map<String, List<SignalEvent>> eventsByDevice(List<SignalEvent> events) {
        return eventsByDevice(events, true);
    }

    /** The events of each device sorted stably by (ts, code), optionally with exact duplicates dropped. */
    public static Map<String, List<SignalEvent>> eventsByDevice(List<SignalEvent> events, boolean dropDuplicates) {
        Map<String, Collection<SignalEvent>> byDev = new TreeMap<>(AtspmCsv.DEVICE_ORDER);
        for (SignalEvent e : events) {
            byDev.computeIfAbsent(e.deviceId(), k -> dropDuplicates ? new LinkedHashSet<>() : new ArrayList<>())
                    .add(e);
        }
        Map<String, List<SignalEvent>> out = new LinkedHashMap<>();
        byDev.forEach((dev, set) -> {
            List<SignalEvent> l = new ArrayList<>(set);
            l.sort(Comparator.comparingLong(SignalEvent::ts).thenComparingInt(SignalEvent::code));
            out.put(dev, l);
        });
        return out;
    }

    /**
     * Runs one engine over one device's sorted events the way a keyed process function does: before each new
     * timestamp, fires the due timers ({@code nextWakeup}) in order, then {@code advanceTo(ts)}; at the end
     * {@code finish}.
     */
    public static void run(SignalMeasureEngine engine, List<SignalEvent> sorted, Consumer<SignalMeasure> out) {
        long prev = Long.MIN_VALUE;
        for (SignalEvent e : sorted) {
            if (e.ts() != prev) {
                long w;
                while ((w = engine.nextWakeup()) < e.ts()) {
                    engine.advanceTo(w, out);
                }
                engine.advanceTo(e.ts(), out);
                prev = e.ts();
            }
            engine.onEvent(e, out);
        }
        engine.finish(out);
    }

    /** Every device's sorted events (exact duplicates dropped) through its own engine, with default settings. */
    public static List<SignalMeasure> runAll(List<SignalEvent> events, Map<String, SignalLayout> layouts) {
        List<SignalMeasure> out = new ArrayList<>();
        eventsByDevice(events)
                .forEach((dev, sorted) -> run(
                        new SignalMeasureEngine(dev, layouts.get(dev), MeasureSettings.defaults()), sorted, out::add));
        return out;
    }

    /**
     * Compares produced measures with {@code expectedDir}/{actuations, terminations, arrival_on_green,
     * split_failures, yellow_red}.csv: every reference row must be produced (counts exact, ratios and seconds within
     * {@link #TOLERANCE}) and no extra row (arrivals on green: rows with no green arrival are ignored, the reference
     * omits them). Returns one description per mismatch (empty when all match).
     */
    public static List<String> compare(Path expectedDir, Collection<? extends SignalMeasure> produced)
            throws IOException {
        List<String> diffs = new ArrayList<>();
        // actuations: key ts|dev|detector → [total]
        Map<String, double[]> act = new TreeMap<>();
        Map<String, double[]> term = new TreeMap<>();
        Map<String, double[]> aog = new TreeMap<>();
        Map<String, double[]> sfl = new TreeMap<>();
        Map<String, double[]> yr = new TreeMap<>();
        for (SignalMeasure m : produced) {
            if (m instanceof SignalMeasure.Actuations a) {
                put(
                        diffs,
                        act,
                        AtspmCsv.formatTimestamp(a.binStart()) + "|" + a.deviceId() + "|" + a.detector(),
                        new double[] {a.total()});
            } else if (m instanceof SignalMeasure.Terminations t) {
                put(
                        diffs,
                        term,
                        AtspmCsv.formatTimestamp(t.binStart()) + "|" + t.deviceId() + "|" + t.phase() + "|"
                                + t.termination(),
                        new double[] {t.total()});
            } else if (m instanceof SignalMeasure.ArrivalsOnGreen a && a.greenActuations() > 0) {
                put(
                        diffs,
                        aog,
                        AtspmCsv.formatTimestamp(a.binStart()) + "|" + a.deviceId() + "|" + a.phase(),
                        new double[] {a.totalActuations(), a.percentAog()});
            } else if (m instanceof SignalMeasure.SplitFailures f) {
                put(
                        diffs,
                        sfl,
                        AtspmCsv.formatTimestamp(f.binStart()) + "|" + f.deviceId() + "|" + f.phase(),
                        new double[] {f.greenTimeS(), f.greenOccupancy(), f.redOccupancy(), f.splitFailures()});
            } else if (m instanceof SignalMeasure.YellowRedActuations y) {
                put(
                        diffs,
                        yr,
                        AtspmCsv.formatTimestamp(y.binStart()) + "|" + y.deviceId() + "|" + y.phase() + "|"
                                + y.signalState() + "|" + AtspmCsv.num(y.redOffsetS()),
                        new double[] {y.total()});
            }
        }
        compareFile(diffs, expectedDir.resolve(AtspmCsv.ACTUATIONS), 3, new boolean[] {true}, act);
        compareFile(diffs, expectedDir.resolve(AtspmCsv.TERMINATIONS), 4, new boolean[] {true}, term);
        compareFile(diffs, expectedDir.resolve(AtspmCsv.ARRIVAL_ON_GREEN), 3, new boolean[] {true, false}, aog);
        compareFile(
                diffs, expectedDir.resolve(AtspmCsv.SPLIT_FAILURES), 3, new boolean[] {false, false, false, true}, sfl);
        compareFile(diffs, expectedDir.resolve(AtspmCsv.YELLOW_RED), 5, new boolean[] {true}, yr);
        return diffs;
    }

    /**
     * Compares the five CSVs written by {@link AtspmCsv#writeReference} in {@code producedDir} with the reference's
     * text: same header, and the same set of lines (the reference's row order is arbitrary). Returns the differing
     * lines.
     */
    public static List<String> compareCsvText(Path expectedDir, Path producedDir) throws IOException {
        List<String> diffs = new ArrayList<>();
        for (String f : List.of(
                AtspmCsv.ACTUATIONS,
                AtspmCsv.TERMINATIONS,
                AtspmCsv.ARRIVAL_ON_GREEN,
                AtspmCsv.SPLIT_FAILURES,
                AtspmCsv.YELLOW_RED)) {
            List<String> exp = Files.readAllLines(expectedDir.resolve(f), StandardCharsets.UTF_8);
            List<String> got = Files.readAllLines(producedDir.resolve(f), StandardCharsets.UTF_8);
            if (!exp.get(0).equals(got.get(0))) {
                diffs.add(f + ": header " + got.get(0) + " instead of " + exp.get(0));
            }
            java.util.Set<String> e = new java.util.TreeSet<>(exp.subList(1, exp.size()));
            java.util.Set<String> g = new java.util.TreeSet<>(got.subList(1, got.size()));
            e.removeIf(String::isBlank);
            g.removeIf(String::isBlank);
            for (String l : e) {
                if (!g.contains(l)) {
                    diffs.add(f + ": reference line not written: " + l);
                }
            }
            for (String l : g) {
                if (!e.contains(l)) {
                    diffs.add(f + ": written line not in the reference: " + l);
                }
            }
        }
        return diffs;
    }

    /** Row counts per file, expected vs produced, for a summary line. */
    public static String summary(Path expectedDir, Collection<? extends SignalMeasure> produced) throws IOException {
        long act = produced.stream()
                .filter(m -> m instanceof SignalMeasure.Actuations)
                .count();
        long term = produced.stream()
                .filter(m -> m instanceof SignalMeasure.Terminations)
                .count();
        long aog = produced.stream()
                .filter(m -> m instanceof SignalMeasure.ArrivalsOnGreen a && a.greenActuations() > 0)
                .count();
        long sfl = produced.stream()
                .filter(m -> m instanceof SignalMeasure.SplitFailures)
                .count();
        long yr = produced.stream()
                .filter(m -> m instanceof SignalMeasure.YellowRedActuations)
                .count();
        return String.format(
                "actuations %d/%d, terminations %d/%d, arrival_on_green %d/%d, split_failures %d/%d, yellow_red %d/%d"
                        + " (produced/expected)",
                act,
                rows(expectedDir.resolve(AtspmCsv.ACTUATIONS)),
                term,
                rows(expectedDir.resolve(AtspmCsv.TERMINATIONS)),
                aog,
                rows(expectedDir.resolve(AtspmCsv.ARRIVAL_ON_GREEN)),
                sfl,
                rows(expectedDir.resolve(AtspmCsv.SPLIT_FAILURES)),
                yr,
                rows(expectedDir.resolve(AtspmCsv.YELLOW_RED)));
    }

    private static long rows(Path p) throws IOException {
        try (var lines = Files.lines(p)) {
            return lines.skip(1).filter(l -> !l.isBlank()).count();
        }
    }

    private static void put(List<String> diffs, Map<String, double[]> map, String key, double[] v) {
        if (map.put(key, v) != null) {
            diffs.add("produced twice: " + key);
        }
    }

    private static void compareFile(
            List<String> diffs, Path file, int keyCols, boolean[] exact, Map<String, double[]> produced)
            throws IOException {
        String name = file.getFileName().toString();
        Map<String, double[]> remaining = new TreeMap<>(produced);
        try (BufferedReader br = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = br.readLine();
            String line;
            while ((line = br.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                String key = AtspmCsv.formatTimestamp(AtspmCsv.parseTimestamp(f[0])) + "|"
                        + String.join("|", java.util.Arrays.copyOfRange(f, 1, keyCols));
                double[] got = remaining.remove(key);
                if (got == null) {
                    diffs.add(name + ": missing row " + line);
                    continue;
                }
                StringBuilder bad = new StringBuilder();
                for (int i = 0; i < exact.length; i++) {
                    String cell = f[keyCols + i].trim();
                    double want = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                    double g = got[i];
                    boolean ok = Double.isNaN(want)
                            ? Double.isNaN(g)
                            : exact[i] ? g == want : Math.abs(g - want) <= TOLERANCE;
                    if (!ok) {
                        bad.append(' ')
                                .append(header.split(",")[keyCols + i])
                                .append(": expected ")
                                .append(cell)
                                .append(" got ")
                                .append(g);
                    }
                }
                if (!bad.isEmpty()) {
                    diffs.add(name + ": " + line + " →" + bad);
                }
            }
        }
        remaining.forEach(
                (k, v) -> diffs.add(name + ": extra row " + k.replace('|', ',') + " " + java.util.Arrays.toString(v)));
    }
}
