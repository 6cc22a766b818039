package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalMeasure;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A controller's coordination timeline: the changes it logs and the cycle lengths it actually ran.
 *
 * <h2>Definitions</h2>
 * <ul>
 * <li><b>Coordination changes</b> ({@link SignalMeasure.CoordinationChange}): one record per pattern change (131),
 * cycle length change (132) and offset change (133), the parameter as the new value, emitted as the event arrives.
 * The {@code atspm} package ({@code coordination.sql}) passes the same kind of events through as they are (131, 132
 * and the Econolite actual cycle length / offset codes 316 and 318) and its timeline ({@code timeline.sql}) shows a
 * "Pattern Change" per 131; ATSPM 5 draws 131 as the plan changes of its charts. Here the kind is named
 * ({@code pattern}, {@code cycle_length}, {@code offset}) instead of the code; 133 is added, 316/318 are not (they are
 * vendor codes, and the cycle lengths below are measured for every controller).</li>
 * <li><b>Cycle lengths</b> ({@link SignalMeasure.CycleLength}): per phase, a cycle runs from a begin green (1) to the
 * next begin green of the same phase (as the PCD cycles and ATSPM's cycle charts take it); each is filed in the
 * 15-minute bin of its end (when it becomes known) and a bin reports count, mean, shortest and longest. Neither
 * ATSPM 5 nor the {@code atspm} package aggregates this (the controller's own 316 is the closest); a phase skipped
 * for a while simply shows one long cycle.</li>
 * </ul>
 */
final class CoordinationTimeline implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Phase → its latest begin green. */
    private final HashMap<Integer, Long> lastGreen = new HashMap<>();
    /** Bin → phase → cycle lengths ending in it. */
    private final TreeMap<Long, TreeMap<Integer, CycleLengthBin>> bins = new TreeMap<>();

    void onEvent(String deviceId, MeasureSettings s, long ts, int code, int param, Consumer<SignalMeasure> out) {
        switch (code) {
            case SignalCodes.PHASE_BEGIN_GREEN -> {
                Long prev = lastGreen.put(param, ts);
                if (prev != null && ts > prev) {
                    bins.computeIfAbsent(s.binStart(ts), k -> new TreeMap<>())
                            .computeIfAbsent(param, k -> new CycleLengthBin())
                            .add(ts - prev);
                }
            }
            case SignalCodes.COORD_PATTERN_CHANGE ->
                out.accept(new SignalMeasure.CoordinationChange(
                        deviceId, ts, SignalMeasure.CoordinationChange.PATTERN, param));
            case SignalCodes.COORD_CYCLE_LENGTH_CHANGE ->
                out.accept(new SignalMeasure.CoordinationChange(
                        deviceId, ts, SignalMeasure.CoordinationChange.CYCLE_LENGTH, param));
            case SignalCodes.COORD_OFFSET_CHANGE ->
                out.accept(new SignalMeasure.CoordinationChange(
                        deviceId, ts, SignalMeasure.CoordinationChange.OFFSET, param));
            default -> {}
        }
    }

    /** Emits the bins that ended by {@code t}. */
    void advance(String deviceId, MeasureSettings s, long t, Consumer<SignalMeasure> out) {
        while (!bins.isEmpty() && bins.firstKey() + s.binMs() <= t) {
            Map.Entry<Long, TreeMap<Integer, CycleLengthBin>> en = bins.pollFirstEntry();
            en.getValue().forEach((phase, b) -> out.accept(b.toMeasure(deviceId, en.getKey(), phase)));
        }
    }

    long wakeup(MeasureSettings s) {
        return bins.isEmpty() ? Long.MAX_VALUE : bins.firstKey() + s.binMs();
    }

    /** End of the data: every bin with a cycle. */
    void finish(String deviceId, MeasureSettings s, Consumer<SignalMeasure> out) {
        advance(deviceId, s, Long.MAX_VALUE - s.binMs(), out);
    }
}
