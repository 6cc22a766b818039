package greenwave.jobs.probe;

import greenwave.schemas.ProbeMeasure;
import greenwave.udfs.traffic.SignalTiming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns traversals and link trips into the per-bin measures of {@code probe.measures} (spec measures.md §1). Pure
 * functions, no state: the Flink wiring collects a bin's samples (e.g. keyed by approach / link, a 15-minute
 * event-time tumbling window on the stop-bar crossing time) and calls {@link #approachDelay} / {@link #linkTravelTime}.
 *
 * <ul>
 * <li><b>Bin</b>: 15 minutes aligned to the hour (epoch-ms floor to a multiple of 900,000), of the stop-bar crossing
 * ({@link Traversal#stopbarTs()}; for links {@link LinkTravel#toTs()}).</li>
 * <li><b>85th percentile</b> ({@link #percentile}): numpy's default {@code 'linear'} method. Sort the n values
 * x[0] ≤ … ≤ x[n−1]; rank h = 0.85 × (n − 1); result = x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋+1] − x[⌊h⌋]) (just x[0] for
 * n = 1).</li>
 * <li><b>Level of service</b> ({@link #levelOfService}): HCM signalised-intersection thresholds on the mean control
 * delay: A ≤ 10 s, B ≤ 20, C ≤ 35, D ≤ 55, E ≤ 80, F &gt; 80.</li>
 * <li><b>Queue</b>: the largest {@code queue_m} of the bin's traversals; null when none stopped.</li>
 * </ul>
 */
public final class ApproachDelayAggregator {

    public static final long BIN_MS = 15 * 60 * 1000L;

    private ApproachDelayAggregator() {}

    /** The start of the 15-minute bin (aligned to the hour) holding {@code ts}, epoch ms. */
    public static long binStart(long ts) {
        return Math.floorDiv(ts, BIN_MS) * BIN_MS;
    }

    /**
     * The approach-delay measure of one approach's traversals in one bin.
     *
     * @throws IllegalArgumentException if the list is empty or mixes approaches or bins
     */
    public static ProbeMeasure.ApproachDelay approachDelay(List<Traversal> traversals) {
        if (traversals.isEmpty()) {
            throw new IllegalArgumentException("no traversals");
        }
        Traversal first = traversals.get(0);
        long bin = binStart(first.stopbarTs());
        double[] delays = new double[traversals.size()];
        double stops = 0;
        Double queue = null;
        for (int i = 0; i < delays.length; i++) {
            Traversal t = traversals.get(i);
            if (!t.approachId().equals(first.approachId()) || binStart(t.stopbarTs()) != bin) {
                throw new IllegalArgumentException("traversals of several approaches or bins: " + t + " vs " + first);
            }
            delays[i] = t.delayS();
            stops += t.stops();
            if (t.queueM() != null && (queue == null || t.queueM() > queue)) {
                queue = t.queueM();
            }
        }
        double mean = mean(delays);
        return new ProbeMeasure.ApproachDelay(
                first.deviceId(),
                first.approachId(),
                bin,
                delays.length,
                mean,
                percentile(delays, 0.85),
                stops / delays.length,
                queue,
                levelOfService(mean));
    }

    /**
     * The link-travel-time measure of one corridor link's (corridor, direction, from, to) trips in one bin.
     *
     * @throws IllegalArgumentException if the list is empty or mixes links or bins
     */
    public static ProbeMeasure.LinkTravelTime linkTravelTime(List<LinkTravel> trips) {
        if (trips.isEmpty()) {
            throw new IllegalArgumentException("no trips");
        }
        LinkTravel first = trips.get(0);
        long bin = binStart(first.toTs());
        double[] times = new double[trips.size()];
        double[] running = new double[trips.size()];
        for (int i = 0; i < times.length; i++) {
            LinkTravel t = trips.get(i);
            if (!linkKey(t).equals(linkKey(first)) || binStart(t.toTs()) != bin) {
                throw new IllegalArgumentException("trips of several links or bins: " + t + " vs " + first);
            }
            times[i] = t.travelS();
            running[i] = t.runningS();
        }
        return new ProbeMeasure.LinkTravelTime(
                first.corridorId(),
                first.direction(),
                first.fromDevice(),
                first.toDevice(),
                bin,
                times.length,
                mean(times),
                percentile(times, 0.85),
                mean(running));
    }

    /** Every approach-delay measure of a batch of traversals, grouped by approach and bin; ordered by bin, approach. */
    public static List<ProbeMeasure.ApproachDelay> approachDelays(Collection<Traversal> traversals) {
        Map<String, List<Traversal>> groups = new TreeMap<>();
        for (Traversal t : traversals) {
            groups.computeIfAbsent(
                            String.format("%020d|%s", binStart(t.stopbarTs()), t.approachId()), k -> new ArrayList<>())
                    .add(t);
        }
        return groups.values().stream()
                .map(ApproachDelayAggregator::approachDelay)
                .toList();
    }

    /** Every link-travel-time measure of a batch of trips, grouped by link and bin; ordered by bin, link. */
    public static List<ProbeMeasure.LinkTravelTime> linkTravelTimes(Collection<LinkTravel> trips) {
        Map<String, List<LinkTravel>> groups = new TreeMap<>();
        for (LinkTravel t : trips) {
            groups.computeIfAbsent(String.format("%020d|%s", binStart(t.toTs()), linkKey(t)), k -> new ArrayList<>())
                    .add(t);
        }
        return groups.values().stream()
                .map(ApproachDelayAggregator::linkTravelTime)
                .sorted(Comparator.comparingLong(ProbeMeasure.LinkTravelTime::binStart))
                .toList();
    }

    /**
     * The q-quantile (0..1) by linear interpolation between order statistics (numpy {@code percentile(x, 100 q)},
     * default method {@code 'linear'}): rank h = q (n − 1), x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
     * The input is not modified.
     */
    public static double percentile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile outside 0..1: " + q);
        }
        double[] x = values.clone();
        Arrays.sort(x);
        double h = q * (x.length - 1);
        int lo = (int) Math.floor(h);
        if (lo >= x.length - 1) {
            return x[x.length - 1];
        }
        return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
    }

    /**
     * HCM level of service of a (mean) control delay in seconds: A ≤ 10, B ≤ 20, C ≤ 35, D ≤ 55, E ≤ 80, else F; the
     * formula the SQL function {@code LEVEL_OF_SERVICE} uses too.
     */
    public static String levelOfService(double delayS) {
        return SignalTiming.levelOfService(delayS);
    }

    /** A corridor link: corridor, direction, from and to device (the key of its aggregation). */
    public static String linkKey(LinkTravel t) {
        return t.corridorId() + "|" + t.direction() + "|" + t.fromDevice() + "|" + t.toDevice();
    }

    /**
     * The mean, summed in ascending order: floating-point addition is not associative, and samples arrive in another
     * order after a recovery, so summing in arrival order would change the last digits of a replayed measure.
     */
    private static double mean(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double s = 0;
        for (double v : sorted) {
            s += v;
        }
        return s / x.length;
    }
}
