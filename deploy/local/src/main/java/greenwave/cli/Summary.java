package greenwave.cli;

import greenwave.jobs.bike.BikeAlarm;
import greenwave.jobs.bike.BikeTables;
import greenwave.jobs.common.OpsTables;
import greenwave.jobs.plan.PlanAckTables;
import greenwave.jobs.plan.PlanDecision;
import greenwave.jobs.plan.PlanStatus;
import greenwave.jobs.plan.PlanTables;
import greenwave.jobs.signal.SignalPipeline;
import greenwave.jobs.signal.SignalTables;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What the jobs have stored, read back from Iceberg as an analyst would: row counts, the worst phases and approaches,
 * travel times, and the green-wave plans with their acknowledgements.
 */
final class Summary {
    private final Catalog catalog;
    private final PrintStream out;

    Summary(Catalog catalog, PrintStream out) {
        this.catalog = catalog;
        this.out = out;
    }

    void print() throws IOException {
        out.println("Iceberg tables (rows):");
        List<greenwave.jobs.common.IcebergTable<?>> tables = new java.util.ArrayList<>(SignalPipeline.tables());
        tables.addAll(greenwave.jobs.probe.ProbeTables.all());
        tables.addAll(PlanTables.all());
        tables.addAll(PlanAckTables.all());
        tables.addAll(BikeTables.all());
        tables.addAll(greenwave.jobs.food.FoodTables.all());
        for (var table : tables) {
            Table t = catalog.loadTable(table.id());
            Snapshot s = t.currentSnapshot();
            String rows = s == null ? "0" : s.summary().getOrDefault("total-records", "?");
            out.printf("  %-30s %10s%n", table.id(), rows);
        }
        printWorstSplitFailures();
        printLowestArrivalsOnGreen();
        printWorstProbeDelay();
        printLinkTravelTimes();
        printTimingPlans();
        printBikes();
        printFood();
    }

    /**
     * Food safety (food.violations): violations per rule and their worst severity, how many of those with a duration
     * closed, and the kitchens with the most. Prints nothing when no food data was processed.
     */
    private void printFood() throws IOException {
        List<Record> rows = rows(greenwave.jobs.food.FoodTables.VIOLATIONS.id());
        if (rows.isEmpty()) {
            return;
        }
        // rule -> severity -> violation ids (a violation counts at its highest severity)
        Map<String, Map<String, String>> worst = new java.util.TreeMap<>();
        java.util.Set<Object> closed = new java.util.HashSet<>();
        Map<String, java.util.Set<Object>> perKitchen = new HashMap<>();
        List<String> order = List.of("info", "warning", "critical");
        for (Record r : rows) {
            String id = (String) r.getField("violation_id");
            String severity = (String) r.getField("severity");
            worst.computeIfAbsent((String) r.getField("rule"), k -> new HashMap<>())
                    .merge(id, severity, (a, b) -> order.indexOf(a) >= order.indexOf(b) ? a : b);
            if ("close".equals(r.getField("record"))) {
                closed.add(id);
            }
            perKitchen
                    .computeIfAbsent((String) r.getField("kitchen_id"), k -> new java.util.HashSet<>())
                    .add(id);
        }
        out.println("Food safety (violations per rule and severity, spec section 4):");
        worst.forEach((rule, ids) -> {
            Map<String, Long> bySeverity = new java.util.TreeMap<>(Comparator.comparingInt(order::indexOf));
            ids.values().forEach(sev -> bySeverity.merge(sev, 1L, Long::sum));
            long closedHere = ids.keySet().stream().filter(closed::contains).count();
            out.printf(
                    "  %-20s %4d  (%s)%s%n",
                    rule,
                    ids.size(),
                    bySeverity.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey())
                            .collect(java.util.stream.Collectors.joining(", ")),
                    greenwave.jobs.food.FoodRules.hasDuration(rule) ? ", " + closedHere + " closed" : "");
        });
        perKitchen.entrySet().stream()
                .sorted(Map.Entry.<String, java.util.Set<Object>>comparingByValue(
                                Comparator.comparingInt(java.util.Set::size))
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(3)
                .forEach(e -> out.printf(
                        "  kitchen %s: %d violations%n",
                        e.getKey(), e.getValue().size()));
    }

    /**
     * Shared bikes (bike.*): overflow alarms and how they ended, dispatch tasks, blacklisted reflow, the fullest zones
     * and the worst disorderly-parking cells. Prints nothing when no bike data was processed.
     */
    private void printBikes() throws IOException {
        List<Record> alarms = rows(BikeTables.ALARMS.id());
        List<Record> snapshots = rows(BikeTables.OCCUPANCY_SNAPSHOTS.id());
        if (alarms.isEmpty() && snapshots.isEmpty()) {
            return;
        }
        java.util.Set<Object> opened = new java.util.HashSet<>();
        java.util.Set<Object> closed = new java.util.HashSet<>();
        java.util.Set<Object> critical = new java.util.HashSet<>();
        long reflows = 0;
        for (Record r : alarms) {
            Object id = r.getField("alarm_id");
            switch ((String) r.getField("event")) {
                case BikeAlarm.OPENED -> opened.add(id);
                case BikeAlarm.CLOSED -> closed.add(id);
                case BikeAlarm.REFLOW -> reflows++;
                default -> {}
            }
            if ("critical".equals(r.getField("severity"))) {
                critical.add(id);
            }
        }
        List<Record> tasks = rows(BikeTables.DISPATCH_TASKS.id());
        Map<String, Long> taskIdsByKind = new java.util.TreeMap<>();
        tasks.stream()
                .map(r -> r.getField("kind") + " " + r.getField("task_id"))
                .distinct()
                .forEach(k -> taskIdsByKind.merge(k.substring(0, k.indexOf(' ')), 1L, Long::sum));
        long resent = tasks.stream()
                .filter(r -> (Integer) r.getField("escalation_level") > 0)
                .count();
        out.println("Shared bikes (zone overflow, spec section 3):");
        out.printf(
                "  overflow alarms: %d opened, %d closed, %d critical (escalated to the last level)%n",
                opened.size(), closed.size(), critical.size());
        out.printf(
                "  dispatch tasks: %s; %d re-sent on escalation; blacklisted-bike reflow episodes: %d%n",
                taskIdsByKind.isEmpty()
                        ? "none"
                        : taskIdsByKind.entrySet().stream()
                                .map(e -> e.getValue() + " " + e.getKey())
                                .collect(java.util.stream.Collectors.joining(", ")),
                resent,
                reflows);
        Map<String, Record> fullest = new HashMap<>(); // zone -> its snapshot with the highest occupancy / capacity
        for (Record r : snapshots) {
            Integer capacity = (Integer) r.getField("capacity");
            if (capacity == null || capacity == 0) {
                continue;
            }
            fullest.merge((String) r.getField("zone_id"), r, (a, b) -> fill(b) > fill(a) ? b : a);
        }
        fullest.values().stream()
                .sorted(Comparator.comparingDouble((Record r) -> -fill(r)))
                .limit(3)
                .forEach(r -> out.printf(
                        "  zone %s at %s: %d bikes for %d places (%.0f%%)%n",
                        r.getField("zone_id"),
                        r.getField("snapshot_ts"),
                        (Integer) r.getField("occupancy"),
                        (Integer) r.getField("capacity"),
                        100 * fill(r)));
        rows(BikeTables.DISORDERLY_PARKING.id()).stream()
                .sorted(Comparator.comparingInt((Record r) -> -(Integer) r.getField("bikes")))
                .limit(1)
                .forEach(r -> out.printf(
                        "  most bikes parked outside the fences: %d in grid cell %s at %s%n",
                        (Integer) r.getField("bikes"), r.getField("cell_id"), r.getField("snapshot_ts")));
    }

    private static double fill(Record snapshot) {
        return (double) (Integer) snapshot.getField("occupancy") / (Integer) snapshot.getField("capacity");
    }

    /**
     * The green-wave loop as it happened: plans computed (traffic.timing_plans: one row per device plan and period,
     * with the verdict), acknowledged (traffic.plan_status) and alerted (ops.alerts).
     */
    private void printTimingPlans() throws IOException {
        List<Record> decisions = rows(PlanTables.TIMING_PLANS.id());
        Map<String, Long> byVerdict = new java.util.TreeMap<>();
        decisions.forEach(r -> byVerdict.merge((String) r.getField("verdict"), 1L, Long::sum));
        Map<String, String> lastStatus = new HashMap<>(); // plan id -> its latest status
        Map<String, Long> lastTs = new HashMap<>();
        for (Record r : rows(PlanAckTables.PLAN_STATUS.id())) {
            String plan = (String) r.getField("plan_id");
            long ts = ((java.time.OffsetDateTime) r.getField("ts")).toInstant().toEpochMilli();
            if (!lastTs.containsKey(plan) || ts >= lastTs.get(plan)) {
                lastTs.put(plan, ts);
                lastStatus.put(plan, (String) r.getField("status"));
            }
        }
        long applied =
                lastStatus.values().stream().filter(PlanStatus.APPLIED::equals).count();
        long rejected =
                lastStatus.values().stream().filter(PlanStatus.REJECTED::equals).count();
        long notApplied = lastStatus.values().stream()
                .filter(PlanStatus.NOT_APPLIED::equals)
                .count();
        long alerts = rows(OpsTables.ALERTS.id()).stream()
                .filter(r -> "traffic".equals(r.getField("domain")))
                .map(r -> r.getField("alert_id"))
                .distinct()
                .count();
        out.println("Green-wave timing plans (one per device and period):");
        out.printf(
                "  computed %d: sent %d, unsafe %d (stored, never sent), not better than the running plan %d%n",
                decisions.size(),
                byVerdict.getOrDefault(PlanDecision.SENT, 0L),
                byVerdict.getOrDefault(PlanDecision.UNSAFE, 0L),
                byVerdict.getOrDefault(PlanDecision.NOT_BETTER, 0L));
        out.printf(
                "  acknowledged by the signal-control system: %d applied, %d rejected, %d not applied in time;"
                        + " %d alert(s) raised%n",
                applied, rejected, notApplied, alerts);
        decisions.stream()
                .filter(r -> PlanDecision.SENT.equals(r.getField("verdict")))
                .sorted(Comparator.comparing((Record r) -> (String) r.getField("plan_id")))
                .limit(6)
                .forEach(r -> out.printf(
                        "  %s: cycle %d s, offset %d s, predicted delay %s s/veh (running plan %s)" + " -> %s%n",
                        r.getField("plan_id"),
                        (Integer) r.getField("cycle_s"),
                        (Integer) r.getField("offset_s"),
                        oneDecimal(r.getField("predicted_delay_s_per_veh")),
                        oneDecimal(r.getField("running_delay_s_per_veh")),
                        lastStatus.getOrDefault((String) r.getField("plan_id"), "no ack")));
    }

    private static String oneDecimal(Object value) {
        return value == null ? "?" : String.format("%.1f", (Double) value);
    }

    private void printWorstProbeDelay() throws IOException {
        out.println("Highest control delay from probe vehicles (approach-bins with at least 20 samples):");
        rows(greenwave.jobs.probe.ProbeTables.APPROACH_DELAY.id()).stream()
                .filter(r -> (Integer) r.getField("samples") >= 20)
                .sorted(Comparator.comparingDouble(r -> -(Double) r.getField("mean_delay_s")))
                .limit(3)
                .forEach(r -> out.printf(
                        "  %s at %s: %.1f s mean, %.1f s 85th pct, LOS %s (%d vehicles)%n",
                        r.getField("approach_id"),
                        r.getField("bin_start"),
                        (Double) r.getField("mean_delay_s"),
                        (Double) r.getField("p85_delay_s"),
                        r.getField("los"),
                        (Integer) r.getField("samples")));
    }

    private void printLinkTravelTimes() throws IOException {
        Map<String, double[]> byLink = new java.util.TreeMap<>(); // [sum of mean x samples, samples]
        for (Record r : rows(greenwave.jobs.probe.ProbeTables.LINK_TRAVEL_TIMES.id())) {
            String link = r.getField("corridor_id") + " " + r.getField("direction") + " " + r.getField("from_device")
                    + " -> " + r.getField("to_device");
            double[] acc = byLink.computeIfAbsent(link, k -> new double[2]);
            int n = (Integer) r.getField("samples");
            acc[0] += (Double) r.getField("mean_s") * n;
            acc[1] += n;
        }
        out.println("Measured travel times between intersections (stop bar to stop bar):");
        byLink.forEach(
                (link, acc) -> out.printf("  %s: %.1f s mean over %d trips%n", link, acc[0] / acc[1], (long) acc[1]));
    }

    private record PhaseKey(String device, int phase) {}

    private void printWorstSplitFailures() throws IOException {
        Map<PhaseKey, int[]> byPhase = new HashMap<>(); // [split failures, cycles]
        for (Record r : rows(SignalTables.SPLIT_FAILURES.id())) {
            int[] acc = byPhase.computeIfAbsent(
                    new PhaseKey((String) r.getField("device_id"), (Integer) r.getField("phase")), k -> new int[2]);
            acc[0] += (Integer) r.getField("split_failures");
            acc[1] += (Integer) r.getField("cycles");
        }
        out.println("Most split failures (cycles with green and red occupancy >= 80%):");
        byPhase.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<PhaseKey, int[]> e) -> -e.getValue()[0]))
                .limit(3)
                .forEach(e -> out.printf(
                        "  device %s phase %d: %d of %d cycles%n",
                        e.getKey().device(), e.getKey().phase(), e.getValue()[0], e.getValue()[1]));
    }

    private void printLowestArrivalsOnGreen() throws IOException {
        Map<PhaseKey, long[]> byPhase = new HashMap<>(); // [green, total]
        for (Record r : rows(SignalTables.ARRIVALS_ON_GREEN.id())) {
            long[] acc = byPhase.computeIfAbsent(
                    new PhaseKey((String) r.getField("device_id"), (Integer) r.getField("phase")), k -> new long[2]);
            acc[0] += (Long) r.getField("green_actuations");
            acc[1] += (Long) r.getField("total_actuations");
        }
        out.println("Lowest arrivals on green (advance detectors):");
        byPhase.entrySet().stream()
                .filter(e -> e.getValue()[1] > 0)
                .sorted(Comparator.comparingDouble(e -> (double) e.getValue()[0] / e.getValue()[1]))
                .limit(3)
                .forEach(e -> out.printf(
                        "  device %s phase %d: %.0f%% of %,d arrivals%n",
                        e.getKey().device(),
                        e.getKey().phase(),
                        100.0 * e.getValue()[0] / e.getValue()[1],
                        e.getValue()[1]));
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
