package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The signal performance measures of one controller (spec measures.md §1), computed as a streaming state machine.
 * One instance per device; it is {@link Serializable} so that it can live in Flink keyed state. All its collections
 * are plain {@code ArrayList}/{@code HashMap}/{@code TreeMap}/{@code ArrayDeque}.
 *
 * <h2>Protocol</h2>
 * <ul>
 * <li>{@link #onEvent} receives the device's events in ({@code ts}, {@code code}) order, exact duplicates dropped.</li>
 * <li>{@link #advanceTo}(t) is called before the events at t are given (and from timers): every event with
 * {@code ts < t} has been given. It emits what became complete.</li>
 * <li>{@link #nextWakeup()} is the earliest time at which {@code advanceTo} may emit something (register a timer).</li>
 * <li>{@link #finish} ends a bounded input: everything left is emitted the way the ATSPM reference treats the end of
 * its data (see below).</li>
 * </ul>
 *
 * <h2>Measures and how they reproduce ATSPM (the {@code atspm} Python package's SQL)</h2>
 * <ul>
 * <li><b>Actuations</b>: detector-ons (82) per channel and bin; emitted when the bin has ended.</li>
 * <li><b>Terminations</b>: 4 / 5 / 6 per phase and bin.</li>
 * <li><b>Arrivals on green</b>: per phase with Advance channels. The phase state is the maximum of the codes 1/8/10
 * seen since the latest begin green (ATSPM takes {@code MAX(Signal_State_Mask)} over the cycle, which is the latest
 * of them in a normal cycle); before the first begin green a detector-on counts in the total and is never green.
 * Phase events at the same time as a detector-on come first. A row is emitted for every bin with arrivals (also with
 * 0 green; the reference omits those).</li>
 * <li><b>Split failures</b>: see {@link SfPhase}.</li>
 * <li><b>Approach delay, PCD, degree of saturation</b>: per phase with Advance channels; see {@link DelayPhase}.</li>
 * </ul>
 *
 * <p>State is bounded: bins are removed once emitted, cycles once evaluated, phase-event history is kept only for the
 * longest latency / travel time. Nested state classes are static (no hidden outer reference), so Kryo, which skips
 * synthetic fields, serializes the engine as well as Java serialization does.
 */
public final class SignalMeasureEngine implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String deviceId;
    private final MeasureSettings s;

    /** Advance detectors by channel: each entry {phase, travel time ms}. */
    private final HashMap<Integer, ArrayList<long[]>> advanceByChannel = new HashMap<>();
    /** Presence channel → phases using it for split failures. */
    private final HashMap<Integer, ArrayList<Integer>> presenceByChannel = new HashMap<>();

    private final TreeMap<Integer, PhaseTimeline> timelines = new TreeMap<>();
    private final TreeMap<Integer, TreeMap<Long, long[]>> aogBins = new TreeMap<>();
    private final TreeMap<Integer, DelayPhase> delay = new TreeMap<>();
    private final TreeMap<Integer, SfPhase> sf = new TreeMap<>();
    private final long lookbackMs;

    /** bin → channel → {count}. */
    private final TreeMap<Long, TreeMap<Integer, long[]>> actuations = new TreeMap<>();
    /** bin → phase → {gap-outs, max-outs, force-offs}. */
    private final TreeMap<Long, TreeMap<Integer, long[]>> terminations = new TreeMap<>();

    private long lastAdvance = Long.MIN_VALUE;
    private long maxEventTs = Long.MIN_VALUE;
    private long lateEventsDropped;

    /**
     * @param deviceId the controller
     * @param layout   its detector configuration, or null (then only actuations and terminations are computed)
     * @param settings the measure settings
     */
    public SignalMeasureEngine(String deviceId, SignalLayout layout, MeasureSettings settings) {
        this.deviceId = deviceId;
        this.s = settings;
        long maxTravel = 0;
        if (layout != null) {
            for (SignalLayout.Detector d : layout.detectors()) {
                switch (d.function()) {
                    case ADVANCE -> {
                        advanceByChannel.computeIfAbsent(d.channel(), k -> new ArrayList<>())
                                .add(new long[]{d.phase(), d.travelTimeMs()});
                        maxTravel = Math.max(maxTravel, d.travelTimeMs());
                    }
                    case PRESENCE -> {
                        ArrayList<Integer> ps = presenceByChannel.computeIfAbsent(d.channel(), k -> new ArrayList<>());
                        if (!ps.contains(d.phase())) {
                            ps.add(d.phase());
                        }
                    }
                    default -> { }
                }
            }
            for (int p : layout.phasesWith(SignalLayout.Function.ADVANCE)) {
                timelines.put(p, new PhaseTimeline());
                aogBins.put(p, new TreeMap<>());
                List<SignalLayout.Detector> adv = layout.detectors(p, SignalLayout.Function.ADVANCE);
                long travelMax = 0;
                for (SignalLayout.Detector d : adv) {
                    travelMax = Math.max(travelMax, d.travelTimeMs());
                }
                Integer lanes = layout.lanes(p);
                int laneCount = lanes != null && lanes > 0 ? lanes
                        : (int) adv.stream().mapToInt(SignalLayout.Detector::channel).distinct().count();
                delay.put(p, new DelayPhase(deviceId, settings, p, travelMax, laneCount));
            }
            for (int p : layout.phasesWith(SignalLayout.Function.PRESENCE)) {
                List<Integer> chans = layout.detectors(p, SignalLayout.Function.PRESENCE).stream()
                        .map(SignalLayout.Detector::channel).distinct().toList();
                sf.put(p, new SfPhase(deviceId, settings, p, chans));
            }
        }
        this.lookbackMs = Math.max(settings.aogLatencyMs(), maxTravel);
    }

    public String deviceId() {
        return deviceId;
    }

    public MeasureSettings settings() {
        return s;
    }

    /** Events given with a time before the last {@link #advanceTo} time, which were ignored. */
    public long lateEventsDropped() {
        return lateEventsDropped;
    }

    // ------------------------------------------------------------------------------------------------ events

    /**
     * Gives the next event (in (ts, code) order). An event older than the last {@link #advanceTo} time breaks the
     * protocol (its bin may already be emitted): it is dropped and counted in {@link #lateEventsDropped()}.
     */
    public void onEvent(SignalEvent e, Consumer<SignalMeasure> out) {
        long ts = e.ts();
        if (lastAdvance != Long.MIN_VALUE && ts < lastAdvance) {
            lateEventsDropped++;
            return;
        }
        resolveArrivalsBefore(ts);
        int code = e.code();
        int param = e.param();
        maxEventTs = Math.max(maxEventTs, ts);
        switch (code) {
            case SignalCodes.DETECTOR_ON -> {
                actuations.computeIfAbsent(s.binStart(ts), k -> new TreeMap<>())
                        .computeIfAbsent(param, k -> new long[1])[0]++;
                onAdvanceOn(ts, param);
                onPresence(ts, param, code);
            }
            case SignalCodes.DETECTOR_OFF -> onPresence(ts, param, code);
            case SignalCodes.PHASE_GAP_OUT, SignalCodes.PHASE_MAX_OUT, SignalCodes.PHASE_FORCE_OFF ->
                    terminations.computeIfAbsent(s.binStart(ts), k -> new TreeMap<>())
                            .computeIfAbsent(param, k -> new long[3])[code - SignalCodes.PHASE_GAP_OUT]++;
            case SignalCodes.PHASE_BEGIN_GREEN, SignalCodes.PHASE_BEGIN_YELLOW, SignalCodes.PHASE_BEGIN_RED_CLEARANCE -> {
                PhaseTimeline tl = timelines.get(param);
                if (tl != null) {
                    tl.apply(ts, code);
                }
                DelayPhase dp = delay.get(param);
                if (dp != null) {
                    dp.onPhase(ts, code);
                    dp.emitPcd(ts, out);
                }
                SfPhase sp = sf.get(param);
                if (sp != null) {
                    sp.onPhase(ts, code);
                }
            }
            default -> { }
        }
    }

    private void onAdvanceOn(long ts, int channel) {
        ArrayList<long[]> advs = advanceByChannel.get(channel);
        if (advs == null) {
            return;
        }
        for (long[] a : advs) {
            int phase = (int) a[0];
            PhaseTimeline tl = timelines.get(phase);
            // arrivals on green (latency offset from the settings)
            long x = ts - s.aogLatencyMs();
            long[] bin = aogBins.get(phase).computeIfAbsent(s.binStart(x), k -> new long[2]);
            bin[0]++;
            if (tl.stateAt(x) == SignalCodes.PHASE_BEGIN_GREEN) {
                bin[1]++;
            }
            // approach delay / PCD / degree of saturation: the vehicle reaches the stop bar a travel time later, when
            // the phase state it meets is not known yet
            delay.get(phase).arriveLater(ts + a[1]);
        }
    }

    /** Stop-bar arrivals before {@code t} meet a known phase state: every event up to them has been given. */
    private void resolveArrivalsBefore(long t) {
        for (DelayPhase dp : delay.values()) {
            dp.resolveBefore(t, timelines.get(dp.phase));
        }
    }

    private void onPresence(long ts, int channel, int code) {
        ArrayList<Integer> phases = presenceByChannel.get(channel);
        if (phases == null) {
            return;
        }
        for (int p : phases) {
            sf.get(p).onDetector(channel, ts, code);
        }
    }

    // ------------------------------------------------------------------------------------------------ time

    /** Every event with {@code ts < t} has been given: emit what is complete. */
    public void advanceTo(long t, Consumer<SignalMeasure> out) {
        if (t > lastAdvance) {
            lastAdvance = t;
        }
        resolveArrivalsBefore(t);
        emitCounts(t, out);
        for (Map.Entry<Integer, TreeMap<Long, long[]>> en : aogBins.entrySet()) {
            emitAog(en.getKey(), en.getValue(), t - s.aogLatencyMs(), out);
        }
        for (SfPhase sp : sf.values()) {
            sp.advance(t);
            sp.emitBins(false, out);
        }
        for (DelayPhase dp : delay.values()) {
            dp.accrueGreen(t);
            dp.emitBins(t, false, out);
            dp.emitPcd(t, out);
        }
        if (lookbackMs >= 0 && t != Long.MIN_VALUE) {
            long horizon = t - lookbackMs - 1;
            for (PhaseTimeline tl : timelines.values()) {
                tl.prune(horizon);
            }
        }
    }

    /** The earliest event time at which {@link #advanceTo} would emit something, or {@code Long.MAX_VALUE}. */
    public long nextWakeup() {
        long w = Long.MAX_VALUE;
        if (!actuations.isEmpty()) {
            w = Math.min(w, actuations.firstKey() + s.binMs());
        }
        if (!terminations.isEmpty()) {
            w = Math.min(w, terminations.firstKey() + s.binMs());
        }
        for (TreeMap<Long, long[]> bins : aogBins.values()) {
            if (!bins.isEmpty()) {
                w = Math.min(w, bins.firstKey() + s.binMs() + s.aogLatencyMs());
            }
        }
        for (SfPhase sp : sf.values()) {
            w = Math.min(w, sp.wakeup());
        }
        for (DelayPhase dp : delay.values()) {
            w = Math.min(w, dp.wakeup());
        }
        if (w != Long.MAX_VALUE && lastAdvance != Long.MIN_VALUE && w <= lastAdvance) {
            // never ask for a time already reached (something is waiting for an event, not for time)
            w = lastAdvance + 1;
        }
        return w;
    }

    /**
     * End of a bounded input: emits every bin with data. Split failures follow the reference's end rule: the red
     * window end ("barrier") of a cycle exists only if it lies before the end of the bin holding the last event
     * (ATSPM: {@code TIME_BUCKET(MAX(TimeStamp)) + bin}); detector states after the last events are taken as
     * unchanged. Approach-delay arrivals still waiting count with their delay up to the last event. The PCD cycle still
     * open (no next begin green) is not emitted.
     */
    public void finish(Consumer<SignalMeasure> out) {
        if (maxEventTs == Long.MIN_VALUE) {
            return;
        }
        long end = Long.MAX_VALUE - 2 * s.binMs();
        resolveArrivalsBefore(Long.MAX_VALUE); // arrivals after the last event meet the state it left
        emitCounts(end, out);
        for (Map.Entry<Integer, TreeMap<Long, long[]>> en : aogBins.entrySet()) {
            emitAog(en.getKey(), en.getValue(), end, out);
        }
        long cutoff = s.binStart(maxEventTs) + s.binMs();
        for (SfPhase sp : sf.values()) {
            sp.finish(cutoff);
            sp.emitBins(true, out);
        }
        for (DelayPhase dp : delay.values()) {
            dp.accrueGreen(maxEventTs);
            dp.emitBins(maxEventTs, true, out);
            dp.emitPcd(end, out);
        }
    }

    private void emitCounts(long t, Consumer<SignalMeasure> out) {
        while (!actuations.isEmpty() && actuations.firstKey() + s.binMs() <= t) {
            Map.Entry<Long, TreeMap<Integer, long[]>> en = actuations.pollFirstEntry();
            en.getValue().forEach((ch, c) -> out.accept(new SignalMeasure.Actuations(deviceId, en.getKey(), ch, c[0])));
        }
        while (!terminations.isEmpty() && terminations.firstKey() + s.binMs() <= t) {
            Map.Entry<Long, TreeMap<Integer, long[]>> en = terminations.pollFirstEntry();
            en.getValue().forEach((ph, c) -> {
                String[] names = {SignalMeasure.Terminations.GAP_OUT, SignalMeasure.Terminations.MAX_OUT,
                        SignalMeasure.Terminations.FORCE_OFF};
                for (int i = 0; i < 3; i++) {
                    if (c[i] > 0) {
                        out.accept(new SignalMeasure.Terminations(deviceId, en.getKey(), ph, names[i], c[i]));
                    }
                }
            });
        }
    }

    private void emitAog(int phase, TreeMap<Long, long[]> bins, long t, Consumer<SignalMeasure> out) {
        while (!bins.isEmpty() && bins.firstKey() + s.binMs() <= t) {
            Map.Entry<Long, long[]> en = bins.pollFirstEntry();
            long total = en.getValue()[0];
            long green = en.getValue()[1];
            out.accept(new SignalMeasure.ArrivalsOnGreen(deviceId, en.getKey(), phase, total, green,
                    total == 0 ? 0.0 : (double) green / total));
        }
    }

    // ------------------------------------------------------------------------------------------------ phase state

    /**
     * The state of one phase over time for arrivals: 0 unknown (before any 1/8/10), else the maximum of the codes
     * 1/8/10 since the latest begin green. A short history (the longest latency / travel time) answers
     * "state at x" for detector-ons moved earlier.
     */
    static final class PhaseTimeline implements Serializable {
        private static final long serialVersionUID = 1L;
        /** {ts, code, state after}. */
        final ArrayDeque<long[]> hist = new ArrayDeque<>();
        int baseState;
        int state;

        void apply(long ts, int code) {
            state = code == SignalCodes.PHASE_BEGIN_GREEN ? code : Math.max(state, code);
            hist.addLast(new long[]{ts, code, state});
        }

        /** State after every phase event with ts ≤ x (phase events sort before detector events at equal times). */
        int stateAt(long x) {
            Iterator<long[]> it = hist.descendingIterator();
            while (it.hasNext()) {
                long[] h = it.next();
                if (h[0] <= x) {
                    return (int) h[2];
                }
            }
            return baseState;
        }

        /** The first begin green after x in the history, or Long.MIN_VALUE if none yet. */
        long nextGreenAfter(long x) {
            for (long[] h : hist) {
                if (h[1] == SignalCodes.PHASE_BEGIN_GREEN && h[0] > x) {
                    return h[0];
                }
            }
            return Long.MIN_VALUE;
        }

        void prune(long before) {
            while (!hist.isEmpty() && hist.peekFirst()[0] < before) {
                baseState = (int) hist.pollFirst()[2];
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ approach delay

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
    static final class DelayPhase implements Serializable {
        private static final long serialVersionUID = 1L;
        private static final int MAX_PCD_ARRIVALS = 10_000;
        final String deviceId;
        final MeasureSettings s;
        final int phase;
        final long travelMax;
        final int lanes;
        final TreeMap<Long, AdBin> bins = new TreeMap<>();
        long greenStart = Long.MIN_VALUE;
        long greenAccrued = Long.MIN_VALUE;
        /** Open and closed-but-not-emitted PCD cycles, oldest first. */
        final ArrayDeque<Pcd> pcd = new ArrayDeque<>();
        /** Stop-bar arrivals (detector-on + travel time) the events have not reached yet, soonest first. */
        final PriorityQueue<Long> upcoming = new PriorityQueue<>();

        DelayPhase(String deviceId, MeasureSettings s, int phase, long travelMax, int lanes) {
            this.deviceId = deviceId;
            this.s = s;
            this.phase = phase;
            this.travelMax = travelMax;
            this.lanes = Math.max(1, lanes);
        }

        void onPhase(long ts, int code) {
            if (code == SignalCodes.PHASE_BEGIN_GREEN) {
                accrueGreen(ts);
                greenStart = ts;
                greenAccrued = ts;
                for (AdBin b : bins.values()) {
                    Iterator<Long> it = b.pending.iterator();
                    while (it.hasNext()) {
                        long a = it.next();
                        if (a < ts) {
                            b.delayMs += ts - a;
                            it.remove();
                        }
                    }
                }
                Pcd open = pcd.peekLast();
                if (open != null && open.end == Long.MAX_VALUE) {
                    open.end = ts;
                }
                pcd.addLast(new Pcd(ts));
            } else {
                if (greenStart != Long.MIN_VALUE) {
                    accrueGreen(ts);
                    greenStart = Long.MIN_VALUE;
                }
                Pcd open = pcd.peekLast();
                if (open != null && open.end == Long.MAX_VALUE) {
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
                long b = s.binStart(from);
                long to = Math.min(upTo, b + s.binMs());
                bins.computeIfAbsent(b, k -> new AdBin()).greenMs += to - from;
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
            AdBin b = bins.computeIfAbsent(s.binStart(a), k -> new AdBin());
            b.arrivals++;
            if (st == SignalCodes.PHASE_BEGIN_GREEN) {
                b.aog++;
            } else if (st == SignalCodes.PHASE_BEGIN_RED_CLEARANCE) {
                long g = tl.nextGreenAfter(a);
                if (g != Long.MIN_VALUE) {
                    b.delayMs += g - a;
                } else {
                    b.pending.add(a);
                }
            }
            Iterator<Pcd> it = pcd.descendingIterator();
            while (it.hasNext()) {
                Pcd c = it.next();
                if (c.start <= a) {
                    if (a < c.end && c.arrivals.size() < MAX_PCD_ARRIVALS) {
                        c.arrivals.add((a - c.start) / 1000.0);
                    }
                    break;
                }
            }
        }

        void emitBins(long t, boolean finishing, Consumer<SignalMeasure> out) {
            Iterator<Map.Entry<Long, AdBin>> it = bins.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, AdBin> en = it.next();
                long start = en.getKey();
                long ready = start + s.binMs() + travelMax;
                if (!finishing && ready > t) {
                    break;
                }
                AdBin b = en.getValue();
                if (!b.dosDone) {
                    b.dosDone = true;
                    if (b.greenMs > 0) {
                        double vol = b.arrivals * 3_600_000.0 / s.binMs();
                        double ratio = (double) b.greenMs / s.binMs();
                        out.accept(new SignalMeasure.DegreeOfSaturation(deviceId, start, phase, vol, lanes, ratio,
                                s.saturationFlowVphpl(), vol / (s.saturationFlowVphpl() * lanes * ratio)));
                    }
                }
                if (b.arrivals == 0) {
                    it.remove();
                    continue;
                }
                long deadline = finishing ? t : ready + s.maxWaitMs();
                if (b.pending.isEmpty() || finishing || t >= deadline) {
                    double delayMs = b.delayMs;
                    for (long a : b.pending) {
                        delayMs += Math.max(0, deadline - a);
                    }
                    double vol = b.arrivals * 3_600_000.0 / s.binMs();
                    double pAog = (double) b.aog / b.arrivals;
                    double pGreen = (double) b.greenMs / s.binMs();
                    out.accept(new SignalMeasure.ApproachDelay(deviceId, start, phase, b.arrivals, vol,
                            delayMs / 1000.0, delayMs / 1000.0 / b.arrivals, b.aog, pAog, pGreen,
                            pGreen > 0 ? pAog / pGreen : 0.0));
                    it.remove();
                }
            }
        }

        void emitPcd(long t, Consumer<SignalMeasure> out) {
            while (!pcd.isEmpty() && pcd.peekFirst().end != Long.MAX_VALUE
                    && pcd.peekFirst().end + travelMax <= t) {
                Pcd c = pcd.pollFirst();
                out.accept(new SignalMeasure.PcdCycle(deviceId, phase, c.start, c.yellow, c.red, c.end,
                        new ArrayList<>(c.arrivals)));
            }
        }

        long wakeup() {
            long w = Long.MAX_VALUE;
            for (Map.Entry<Long, AdBin> en : bins.entrySet()) {
                long ready = en.getKey() + s.binMs() + travelMax;
                AdBin b = en.getValue();
                if (!b.dosDone) {
                    w = Math.min(w, ready);
                } else if (!b.pending.isEmpty()) {
                    w = Math.min(w, ready + s.maxWaitMs());
                }
            }
            Pcd c = pcd.peekFirst();
            if (c != null && c.end != Long.MAX_VALUE) {
                w = Math.min(w, c.end + travelMax);
            }
            if (!upcoming.isEmpty()) {
                w = Math.min(w, upcoming.peek() + 1);
            }
            return w;
        }
    }

    static final class AdBin implements Serializable {
        private static final long serialVersionUID = 1L;
        long arrivals;
        long aog;
        long greenMs;
        double delayMs;
        boolean dosDone;
        final ArrayList<Long> pending = new ArrayList<>();
    }

    static final class Pcd implements Serializable {
        private static final long serialVersionUID = 1L;
        final long start;
        Long yellow;
        Long red;
        long end = Long.MAX_VALUE;
        final ArrayList<Double> arrivals = new ArrayList<>();

        Pcd(long start) {
            this.start = start;
        }
    }

    // ------------------------------------------------------------------------------------------------ split failures

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
    static final class SfPhase implements Serializable {
        private static final long serialVersionUID = 1L;
        final String deviceId;
        final MeasureSettings s;
        final int phase;
        final TreeMap<Integer, SfChannel> channels = new TreeMap<>();
        long firstDetRowTs = Long.MAX_VALUE;
        /** Pending phase marks {ts, code}, sorted by (ts, code). */
        final ArrayList<long[]> marks = new ArrayList<>();
        long integrated = Long.MIN_VALUE;
        SfCycle cycle;
        int state;
        /** bin → {cycles, Σ green time s, Σ green occupancy, cycles with green occupancy, Σ red occupancy, failures}. */
        final TreeMap<Long, double[]> bins = new TreeMap<>();

        SfPhase(String deviceId, MeasureSettings s, int phase, List<Integer> chans) {
            this.deviceId = deviceId;
            this.s = s;
            this.phase = phase;
            for (int c : chans) {
                channels.put(c, new SfChannel());
            }
        }

        void onPhase(long ts, int code) {
            addMark(ts, code);
            if (code == SignalCodes.PHASE_BEGIN_RED_CLEARANCE) {
                addMark(ts + s.redWindowMs(), 11);
            }
        }

        private void addMark(long ts, int code) {
            int i = marks.size();
            while (i > 0 && (marks.get(i - 1)[0] > ts || (marks.get(i - 1)[0] == ts && marks.get(i - 1)[1] > code))) {
                i--;
            }
            marks.add(i, new long[]{ts, code});
        }

        void onDetector(int channel, long ts, int code) {
            SfChannel c = channels.get(channel);
            if (c == null) {
                return;
            }
            if (c.lastCode == 0) {
                if (code == SignalCodes.DETECTOR_OFF) {
                    c.add(ts - 1, true);
                    c.add(ts, false);
                    firstDetRowTs = Math.min(firstDetRowTs, ts - 1);
                } else {
                    c.add(ts, true);
                    firstDetRowTs = Math.min(firstDetRowTs, ts);
                }
            } else {
                long gap = ts - c.lastTs;
                if (c.lastCode == SignalCodes.DETECTOR_ON && code == SignalCodes.DETECTOR_ON) {
                    if (gap > s.cleanupGapMs()) {
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
            for (SfChannel c : channels.values()) {
                u = Math.min(u, c.certainUntil(t));
            }
            u = Math.max(u, t - s.maxWaitMs());
            integrateTo(u);
        }

        void integrateTo(long u) {
            while (true) {
                long x = u;
                if (!marks.isEmpty()) {
                    x = Math.min(x, marks.get(0)[0]);
                }
                for (SfChannel c : channels.values()) {
                    if (!c.trans.isEmpty()) {
                        x = Math.min(x, c.trans.peekFirst()[0]);
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
                for (SfChannel c : channels.values()) {
                    while (!c.trans.isEmpty() && c.trans.peekFirst()[0] <= x) {
                        c.on = c.trans.pollFirst()[1] == 1;
                    }
                }
                while (!marks.isEmpty() && marks.get(0)[0] <= x) {
                    long[] m = marks.remove(0);
                    mark(m[0], (int) m[1]);
                }
                checkTimeout();
            }
            checkTimeout();
        }

        private void accumulate(long d) {
            if (cycle == null || cycle.finalized) {
                return;
            }
            boolean occ = false;
            for (SfChannel c : channels.values()) {
                occ |= c.on;
            }
            if (state == SignalCodes.PHASE_BEGIN_GREEN) {
                cycle.greenMs += d;
                if (occ) {
                    cycle.greenOnMs += d;
                }
            } else if (state == SignalCodes.PHASE_BEGIN_RED_CLEARANCE) {
                if (occ) {
                    cycle.redOnMs += d;
                }
            }
        }

        private void mark(long ts, int code) {
            if (code == SignalCodes.PHASE_BEGIN_GREEN) {
                if (cycle != null && !cycle.finalized) {
                    finalizeCycle();
                }
                cycle = new SfCycle(ts);
                state = code;
                return;
            }
            state = Math.max(state, code);
            if (cycle == null) {
                return;
            }
            if (code == SignalCodes.PHASE_BEGIN_YELLOW) {
                cycle.yellows++;
            } else if (code == 11) {
                cycle.barriers++;
                if (cycle.barrier == Long.MIN_VALUE) {
                    cycle.barrier = ts;
                }
            }
        }

        private void checkTimeout() {
            if (cycle != null && !cycle.finalized && cycle.barrier != Long.MIN_VALUE
                    && integrated >= cycle.barrier + s.maxWaitMs()) {
                finalizeCycle();
            }
        }

        private void finalizeCycle() {
            SfCycle c = cycle;
            c.finalized = true;
            if (c.yellows != 1 || c.barriers != 1 || firstDetRowTs >= c.start) {
                return;
            }
            double[] b = bins.computeIfAbsent(s.binStart(c.barrier), k -> new double[6]);
            // per-cycle values in float32 like the reference (CAST(… AS FLOAT) / …), averaged in double
            double greenOcc = c.greenMs > 0 ? (float) c.greenOnMs / (float) c.greenMs : Double.NaN;
            double redOcc = (float) c.redOnMs / (float) s.redWindowMs();
            b[0]++;
            b[1] += (float) c.greenMs / 1000f;
            if (!Double.isNaN(greenOcc)) {
                b[2] += greenOcc;
                b[3]++;
            }
            b[4] += redOcc;
            if (!Double.isNaN(greenOcc) && greenOcc >= s.greenOccupancyThreshold()
                    && redOcc >= s.redOccupancyThreshold()) {
                b[5]++;
            }
        }

        private boolean binReady(long binStart) {
            long end = binStart + s.binMs();
            if (integrated < end) {
                return false;
            }
            return cycle == null || cycle.finalized || cycle.barrier == Long.MIN_VALUE || cycle.barrier >= end;
        }

        void emitBins(boolean finishing, Consumer<SignalMeasure> out) {
            while (!bins.isEmpty() && (finishing || binReady(bins.firstKey()))) {
                Map.Entry<Long, double[]> en = bins.pollFirstEntry();
                double[] b = en.getValue();
                int n = (int) b[0];
                out.accept(new SignalMeasure.SplitFailures(deviceId, en.getKey(), phase, n, b[1] / n,
                        b[3] > 0 ? b[2] / b[3] : Double.NaN, b[4] / n, (int) b[5]));
            }
        }

        /** The reference's end of data: barriers at or after {@code cutoff} do not exist. */
        void finish(long cutoff) {
            marks.removeIf(m -> m[1] == 11 && m[0] >= cutoff);
            long u = cutoff;
            for (long[] m : marks) {
                u = Math.max(u, m[0] + 1);
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
                target = bins.firstKey() + s.binMs();
                if (cycle != null && !cycle.finalized && cycle.barrier != Long.MIN_VALUE && cycle.barrier < target) {
                    target = Math.max(target, cycle.barrier + s.maxWaitMs());
                }
            } else if (cycle != null && !cycle.finalized && cycle.barrier != Long.MIN_VALUE) {
                target = Math.max(s.binStart(cycle.barrier) + s.binMs(), cycle.barrier + s.maxWaitMs());
            } else {
                return Long.MAX_VALUE;
            }
            long t = target;
            for (SfChannel c : channels.values()) {
                t = Math.max(t, c.lastCode == 0 ? target + 1 : 2 * target - c.lastTs);
            }
            return Math.min(t, target + s.maxWaitMs());
        }
    }

    static final class SfChannel implements Serializable {
        private static final long serialVersionUID = 1L;
        long lastTs = Long.MIN_VALUE;
        int lastCode;
        /** Cleaned transitions not yet integrated: {ts, 1 = on / 0 = off}. */
        final ArrayDeque<long[]> trans = new ArrayDeque<>();
        boolean on;

        void add(long ts, boolean isOn) {
            trans.addLast(new long[]{ts, isOn ? 1 : 0});
        }

        /** Up to when (exclusive) this channel's cleaned state is certain, given no event of it before t. */
        long certainUntil(long t) {
            if (lastCode == 0) {
                return t - 1;
            }
            if (t <= lastTs) {
                return lastTs;
            }
            return lastTs + (t - lastTs) / 2;
        }
    }

    static final class SfCycle implements Serializable {
        private static final long serialVersionUID = 1L;
        final long start;
        int yellows;
        int barriers;
        long barrier = Long.MIN_VALUE;
        long greenMs;
        long greenOnMs;
        long redOnMs;
        boolean finalized;

        SfCycle(long start) {
            this.start = start;
        }
    }
}
