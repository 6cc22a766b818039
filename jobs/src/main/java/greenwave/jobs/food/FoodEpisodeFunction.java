package greenwave.jobs.food;

import greenwave.jobs.common.DataEnd;
import greenwave.schemas.Alert;
import greenwave.schemas.KitchenOperation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Where CEP's semantics stop short of the spec: episodes and dedup, per key ({@link FoodSignal#key()}), in event
 * time. Signals are buffered and handled at their time (event-time timer), all signals of one instant together, raw
 * events before CEP results, so the outcome does not depend on arrival order.
 * <ul>
 *   <li>sensor ({@code s:}): one cold-chain / hot-holding episode per excursion (a timeout while one is open is the
 *   same excursion), closed by the first in-range reading; cold chain turns critical at start + 60 min or at the
 *   first reading above 15 °C after opening; one offline episode per gap, closed by the next reading.</li>
 *   <li>kitchen cameras ({@code k:}): a hygiene match opens a burst unless one is open; every qualifying detection
 *   at most the window after the previous keeps it open, a longer gap ends it. A hazard opens unless a violation of
 *   the same type opened at most {@code hazard_join_s} before.</li>
 *   <li>meals ({@code m:}): a meal no disinfection match covers is a violation; a sample timeout is one.</li>
 *   <li>trace codes ({@code i:}): each use is judged on the latest matched receipt (none: traceability gap).</li>
 * </ul>
 * State is bounded: the buffer empties as the watermark passes; episodes are cleared on close; a burst is cleared
 * a window after its last detection, a hazard type after its join time. A sensor that never reports again does not
 * keep its open episodes forever: with no reading for {@code silent_sensor_close_s} after its last reading (or the
 * episode's opening, if later) they close then with no evidence (the alert's details say {@code sensor_silent}) and
 * its state goes; the spec's rules are unchanged up to that time.
 */
public final class FoodEpisodeFunction extends KeyedBroadcastProcessFunction<String, FoodSignal, Long, FoodViolation> {
    private final FoodSettings settings;

    private transient MapState<Long, List<FoodSignal>> buffer;
    /** The open cold-chain / hot-holding episode of a sensor (its last record). */
    private transient ValueState<FoodViolation> excursion;
    /** When the open cold-chain episode turns critical (start + critical_after), or null. */
    private transient ValueState<Long> escalateAt;

    private transient ValueState<FoodViolation> offline;
    /** Time of a kitchen's last qualifying hygiene detection, and whether its burst has a violation. */
    private transient ValueState<Long> lastHygiene;

    private transient ValueState<Boolean> burstOpen;
    /** Hazard type → time of its violation's first detection. */
    private transient MapState<String, Long> hazards;
    /** While a sensor has an open episode: when it counts as silent (its timer closes the episodes then). */
    private transient ValueState<Long> silentAt;
    /** A reading was handled, or an episode opened, at the instant being handled. */
    private transient boolean sensorSeen;

    public FoodEpisodeFunction(FoodSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        var ctx = getRuntimeContext();
        buffer = ctx.getMapState(
                new MapStateDescriptor<>("buffer", Types.LONG, Types.LIST(TypeInformation.of(FoodSignal.class))));
        excursion = ctx.getState(new ValueStateDescriptor<>("excursion", TypeInformation.of(FoodViolation.class)));
        escalateAt = ctx.getState(new ValueStateDescriptor<>("escalate-at", Types.LONG));
        offline = ctx.getState(new ValueStateDescriptor<>("offline", TypeInformation.of(FoodViolation.class)));
        lastHygiene = ctx.getState(new ValueStateDescriptor<>("last-hygiene", Types.LONG));
        burstOpen = ctx.getState(new ValueStateDescriptor<>("burst-open", Types.BOOLEAN));
        hazards = ctx.getMapState(new MapStateDescriptor<>("hazards", Types.STRING, Types.LONG));
        silentAt = ctx.getState(new ValueStateDescriptor<>("silent-at", Types.LONG));
    }

    @Override
    public void processElement(FoodSignal s, ReadOnlyContext ctx, Collector<FoodViolation> out) throws Exception {
        List<FoodSignal> atTs = buffer.get(s.ts());
        if (atTs == null) {
            atTs = new ArrayList<>(2);
            ctx.timerService().registerEventTimeTimer(s.ts());
        }
        atTs.add(s);
        buffer.put(s.ts(), atTs);
    }

    @Override
    public void processBroadcastElement(Long latest, Context ctx, Collector<FoodViolation> out) throws Exception {
        DataEnd.advance(ctx.getBroadcastState(FoodJob.DATA_END), latest);
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<FoodViolation> out) throws Exception {
        List<FoodSignal> signals = buffer.get(t);
        if (signals != null) {
            buffer.remove(t);
        }
        if (DataEnd.beyond(
                t, ctx.timerService().currentWatermark(), DataEnd.of(ctx.getBroadcastState(FoodJob.DATA_END)))) {
            return; // the input ended before t: nothing is decided for it
        }
        if (signals != null) {
            signals = new ArrayList<>(signals);
            signals.sort(Comparator.comparingInt(FoodSignal::rank)
                    .thenComparing(FoodSignal::tag)
                    .thenComparing(x -> FoodViolation.evidence(x.events())));
            sensorSeen = false;
            handle(t, signals, ctx, out);
            if (sensorSeen) {
                followSilence(t, ctx);
            }
        }
        Long escalate = escalateAt.value();
        if (escalate != null && escalate == t) {
            FoodViolation open = excursion.value();
            escalateAt.clear();
            if (open != null && Alert.WARNING.equals(open.severity())) {
                FoodViolation critical = open.next(FoodViolation.SEVERITY, t, Alert.CRITICAL, null, open.evidence());
                excursion.update(critical);
                out.collect(critical);
            }
        }
        Long silent = silentAt.value();
        if (silent != null && silent == t) {
            closeSilent(t, out);
        }
        Long last = lastHygiene.value();
        if (last != null && t > last + settings.hygieneWindowMs()) {
            lastHygiene.clear();
            burstOpen.clear();
        }
        if (!hazards.isEmpty()) {
            List<String> done = new ArrayList<>();
            for (Map.Entry<String, Long> h : hazards.entries()) {
                if (t > h.getValue() + settings.hazardJoinMs()) {
                    done.add(h.getKey());
                }
            }
            for (String type : done) {
                hazards.remove(type);
            }
        }
    }

    private void handle(long t, List<FoodSignal> signals, OnTimerContext ctx, Collector<FoodViolation> out)
            throws Exception {
        Set<String> coveredMeals = new HashSet<>();
        Map<String, FoodEvent> latestReceipt = new HashMap<>();
        for (FoodSignal s : signals) {
            switch (s.tag()) {
                case FoodSignal.READING -> reading(s.first(), out);
                case FoodSignal.COLD_TIMEOUT -> openExcursion(FoodRules.COLD_CHAIN, s, ctx, out);
                case FoodSignal.HOT_TIMEOUT -> openExcursion(FoodRules.HOT_HOLDING, s, ctx, out);
                case FoodSignal.OFFLINE_TIMEOUT -> {
                    if (offline.value() == null) {
                        FoodEvent last = s.first();
                        FoodViolation v = new FoodViolation(
                                FoodViolation.id(
                                        FoodRules.SENSOR_OFFLINE,
                                        last.kitchenId(),
                                        last.reading().deviceId(),
                                        s.ts()),
                                FoodViolation.OPEN,
                                s.ts(),
                                FoodRules.SENSOR_OFFLINE,
                                last.kitchenId(),
                                last.reading().deviceId(),
                                Alert.INFO,
                                s.ts(),
                                null,
                                FoodViolation.evidence(s.events()));
                        offline.update(v);
                        out.collect(v);
                        sensorSeen = true;
                    }
                }
                case FoodSignal.HYGIENE_DETECTION -> {
                    Long last = lastHygiene.value();
                    if (last != null && t - last > settings.hygieneWindowMs()) {
                        burstOpen.clear();
                    }
                    lastHygiene.update(t);
                    ctx.timerService().registerEventTimeTimer(t + settings.hygieneWindowMs() + 1);
                }
                case FoodSignal.HYGIENE_MATCH -> {
                    if (burstOpen.value() == null) {
                        burstOpen.update(true);
                        out.collect(
                                single(FoodRules.HYGIENE, s.last().kitchenId(), null, t, Alert.WARNING, s.events()));
                    }
                }
                case FoodSignal.HAZARD_MATCH -> {
                    FoodEvent e = s.first();
                    String type = e.camera().type();
                    Long first = hazards.get(type);
                    if (first == null || t - first > settings.hazardJoinMs()) {
                        hazards.put(type, t);
                        ctx.timerService().registerEventTimeTimer(t + settings.hazardJoinMs() + 1);
                        out.collect(single(FoodRules.HAZARD, e.kitchenId(), type, t, Alert.CRITICAL, s.events()));
                    }
                }
                case FoodSignal.SAMPLE_TIMEOUT ->
                    out.collect(single(
                            FoodRules.SAMPLE_RETENTION,
                            s.first().kitchenId(),
                            s.first().operation().meal(),
                            t,
                            Alert.WARNING,
                            s.events()));
                case FoodSignal.MEAL_COVERED -> coveredMeals.add(s.last().json());
                case FoodSignal.MEAL -> {
                    // raw meals sort before matches: judged below, once all of this instant is known
                }
                case FoodSignal.RECEIPT_FOR_USE -> {
                    FoodEvent receipt = s.first();
                    String use = s.last().json();
                    FoodEvent known = latestReceipt.get(use);
                    if (known == null || receipt.ts() >= known.ts()) {
                        latestReceipt.put(use, receipt);
                    }
                }
                case FoodSignal.USE -> {}
                default -> throw new IllegalStateException("unknown signal " + s.tag());
            }
        }
        for (FoodSignal s : signals) {
            if (FoodSignal.MEAL.equals(s.tag())
                    && !coveredMeals.contains(s.first().json())) {
                FoodEvent meal = s.first();
                out.collect(single(
                        FoodRules.DISINFECTION,
                        meal.kitchenId(),
                        meal.operation().meal(),
                        t,
                        Alert.WARNING,
                        s.events()));
            } else if (FoodSignal.USE.equals(s.tag())) {
                FoodEvent use = s.first();
                KitchenOperation op = use.operation();
                FoodEvent receipt = latestReceipt.get(use.json());
                if (receipt == null) {
                    out.collect(single(
                            FoodRules.TRACEABILITY_GAP, use.kitchenId(), op.traceCode(), t, Alert.WARNING, s.events()));
                } else if (receipt.operation().expiryTs() != null
                        && receipt.operation().expiryTs() < op.ts()) {
                    out.collect(single(
                            FoodRules.EXPIRED_INGREDIENT,
                            use.kitchenId(),
                            op.traceCode(),
                            t,
                            Alert.CRITICAL,
                            List.of(receipt, use)));
                }
            }
        }
    }

    /**
     * After a reading or an opening at {@code t}: a sensor with an open episode counts as silent at
     * {@code t + silent_sensor_close_s} (one timer, moved on); with none open, nothing is followed.
     */
    private void followSilence(long t, OnTimerContext ctx) throws Exception {
        Long old = silentAt.value();
        boolean open = excursion.value() != null || offline.value() != null;
        long next = t + settings.silentSensorCloseMs();
        if (old != null && (!open || old != next)) {
            Long escalate = escalateAt.value();
            if (!buffer.contains(old) && (escalate == null || escalate.longValue() != old)) {
                ctx.timerService().deleteEventTimeTimer(old); // unless another decision is due then
            }
        }
        if (open) {
            silentAt.update(next);
            ctx.timerService().registerEventTimeTimer(next);
        } else {
            silentAt.clear();
        }
    }

    /**
     * No reading of the sensor for {@code silent_sensor_close_s}: its open episodes close now, with no evidence
     * ({@link FoodViolation#NO_EVIDENCE}: no reading closed them), and its state goes.
     */
    private void closeSilent(long t, Collector<FoodViolation> out) throws Exception {
        FoodViolation open = excursion.value();
        if (open != null) {
            out.collect(open.next(FoodViolation.CLOSE, t, open.severity(), t, FoodViolation.NO_EVIDENCE));
        }
        FoodViolation off = offline.value();
        if (off != null) {
            out.collect(off.next(FoodViolation.CLOSE, t, off.severity(), t, FoodViolation.NO_EVIDENCE));
        }
        excursion.clear();
        escalateAt.clear();
        offline.clear();
        silentAt.clear();
    }

    private static FoodViolation single(
            String rule, String kitchen, String detail, long t, String severity, List<FoodEvent> events) {
        return new FoodViolation(
                FoodViolation.id(rule, kitchen, detail, t),
                FoodViolation.EVENT,
                t,
                rule,
                kitchen,
                null,
                severity,
                t,
                null,
                FoodViolation.evidence(events));
    }

    private void openExcursion(String rule, FoodSignal s, OnTimerContext ctx, Collector<FoodViolation> out)
            throws Exception {
        if (excursion.value() != null) {
            return; // the same excursion, already open
        }
        FoodEvent start = s.first();
        String device = start.reading().deviceId();
        FoodViolation v = new FoodViolation(
                FoodViolation.id(rule, start.kitchenId(), device, s.ts()),
                FoodViolation.OPEN,
                s.ts(),
                rule,
                start.kitchenId(),
                device,
                Alert.WARNING,
                s.ts(),
                null,
                FoodViolation.evidence(s.events()));
        excursion.update(v);
        out.collect(v);
        sensorSeen = true;
        if (FoodRules.COLD_CHAIN.equals(rule)) {
            long at = start.ts() + settings.criticalAfterMs();
            escalateAt.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    private void reading(FoodEvent r, Collector<FoodViolation> out) throws Exception {
        sensorSeen = true;
        FoodViolation off = offline.value();
        if (off != null) {
            offline.clear();
            out.collect(
                    off.next(FoodViolation.CLOSE, r.ts(), off.severity(), r.ts(), FoodViolation.evidence(List.of(r))));
        }
        FoodViolation open = excursion.value();
        if (open == null) {
            return;
        }
        if (FoodRules.inRange(settings, open.rule(), r)) {
            excursion.clear();
            escalateAt.clear();
            out.collect(open.next(
                    FoodViolation.CLOSE, r.ts(), open.severity(), r.ts(), FoodViolation.evidence(List.of(r))));
        } else if (FoodRules.COLD_CHAIN.equals(open.rule())
                && Alert.WARNING.equals(open.severity())
                && r.ts() > open.openedAt()
                && r.reading().celsius() > settings.food().coldChainCriticalCelsius()) {
            FoodViolation critical =
                    open.next(FoodViolation.SEVERITY, r.ts(), Alert.CRITICAL, null, FoodViolation.evidence(List.of(r)));
            excursion.update(critical);
            out.collect(critical);
        }
    }
}
