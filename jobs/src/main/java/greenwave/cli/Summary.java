package greenwave.cli;

import greenwave.jobs.signal.SignalPipeline;
import greenwave.jobs.signal.SignalTables;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the signal job has stored, read back from Iceberg as an analyst would: row counts and the worst phases. */
final class Summary {
    private final Catalog catalog;
    private final PrintStream out;

    Summary(Catalog catalog, PrintStream out) {
        this.catalog = catalog;
        this.out = out;
    }

    void print() throws IOException {
        out.println("Iceberg tables (rows):");
        for (var table : SignalPipeline.tables()) {
            Table t = catalog.loadTable(table.id());
            Snapshot s = t.currentSnapshot();
            String rows = s == null ? "0" : s.summary().getOrDefault("total-records", "?");
            out.printf("  %-30s %10s%n", table.id(), rows);
        }
        printWorstSplitFailures();
        printLowestArrivalsOnGreen();
    }

    private record PhaseKey(String device, int phase) {
    }

    private void printWorstSplitFailures() throws IOException {
        Map<PhaseKey, int[]> byPhase = new HashMap<>(); // [split failures, cycles]
        for (Record r : rows(SignalTables.SPLIT_FAILURES.id())) {
            int[] acc = byPhase.computeIfAbsent(new PhaseKey((String) r.getField("device_id"),
                    (Integer) r.getField("phase")), k -> new int[2]);
            acc[0] += (Integer) r.getField("split_failures");
            acc[1] += (Integer) r.getField("cycles");
        }
        out.println("Most split failures (cycles with green and red occupancy >= 80%):");
        byPhase.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<PhaseKey, int[]> e) -> -e.getValue()[0]))
                .limit(3)
                .forEach(e -> out.printf("  device %s phase %d: %d of %d cycles%n", e.getKey().device(),
                        e.getKey().phase(), e.getValue()[0], e.getValue()[1]));
    }

    private void printLowestArrivalsOnGreen() throws IOException {
        Map<PhaseKey, long[]> byPhase = new HashMap<>(); // [green, total]
        for (Record r : rows(SignalTables.ARRIVALS_ON_GREEN.id())) {
            long[] acc = byPhase.computeIfAbsent(new PhaseKey((String) r.getField("device_id"),
                    (Integer) r.getField("phase")), k -> new long[2]);
            acc[0] += (Long) r.getField("green_actuations");
            acc[1] += (Long) r.getField("total_actuations");
        }
        out.println("Lowest arrivals on green (advance detectors):");
        byPhase.entrySet().stream()
                .filter(e -> e.getValue()[1] > 0)
                .sorted(Comparator.comparingDouble(e -> (double) e.getValue()[0] / e.getValue()[1]))
                .limit(3)
                .forEach(e -> out.printf("  device %s phase %d: %.0f%% of %,d arrivals%n", e.getKey().device(),
                        e.getKey().phase(), 100.0 * e.getValue()[0] / e.getValue()[1], e.getValue()[1]));
    }

    private List<Record> rows(org.apache.iceberg.catalog.TableIdentifier id) throws IOException {
        Table t = catalog.loadTable(id);
        try (CloseableIterable<Record> records = IcebergGenerics.read(t).build()) {
            List<Record> list = new java.util.ArrayList<>();
            records.forEach(list::add);
            return list;
        }
    }
}
