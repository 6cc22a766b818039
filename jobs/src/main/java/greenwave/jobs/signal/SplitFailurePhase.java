package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalMeasure;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Split failures of one phase by approach (its Presence channels OR-ed), reproducing ATSPM's
 * {@code split_failures.sql} (by_approach):
 * <ol>
 * <li>Each channel's on/off sequence is cleaned: ON,ON at most {@code cleanupGapMs} apart → OFF at the second ON's
 * time (the two events at that time cancel: the channel simply stays on); ON,ON further apart → OFF half-way;
 * OFF,OFF → ON half-way; a first OFF → ON 1 ms before it. Because an inserted event lies before the event that
 * reveals it, a channel's state after its last event is only certain up to half-way between that event and the
 * current time; occupancy is integrated up to there (or, for a channel silent longer than
 * {@code maxWaitMs}, assuming it kept its state, as the reference does after its last event).</li>
 * <li>Occupied = any channel on (the reference's running sum of +1/−1 &gt; 0), right-continuous.</li>
 * <li>Phase marks: begin green (1) starts a cycle, 8 and 10 raise the state, and each 10 adds a "barrier" at
 * +{@code redWindowMs} (ATSPM's synthetic event 11, ordered after phase events and before detector events at the
 * same time). The state is the maximum code since the cycle's begin green: green time = time in state 1,
 * red window = time in state 10 (until the barrier).</li>
 * <li>A cycle counts when it has exactly one 8 and exactly one barrier between its begin green and the next one,
 * and a detector row came strictly before its begin green ("known throughout": the reference's
 * {@code Detector_State IS NULL} test; detector events at the same time as the 1 come after it). A cycle is
 * final at the next begin green, or {@code maxWaitMs} after its barrier.</li>
 * <li>Green occupancy = occupied green / green time; red occupancy = occupied red / {@code redWindowMs}; the cycle
 * belongs to the bin of its barrier. Per bin: the means and the number of cycles with both ≥ the
 * thresholds.</li>
 * </ol>
 */
final class SplitFailurePhase implements Serializable {
    private static final long serialVersionUID = 1L;
    final String deviceId;
    final MeasureSettings settings;
    final int phase;
    final TreeMap<Integer, SplitFailureChannel> channels = new TreeMap<>();
    /** The time of the first (cleaned) detector row of any channel. */
    long firstDetectorRowTs = Long.MAX_VALUE;
    /** Pending phase marks, sorted by (ts, code). */
    final ArrayList<SplitFailureMark> marks = new ArrayList<>();
    /** Occupancy and phase state are integrated up to here. */
    long integrated = Long.MIN_VALUE;

    SplitFailureCycle cycle;
    int state;
    final TreeMap<Long, SplitFailureBin> bins = new TreeMap<>();

    SplitFailurePhase(String deviceId, MeasureSettings settings, int phase, List<Integer> chans) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.phase = phase;
        for (int c : chans) {
            channels.put(c, new SplitFailureChannel());
        }
    }

    void onPhase(long ts, int code) {
        addMark(ts, code);
        if (code == SignalCodes.PHASE_BEGIN_RED_CLEARANCE) {
            addMark(ts + settings.redWindowMs(), SplitFailureMark.RED_WINDOW_END);
        }
    }

    private void addMark(long ts, int code) {
        int i = marks.size();
        while (i > 0 && marks.get(i - 1).after(ts, code)) {
            i--;
        }
        marks.add(i, new SplitFailureMark(ts, code));
    }

    void onDetector(int channel, long ts, int code) {
        SplitFailureChannel c = channels.get(channel);
        if (c == null) {
            return;
        }
        if (c.lastCode == 0) {
            if (code == SignalCodes.DETECTOR_OFF) {
                c.add(ts - 1, true);
                c.add(ts, false);
                firstDetectorRowTs = Math.min(firstDetectorRowTs, ts - 1);
            } else {
                c.add(ts, true);
                firstDetectorRowTs = Math.min(firstDetectorRowTs, ts);
            }
        } else {
            long gap = ts - c.lastTs;
            if (c.lastCode == SignalCodes.DETECTOR_ON && code == SignalCodes.DETECTOR_ON) {
                if (gap > settings.cleanupGapMs()) {
                    c.add(ts - gap / 2, false);
                    c.add(ts, true);
                } // else: OFF and ON at the same time: the channel stays on
            } else if (c.lastCode == SignalCodes.DETECTOR_OFF && code == SignalCodes.DETECTOR_OFF) {
                c.add(ts - gap / 2, true);
                c.add(ts, false);
            } else {
                c.add(ts, code == SignalCodes.DETECTOR_ON);
            }
        }
        c.lastTs = ts;
        c.lastCode = code;
    }

    /** Integrates up to where every channel's state is certain (events with ts &lt; t have been given). */
    void advance(long t) {
        long u = t;
        for (SplitFailureChannel c : channels.values()) {
            u = Math.min(u, c.certainUntil(t));
        }
        u = Math.max(u, t - settings.maxWaitMs());
        integrateTo(u);
    }

    void integrateTo(long u) {
        while (true) {
            long x = u;
            if (!marks.isEmpty()) {
                x = Math.min(x, marks.get(0).ts());
            }
            for (SplitFailureChannel c : channels.values()) {
                if (!c.transitions.isEmpty()) {
                    x = Math.min(x, c.transitions.peekFirst().ts());
                }
            }
            if (integrated != Long.MIN_VALUE) {
                x = Math.max(x, integrated); // an event revealed after a forced integration applies now
                if (x > integrated) {
                    accumulate(x - integrated);
                }
            }
            integrated = x;
            if (x >= u) {
                break;
            }
            for (SplitFailureChannel c : channels.values()) {
                while (!c.transitions.isEmpty() && c.transitions.peekFirst().ts() <= x) {
                    c.on = c.transitions.pollFirst().on();
                }
            }
            while (!marks.isEmpty() && marks.get(0).ts() <= x) {
                SplitFailureMark m = marks.remove(0);
                mark(m.ts(), m.code());
            }
            checkTimeout();
        }
        checkTimeout();
    }

    private void accumulate(long d) {
        if (cycle == null || cycle.finalized) {
            return;
        }
        boolean occupied = false;
        for (SplitFailureChannel c : channels.values()) {
            occupied |= c.on;
        }
        if (state == SignalCodes.PHASE_BEGIN_GREEN) {
            cycle.greenMs += d;
            if (occupied) {
                cycle.greenOccupiedMs += d;
            }
        } else if (state == SignalCodes.PHASE_BEGIN_RED_CLEARANCE) {
            if (occupied) {
                cycle.redOccupiedMs += d;
            }
        }
    }

    private void mark(long ts, int code) {
        if (code == SignalCodes.PHASE_BEGIN_GREEN) {
            if (cycle != null && !cycle.finalized) {
                finalizeCycle();
            }
            cycle = new SplitFailureCycle(ts);
            state = code;
            return;
        }
        state = Math.max(state, code);
        if (cycle == null) {
            return;
        }
        if (code == SignalCodes.PHASE_BEGIN_YELLOW) {
            cycle.yellows++;
        } else if (code == SplitFailureMark.RED_WINDOW_END) {
            cycle.barriers++;
            if (cycle.barrier == Long.MIN_VALUE) {
                cycle.barrier = ts;
            }
        }
    }

    private void checkTimeout() {
        if (cycle != null
                && !cycle.finalized
                && cycle.barrier != Long.MIN_VALUE
                && integrated >= cycle.barrier + settings.maxWaitMs()) {
            finalizeCycle();
        }
    }

    private void finalizeCycle() {
        SplitFailureCycle c = cycle;
        c.finalized = true;
        if (c.yellows != 1 || c.barriers != 1 || firstDetectorRowTs >= c.start) {
            return;
        }
        SplitFailureBin b = bins.computeIfAbsent(settings.binStart(c.barrier), k -> new SplitFailureBin());
        // per-cycle values in float32 like the reference (CAST(… AS FLOAT) / …), averaged in double
        double greenOcc = c.greenMs > 0 ? (float) c.greenOccupiedMs / (float) c.greenMs : Double.NaN;
        double redOcc = (float) c.redOccupiedMs / (float) settings.redWindowMs();
        b.cycles++;
        b.greenTimeSumS += (float) c.greenMs / 1000f;
        if (!Double.isNaN(greenOcc)) {
            b.greenOccupancySum += greenOcc;
            b.cyclesWithGreenOccupancy++;
        }
        b.redOccupancySum += redOcc;
        if (!Double.isNaN(greenOcc)
                && greenOcc >= settings.greenOccupancyThreshold()
                && redOcc >= settings.redOccupancyThreshold()) {
            b.failures++;
        }
    }

    private boolean binReady(long binStart) {
        long end = binStart + settings.binMs();
        if (integrated < end) {
            return false;
        }
        return cycle == null || cycle.finalized || cycle.barrier == Long.MIN_VALUE || cycle.barrier >= end;
    }

    void emitBins(boolean finishing, Consumer<SignalMeasure> out) {
        while (!bins.isEmpty() && (finishing || binReady(bins.firstKey()))) {
            Map.Entry<Long, SplitFailureBin> en = bins.pollFirstEntry();
            SplitFailureBin b = en.getValue();
            int n = b.cycles;
            out.accept(new SignalMeasure.SplitFailures(
                    deviceId,
                    en.getKey(),
                    phase,
                    n,
                    b.greenTimeSumS / n,
                    b.cyclesWithGreenOccupancy > 0 ? b.greenOccupancySum / b.cyclesWithGreenOccupancy : Double.NaN,
                    b.redOccupancySum / n,
                    b.failures));
        }
    }

    /** The reference's end of data: barriers at or after {@code cutoff} do not exist. */
    void finish(long cutoff) {
        marks.removeIf(m -> m.code() == SplitFailureMark.RED_WINDOW_END && m.ts() >= cutoff);
        long u = cutoff;
        for (SplitFailureMark m : marks) {
            u = Math.max(u, m.ts() + 1);
        }
        integrateTo(u);
        if (cycle != null && !cycle.finalized) {
            finalizeCycle();
        }
    }

    /** When advanceTo may emit: when integration can reach the end of the oldest bin (and its cycle is final). */
    long wakeup() {
        long target;
        if (!bins.isEmpty()) {
            target = bins.firstKey() + settings.binMs();
            if (cycle != null && !cycle.finalized && cycle.barrier != Long.MIN_VALUE && cycle.barrier < target) {
                target = Math.max(target, cycle.barrier + settings.maxWaitMs());
            }
        } else if (cycle != null && !cycle.finalized && cycle.barrier != Long.MIN_VALUE) {
            target =
                    Math.max(settings.binStart(cycle.barrier) + settings.binMs(), cycle.barrier + settings.maxWaitMs());
        } else {
            return Long.MAX_VALUE;
        }
        long t = target;
        for (SplitFailureChannel c : channels.values()) {
            t = Math.max(t, c.lastCode == 0 ? target + 1 : 2 * target - c.lastTs);
        }
        return Math.min(t, target + settings.maxWaitMs());
    }
}
