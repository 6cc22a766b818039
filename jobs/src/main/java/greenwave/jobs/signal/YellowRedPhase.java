package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalMeasure;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Yellow and red actuations (red-light running) of one phase with Yellow_Red detectors, as the ATSPM reference
 * computes them:
 *
 * <ul>
 *   <li>a detector-on counts at its time minus the latency offset ({@link #LATENCY_MS});
 *   <li>a cycle runs from a begin green (1) to the next; a detector-on belongs to the latest cycle begun at or before
 *       its shifted time, and a detector-on before the first begin green to none;
 *   <li>the state it met is the largest phase code of its cycle at or before its shifted time (phase events come
 *       first at equal times): 1 green, 8 yellow, 10 red;
 *   <li>only cycles with exactly one begin yellow (8) and one begin red clearance (10) count;
 *   <li>its red offset is the shifted time minus the cycle's begin red clearance, in seconds rounded to the nearest half
 *       second (halves away from zero; a negative offset that rounds to zero is -0.0, as the reference writes it); offsets
 *       below {@link #MIN_RED_OFFSET_S} are left out;
 *   <li>counts are per (state, red offset) over the cycles whose begin red clearance lies in the bin.
 * </ul>
 *
 * <p>A cycle is final once the next begin green is known and no detector-on can still be shifted before it (time
 * reached that green plus the latency), or at the end of a bounded input. A bin is emitted once every cycle that may
 * still begin red in it is final.
 */
final class YellowRedPhase implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Latency offset of the Yellow_Red detectors: detector-ons are moved this much earlier (the reference's 1.5 s). */
    static final long LATENCY_MS = 1_500L;
    /** The smallest red offset reported, in seconds (the reference's -8 s). */
    static final double MIN_RED_OFFSET_S = -8.0;

    private final String deviceId;
    private final int phase;
    private final long binMs;

    /** Cycles not yet final, oldest first; only the last one has no next begin green. */
    private final ArrayDeque<YellowRedCycle> cycles = new ArrayDeque<>();
    /** Bin → state → red offset (s) → detector-ons. */
    private final TreeMap<Long, TreeMap<Integer, TreeMap<Double, Long>>> bins = new TreeMap<>();

    YellowRedPhase(String deviceId, int phase, long binMs) {
        this.deviceId = deviceId;
        this.phase = phase;
        this.binMs = binMs;
    }

    /** A phase event (1, 8 or 10) of this phase at {@code ts}. */
    void onPhase(long ts, int code) {
        if (code == SignalCodes.PHASE_BEGIN_GREEN) {
            cycles.addLast(new YellowRedCycle(ts));
        } else if (!cycles.isEmpty()) {
            cycles.getLast().onPhase(ts, code);
        }
    }

    /** A detector-on of one of this phase's Yellow_Red channels, at its (unshifted) time {@code ts}. */
    void onDetectorOn(long ts) {
        long shifted = ts - LATENCY_MS;
        var it = cycles.descendingIterator();
        while (it.hasNext()) {
            YellowRedCycle c = it.next();
            if (c.greenTs <= shifted) {
                c.detectorTs.add(shifted);
                return;
            }
        }
        // before the first begin green known: in no cycle
    }

    /** Every event with {@code ts < t} has been given: close the cycles that are final, emit the bins complete. */
    void advance(long t, Consumer<SignalMeasure> out) {
        while (cycles.size() > 1 && t - LATENCY_MS >= second().greenTs) {
            close(cycles.pollFirst());
        }
        // a cycle still open begins red at its begin red clearance, or not before t
        long bound = t;
        for (YellowRedCycle c : cycles) {
            if (c.reds > 0) {
                bound = Math.min(bound, c.redTs);
            }
        }
        emit(bound, out);
    }

    /** End of a bounded input: every cycle is final (the last one ends with the data). */
    void finish(Consumer<SignalMeasure> out) {
        while (!cycles.isEmpty()) {
            close(cycles.pollFirst());
        }
        emit(Long.MAX_VALUE, out);
    }

    /** The earliest time at which {@link #advance} may close a cycle or emit a bin, or {@code Long.MAX_VALUE}. */
    long wakeup() {
        long w = Long.MAX_VALUE;
        if (cycles.size() > 1) {
            w = second().greenTs + LATENCY_MS;
        }
        if (!bins.isEmpty()) {
            w = Math.min(w, bins.firstKey() + binMs);
        }
        return w;
    }

    private YellowRedCycle second() {
        var it = cycles.iterator();
        it.next();
        return it.next();
    }

    private void close(YellowRedCycle c) {
        if (!c.valid() || c.detectorTs.isEmpty()) {
            return;
        }
        for (long ts : c.detectorTs) {
            double offset = redOffsetS(ts - c.redTs);
            if (offset >= MIN_RED_OFFSET_S) {
                bins.computeIfAbsent(Math.floorDiv(c.redTs, binMs) * binMs, k -> new TreeMap<>())
                        .computeIfAbsent(c.stateAt(ts), k -> new TreeMap<>())
                        .merge(offset, 1L, Long::sum);
            }
        }
    }

    private void emit(long bound, Consumer<SignalMeasure> out) {
        while (!bins.isEmpty() && (bound == Long.MAX_VALUE || bins.firstKey() + binMs <= bound)) {
            Map.Entry<Long, TreeMap<Integer, TreeMap<Double, Long>>> en = bins.pollFirstEntry();
            en.getValue()
                    .forEach((state, offsets) -> offsets.forEach((offset, n) -> out.accept(
                            new SignalMeasure.YellowRedActuations(deviceId, en.getKey(), phase, state, offset, n))));
        }
    }

    /**
     * Milliseconds to seconds rounded to the nearest half second, halves away from zero; the sign is kept, so a
     * negative offset that rounds to zero is -0.0.
     */
    static double redOffsetS(long ms) {
        double s = ((Math.abs(ms) + 250) / 500) / 2.0;
        return ms < 0 ? -s : s;
    }
}
