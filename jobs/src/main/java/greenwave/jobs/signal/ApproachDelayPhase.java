package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalMeasure;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Approach delay, Purdue coordination diagram and degree of saturation of one phase, from its Advance channels.
 * <ul>
 * <li>An arrival is a detector-on moved to the stop bar: {@code ts + distance / speed limit} (0 s when either is
 * unknown), judged once the events up to that time are known. It belongs to the bin of that time.</li>
 * <li>Its phase state is that of {@link PhaseTimeline}: on green (1) or yellow (8) it waits 0; on red (10) it waits
 * until the next begin green; with no known state (before any phase event) it waits 0 and is not on green.</li>
 * <li>Green time is [begin green, begin yellow) (or to begin red clearance when no yellow came), split over
 * bins.</li>
 * <li>A bin's {@link SignalMeasure.DegreeOfSaturation} is emitted at bin end + longest travel time when it had
 * green time (volume / (saturation flow × lanes × green time / bin length)); its
 * {@link SignalMeasure.ApproachDelay} (bins with arrivals) once every red arrival met its next green, or at bin end +
 * travel + {@link MeasureSettings#maxWaitMs()}, counting those still waiting with their delay up to then. Platoon
 * ratio = %AOG / %green time, 0 when the bin had no green.</li>
 * <li>A PCD cycle runs from a begin green to the next one and is emitted at its end + longest travel time.</li>
 * </ul>
 */
final class ApproachDelayPhase implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_PCD_ARRIVALS = 10_000;
    final String deviceId;
    final MeasureSettings settings;
    final int phase;
    /** The longest travel time of the phase's Advance detectors: how long after its end a bin may still change. */
    final long travelMax;

    final int lanes;
    final TreeMap<Long, ApproachDelayBin> bins = new TreeMap<>();
    long greenStart = Long.MIN_VALUE;
    long greenAccrued = Long.MIN_VALUE;
    /** Open and closed-but-not-emitted PCD cycles, oldest first. */
    final ArrayDeque<PcdCycleBuilder> pcd = new ArrayDeque<>();
    /** Stop-bar arrivals (detector-on + travel time) the events have not reached yet, soonest first. */
    final PriorityQueue<Long> upcoming = new PriorityQueue<>();

    ApproachDelayPhase(String deviceId, MeasureSettings settings, int phase, long travelMax, int lanes) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.phase = phase;
        this.travelMax = travelMax;
        this.lanes = Math.max(1, lanes);
    }

    void onPhase(long ts, int code) {
        if (code == SignalCodes.PHASE_BEGIN_GREEN) {
            accrueGreen(ts);
            greenStart = ts;
            greenAccrued = ts;
            for (ApproachDelayBin b : bins.values()) {
                Iterator<Long> it = b.waitingForGreen.iterator();
                while (it.hasNext()) {
                    long a = it.next();
                    if (a < ts) {
                        b.delayMs += ts - a;
                        it.remove();
                    }
                }
            }
            PcdCycleBuilder open = pcd.peekLast();
            if (open != null && open.isOpen()) {
                open.end = ts;
            }
            pcd.addLast(new PcdCycleBuilder(ts));
        } else {
            if (greenStart != Long.MIN_VALUE) {
                accrueGreen(ts);
                greenStart = Long.MIN_VALUE;
            }
            PcdCycleBuilder open = pcd.peekLast();
            if (open != null && open.isOpen()) {
                if (code == SignalCodes.PHASE_BEGIN_YELLOW && open.yellow == null) {
                    open.yellow = ts;
                } else if (code == SignalCodes.PHASE_BEGIN_RED_CLEARANCE && open.red == null) {
                    open.red = ts;
                }
            }
        }
    }

    void accrueGreen(long upTo) {
        if (greenStart == Long.MIN_VALUE) {
            return;
        }
        long from = Math.max(greenStart, greenAccrued);
        while (from < upTo) {
            long b = settings.binStart(from);
            long to = Math.min(upTo, b + settings.binMs());
            bins.computeIfAbsent(b, k -> new ApproachDelayBin()).greenMs += to - from;
            from = to;
        }
        greenAccrued = Math.max(greenAccrued, upTo);
    }

    /** A stop-bar arrival at {@code a}, judged once the events up to it are known ({@link #resolveBefore}). */
    void arriveLater(long a) {
        upcoming.add(a);
    }

    void resolveBefore(long t, PhaseTimeline tl) {
        while (!upcoming.isEmpty() && upcoming.peek() < t) {
            onArrival(upcoming.poll(), tl);
        }
    }

    void onArrival(long a, PhaseTimeline tl) {
        int st = tl.stateAt(a);
        ApproachDelayBin b = bins.computeIfAbsent(settings.binStart(a), k -> new ApproachDelayBin());
        b.arrivals++;
        if (st == SignalCodes.PHASE_BEGIN_GREEN) {
            b.arrivalsOnGreen++;
        } else if (st == SignalCodes.PHASE_BEGIN_RED_CLEARANCE) {
            long g = tl.nextGreenAfter(a);
            if (g != Long.MIN_VALUE) {
                b.delayMs += g - a;
            } else {
                b.waitingForGreen.add(a);
            }
        }
        Iterator<PcdCycleBuilder> it = pcd.descendingIterator();
        while (it.hasNext()) {
            PcdCycleBuilder c = it.next();
            if (c.start <= a) {
                if (a < c.end && c.arrivalsS.size() < MAX_PCD_ARRIVALS) {
                    c.arrivalsS.add((a - c.start) / 1000.0);
                }
                break;
            }
        }
    }

    void emitBins(long t, boolean finishing, Consumer<SignalMeasure> out) {
        Iterator<Map.Entry<Long, ApproachDelayBin>> it = bins.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, ApproachDelayBin> en = it.next();
            long start = en.getKey();
            long ready = start + settings.binMs() + travelMax;
            if (!finishing && ready > t) {
                break;
            }
            ApproachDelayBin b = en.getValue();
            if (!b.saturationDone) {
                b.saturationDone = true;
                if (b.greenMs > 0) {
                    double vol = b.arrivals * 3_600_000.0 / settings.binMs();
                    double ratio = (double) b.greenMs / settings.binMs();
                    out.accept(new SignalMeasure.DegreeOfSaturation(
                            deviceId,
                            start,
                            phase,
                            vol,
                            lanes,
                            ratio,
                            settings.saturationFlowVphpl(),
                            vol / (settings.saturationFlowVphpl() * lanes * ratio)));
                }
            }
            if (b.arrivals == 0) {
                it.remove();
                continue;
            }
            long deadline = finishing ? t : ready + settings.maxWaitMs();
            if (b.waitingForGreen.isEmpty() || finishing || t >= deadline) {
                double delayMs = b.delayMs;
                for (long a : b.waitingForGreen) {
                    delayMs += Math.max(0, deadline - a);
                }
                double vol = b.arrivals * 3_600_000.0 / settings.binMs();
                double pAog = (double) b.arrivalsOnGreen / b.arrivals;
                double pGreen = (double) b.greenMs / settings.binMs();
                out.accept(new SignalMeasure.ApproachDelay(
                        deviceId,
                        start,
                        phase,
                        b.arrivals,
                        vol,
                        delayMs / 1000.0,
                        delayMs / 1000.0 / b.arrivals,
                        b.arrivalsOnGreen,
                        pAog,
                        pGreen,
                        pGreen > 0 ? pAog / pGreen : 0.0));
                it.remove();
            }
        }
    }

    void emitPcd(long t, Consumer<SignalMeasure> out) {
        while (!pcd.isEmpty() && !pcd.peekFirst().isOpen() && pcd.peekFirst().end + travelMax <= t) {
            PcdCycleBuilder c = pcd.pollFirst();
            out.accept(new SignalMeasure.PcdCycle(
                    deviceId, phase, c.start, c.yellow, c.red, c.end, new ArrayList<>(c.arrivalsS)));
        }
    }

    long wakeup() {
        long w = Long.MAX_VALUE;
        for (Map.Entry<Long, ApproachDelayBin> en : bins.entrySet()) {
            long ready = en.getKey() + settings.binMs() + travelMax;
            ApproachDelayBin b = en.getValue();
            if (!b.saturationDone) {
                w = Math.min(w, ready);
            } else if (!b.waitingForGreen.isEmpty()) {
                w = Math.min(w, ready + settings.maxWaitMs());
            }
        }
        PcdCycleBuilder c = pcd.peekFirst();
        if (c != null && !c.isOpen()) {
            w = Math.min(w, c.end + travelMax);
        }
        if (!upcoming.isEmpty()) {
            w = Math.min(w, upcoming.peek() + 1);
        }
        return w;
    }
}
