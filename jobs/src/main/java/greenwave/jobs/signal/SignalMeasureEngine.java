package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <li><b>Split failures</b>: see {@link SplitFailurePhase}.</li>
 * <li><b>Approach delay, PCD, degree of saturation</b>: per phase with Advance channels; see
 * {@link ApproachDelayPhase}.</li>
 * <li><b>Yellow and red actuations</b>: per phase with Yellow_Red channels; see {@link YellowRedPhase}.</li>
 * <li><b>Preemption details</b> (ATSPM 5): one record per preemption cycle of each preempt input; see
 * {@link PreemptInput}.</li>
 * <li><b>Coordination changes and cycle lengths</b>: every pattern / cycle length / offset change, and per phase and
 * bin the cycle lengths observed between begin greens; see {@link CoordinationTimeline}.</li>
 * </ul>
 *
 * <p>State is bounded: bins are removed once emitted, cycles once evaluated, phase-event history is kept only for the
 * longest latency / travel time. The state classes are top-level classes of this package (no hidden outer reference)
 * holding named fields, plain collections and records, so Kryo serializes the engine as well as Java serialization
 * does.
 */
public final class SignalMeasureEngine implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String deviceId;
    private final MeasureSettings s;

    /** Advance detectors by channel. */
    private final HashMap<Integer, ArrayList<AdvanceDetector>> advanceByChannel = new HashMap<>();
    /** Presence channel → phases using it for split failures. */
    private final HashMap<Integer, ArrayList<Integer>> presenceByChannel = new HashMap<>();

    /** Phases with Advance channels → their state over time. */
    private final TreeMap<Integer, PhaseTimeline> timelines = new TreeMap<>();
    /** Phase → bin → arrivals on green. */
    private final TreeMap<Integer, TreeMap<Long, AogCounts>> aogBins = new TreeMap<>();

    private final TreeMap<Integer, ApproachDelayPhase> approachDelay = new TreeMap<>();
    private final TreeMap<Integer, SplitFailurePhase> splitFailures = new TreeMap<>();
    /** Yellow_Red channel → phases using it. */
    private final HashMap<Integer, ArrayList<Integer>> yellowRedByChannel = new HashMap<>();
    /** Phases with Yellow_Red channels → their yellow and red actuations. */
    private final TreeMap<Integer, YellowRedPhase> yellowRed = new TreeMap<>();

    private final long lookbackMs;

    /** Bin → channel → detector-ons. */
    private final TreeMap<Long, TreeMap<Integer, ActuationCount>> actuations = new TreeMap<>();
    /** Bin → phase → terminations. */
    private final TreeMap<Long, TreeMap<Integer, TerminationCounts>> terminations = new TreeMap<>();

    /** Preempt number → its cycle being built. */
    private final TreeMap<Integer, PreemptInput> preempts = new TreeMap<>();

    private final CoordinationTimeline coordination = new CoordinationTimeline();

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
                        advanceByChannel
                                .computeIfAbsent(d.channel(), k -> new ArrayList<>())
                                .add(new AdvanceDetector(d.phase(), d.travelTimeMs()));
                        maxTravel = Math.max(maxTravel, d.travelTimeMs());
                    }
                    case PRESENCE -> {
                        ArrayList<Integer> ps = presenceByChannel.computeIfAbsent(d.channel(), k -> new ArrayList<>());
                        if (!ps.contains(d.phase())) {
                            ps.add(d.phase());
                        }
                    }
                    case YELLOW_RED -> {
                        ArrayList<Integer> ps = yellowRedByChannel.computeIfAbsent(d.channel(), k -> new ArrayList<>());
                        if (!ps.contains(d.phase())) {
                            ps.add(d.phase());
                        }
                        yellowRed.computeIfAbsent(d.phase(), p -> new YellowRedPhase(deviceId, p, settings.binMs()));
                    }
                    default -> {}
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
                int laneCount = lanes != null && lanes > 0
                        ? lanes
                        : (int) adv.stream()
                                .mapToInt(SignalLayout.Detector::channel)
                                .distinct()
                                .count();
                approachDelay.put(p, new ApproachDelayPhase(deviceId, settings, p, travelMax, laneCount));
            }
            for (int p : layout.phasesWith(SignalLayout.Function.PRESENCE)) {
                List<Integer> chans = layout.detectors(p, SignalLayout.Function.PRESENCE).stream()
                        .map(SignalLayout.Detector::channel)
                        .distinct()
                        .toList();
                splitFailures.put(p, new SplitFailurePhase(deviceId, settings, p, chans));
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
                actuations
                        .computeIfAbsent(s.binStart(ts), k -> new TreeMap<>())
                        .computeIfAbsent(param, k -> new ActuationCount())
                        .count++;
                onAdvanceOn(ts, param);
                onPresence(ts, param, code);
                onYellowRedOn(ts, param);
            }
            case SignalCodes.DETECTOR_OFF -> onPresence(ts, param, code);
            case SignalCodes.PHASE_GAP_OUT, SignalCodes.PHASE_MAX_OUT, SignalCodes.PHASE_FORCE_OFF ->
                terminations
                        .computeIfAbsent(s.binStart(ts), k -> new TreeMap<>())
                        .computeIfAbsent(param, k -> new TerminationCounts())
                        .add(code);
            case SignalCodes.PHASE_BEGIN_GREEN,
                    SignalCodes.PHASE_BEGIN_YELLOW,
                    SignalCodes.PHASE_BEGIN_RED_CLEARANCE -> {
                PhaseTimeline tl = timelines.get(param);
                if (tl != null) {
                    tl.apply(ts, code);
                }
                ApproachDelayPhase dp = approachDelay.get(param);
                if (dp != null) {
                    dp.onPhase(ts, code);
                    dp.emitPcd(ts, out);
                }
                SplitFailurePhase sp = splitFailures.get(param);
                if (sp != null) {
                    sp.onPhase(ts, code);
                }
                YellowRedPhase yr = yellowRed.get(param);
                if (yr != null) {
                    yr.onPhase(ts, code);
                }
            }
            default -> {}
        }
        onPreemptOrCoordination(ts, code, param, out);
    }

    private void onPreemptOrCoordination(long ts, int code, int param, Consumer<SignalMeasure> out) {
        if (code >= SignalCodes.PREEMPT_CALL_ON && code <= SignalCodes.PREEMPT_BEGIN_EXIT) {
            preempts.computeIfAbsent(param, PreemptInput::new).onEvent(deviceId, ts, code, out);
        }
        coordination.onEvent(deviceId, s, ts, code, param, out);
    }

    private void onAdvanceOn(long ts, int channel) {
        ArrayList<AdvanceDetector> advs = advanceByChannel.get(channel);
        if (advs == null) {
            return;
        }
        for (AdvanceDetector a : advs) {
            int phase = a.phase();
            PhaseTimeline tl = timelines.get(phase);
            // arrivals on green (latency offset from the settings)
            long x = ts - s.aogLatencyMs();
            AogCounts bin = aogBins.get(phase).computeIfAbsent(s.binStart(x), k -> new AogCounts());
            bin.arrivals++;
            if (tl.stateAt(x) == SignalCodes.PHASE_BEGIN_GREEN) {
                bin.onGreen++;
            }
            // approach delay / PCD / degree of saturation: the vehicle reaches the stop bar a travel time later, when
            // the phase state it meets is not known yet
            approachDelay.get(phase).arriveLater(ts + a.travelTimeMs());
        }
    }

    /** Stop-bar arrivals before {@code t} meet a known phase state: every event up to them has been given. */
    private void resolveArrivalsBefore(long t) {
        for (ApproachDelayPhase dp : approachDelay.values()) {
            dp.resolveBefore(t, timelines.get(dp.phase));
        }
    }

    private void onPresence(long ts, int channel, int code) {
        ArrayList<Integer> phases = presenceByChannel.get(channel);
        if (phases == null) {
            return;
        }
        for (int p : phases) {
            splitFailures.get(p).onDetector(channel, ts, code);
        }
    }

    private void onYellowRedOn(long ts, int channel) {
        ArrayList<Integer> phases = yellowRedByChannel.get(channel);
        if (phases == null) {
            return;
        }
        for (int p : phases) {
            yellowRed.get(p).onDetectorOn(ts);
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
        for (Map.Entry<Integer, TreeMap<Long, AogCounts>> en : aogBins.entrySet()) {
            emitAog(en.getKey(), en.getValue(), t - s.aogLatencyMs(), out);
        }
        for (SplitFailurePhase sp : splitFailures.values()) {
            sp.advance(t);
            sp.emitBins(false, out);
        }
        for (ApproachDelayPhase dp : approachDelay.values()) {
            dp.accrueGreen(t);
            dp.emitBins(t, false, out);
            dp.emitPcd(t, out);
        }
        for (YellowRedPhase yr : yellowRed.values()) {
            yr.advance(t, out);
        }
        if (lookbackMs >= 0 && t != Long.MIN_VALUE) {
            long horizon = t - lookbackMs - 1;
            for (PhaseTimeline tl : timelines.values()) {
                tl.prune(horizon);
            }
        }
        for (PreemptInput p : preempts.values()) {
            p.advance(deviceId, t, out);
        }
        preempts.values().removeIf(PreemptInput::idle);
        coordination.advance(deviceId, s, t, out);
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
        for (TreeMap<Long, AogCounts> bins : aogBins.values()) {
            if (!bins.isEmpty()) {
                w = Math.min(w, bins.firstKey() + s.binMs() + s.aogLatencyMs());
            }
        }
        for (SplitFailurePhase sp : splitFailures.values()) {
            w = Math.min(w, sp.wakeup());
        }
        for (ApproachDelayPhase dp : approachDelay.values()) {
            w = Math.min(w, dp.wakeup());
        }
        for (YellowRedPhase yr : yellowRed.values()) {
            w = Math.min(w, yr.wakeup());
        }
        for (PreemptInput p : preempts.values()) {
            w = Math.min(w, p.wakeup());
        }
        w = Math.min(w, coordination.wakeup(s));
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
        for (Map.Entry<Integer, TreeMap<Long, AogCounts>> en : aogBins.entrySet()) {
            emitAog(en.getKey(), en.getValue(), end, out);
        }
        long cutoff = s.binStart(maxEventTs) + s.binMs();
        for (SplitFailurePhase sp : splitFailures.values()) {
            sp.finish(cutoff);
            sp.emitBins(true, out);
        }
        for (ApproachDelayPhase dp : approachDelay.values()) {
            dp.accrueGreen(maxEventTs);
            dp.emitBins(maxEventTs, true, out);
            dp.emitPcd(end, out);
        }
        for (YellowRedPhase yr : yellowRed.values()) {
            yr.finish(out);
        }
        for (PreemptInput p : preempts.values()) {
            p.finish(deviceId, out);
        }
        preempts.clear();
        coordination.finish(deviceId, s, out);
    }

    private void emitCounts(long t, Consumer<SignalMeasure> out) {
        while (!actuations.isEmpty() && actuations.firstKey() + s.binMs() <= t) {
            Map.Entry<Long, TreeMap<Integer, ActuationCount>> en = actuations.pollFirstEntry();
            en.getValue()
                    .forEach((ch, c) -> out.accept(new SignalMeasure.Actuations(deviceId, en.getKey(), ch, c.count)));
        }
        while (!terminations.isEmpty() && terminations.firstKey() + s.binMs() <= t) {
            Map.Entry<Long, TreeMap<Integer, TerminationCounts>> en = terminations.pollFirstEntry();
            en.getValue().forEach((ph, c) -> c.emit(deviceId, en.getKey(), ph, out));
        }
    }

    private void emitAog(int phase, TreeMap<Long, AogCounts> bins, long t, Consumer<SignalMeasure> out) {
        while (!bins.isEmpty() && bins.firstKey() + s.binMs() <= t) {
            Map.Entry<Long, AogCounts> en = bins.pollFirstEntry();
            long total = en.getValue().arrivals;
            long green = en.getValue().onGreen;
            out.accept(new SignalMeasure.ArrivalsOnGreen(
                    deviceId, en.getKey(), phase, total, green, total == 0 ? 0.0 : (double) green / total));
        }
    }
}
