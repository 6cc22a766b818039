package greenwave.jobs.signal;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.LateEvent;
import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The event-time shell around the measure engine: ordering of controller bursts, late events, duplicates and the
 * idle-device flush. Watermarks are driven by hand.
 */
class SignalMeasureFunctionTest {
    private static final long BIN = 15 * 60_000L;
    private static final long T0 = 1_715_612_400_000L; // 2024-05-13 15:00:00 UTC, a bin start
    private static final long TTL = 3_600_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, SignalEvent, SignalMeasure> harness()
            throws Exception {
        return harness(Map.of(), null);
    }

    /** A harness for the function with these layouts, restored from {@code snapshot} unless it is null. */
    private static KeyedOneInputStreamOperatorTestHarness<String, SignalEvent, SignalMeasure> harness(
            Map<String, SignalLayout> layouts, OperatorSubtaskState snapshot) throws Exception {
        SignalMeasureFunction fn = new SignalMeasureFunction(
                layouts, SignalMeasuresJob.settings(GreenwaveConfig.defaults().signal()), TTL, "signal.events");
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(fn), SignalEvent::deviceId, Types.STRING);
        // outputs are copied with the job's declared output type (the serializer of the first record would not do)
        h.setup(TypeInformation.of(SignalMeasure.class)
                .createSerializer(h.getExecutionConfig().getSerializerConfig()));
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, SignalEvent, SignalMeasure> h, long ts, int code, int param)
            throws Exception {
        h.processElement(new StreamRecord<>(new SignalEvent("227", ts, code, param), ts));
    }

    private static List<SignalMeasure.Actuations> actuations(List<SignalMeasure> out) {
        List<SignalMeasure.Actuations> a = new ArrayList<>();
        for (SignalMeasure m : out) {
            if (m instanceof SignalMeasure.Actuations x) {
                a.add(x);
            }
        }
        return a;
    }

    @Test
    void burstsArrivingOutOfOrderCountLikeOrderedOnes() throws Exception {
        var h = harness();
        // A later burst first, then an earlier one, all ahead of the watermark.
        send(h, T0 + 60_000, 82, 5);
        send(h, T0 + 61_000, 82, 5);
        send(h, T0 + 1_000, 82, 5);
        send(h, T0 + 2_000, 82, 7);
        h.processWatermark(new Watermark(T0 + BIN));

        assertThat(actuations(h.extractOutputValues()))
                .containsExactlyInAnyOrder(
                        new SignalMeasure.Actuations("227", T0, 5, 3), new SignalMeasure.Actuations("227", T0, 7, 1));
        assertThat(h.getSideOutput(SignalMeasureFunction.LATE)).isNull();
        h.close();
    }

    @Test
    void eventsBehindTheWatermarkGoToTheLateOutputAndAreNotCounted() throws Exception {
        var h = harness();
        send(h, T0 + 1_000, 82, 5);
        h.processWatermark(new Watermark(T0 + 10 * 60_000));
        send(h, T0 + 2_000, 82, 5); // its time has passed
        send(h, T0 + 11 * 60_000, 82, 5); // still ahead of the watermark
        h.processWatermark(new Watermark(T0 + BIN));

        assertThat(actuations(h.extractOutputValues())).containsExactly(new SignalMeasure.Actuations("227", T0, 5, 2));
        ConcurrentLinkedQueue<StreamRecord<LateEvent>> late = h.getSideOutput(SignalMeasureFunction.LATE);
        assertThat(late).hasSize(1);
        LateEvent e = late.peek().getValue();
        assertThat(e.ts()).isEqualTo(T0 + 2_000);
        assertThat(e.watermark()).isEqualTo(T0 + 10 * 60_000);
        assertThat(e.payload()).contains("\"code\":82");
        h.close();
    }

    @Test
    void exactDuplicatesCountOnce() throws Exception {
        var h = harness();
        send(h, T0 + 1_000, 82, 5);
        send(h, T0 + 1_000, 82, 5); // redelivered
        send(h, T0 + 1_000, 82, 6); // same instant, other channel: not a duplicate
        h.processWatermark(new Watermark(T0 + BIN));

        assertThat(actuations(h.extractOutputValues()))
                .containsExactlyInAnyOrder(
                        new SignalMeasure.Actuations("227", T0, 5, 1), new SignalMeasure.Actuations("227", T0, 6, 1));
        assertThat(h.getSideOutput(SignalMeasureFunction.ACCEPTED)).hasSize(2);
        h.close();
    }

    @Test
    void phaseEventsComeBeforeDetectorEventsAtTheSameInstant() throws Exception {
        var h = harness();
        // Detector-on logged before the begin-green of the same tenth of a second: it still arrives on green.
        send(h, T0 + 5_000, 82, 3);
        send(h, T0 + 5_000, 1, 2);
        h.processWatermark(new Watermark(T0 + BIN));
        List<Integer> codes = new ArrayList<>();
        h.getSideOutput(SignalMeasureFunction.ACCEPTED)
                .forEach(r -> codes.add(r.getValue().code()));
        assertThat(codes).containsExactly(1, 82);
        h.close();
    }

    @Test
    void aSilentDeviceIsFlushedAndForgotten() throws Exception {
        var h = harness();
        send(h, T0 + 1_000, 82, 5);
        h.processWatermark(new Watermark(T0 + 1_000 + TTL));
        assertThat(actuations(h.extractOutputValues())).hasSize(1);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aSnapshotTakenMidStreamRestoresAndTheMeasuresContinueIdentically() throws Exception {
        Path dir = AtspmReference.dataDir();
        Map<String, SignalLayout> layouts = SignalLayout.fromAtspmDetectorsCsv(dir.resolve("detectors.csv"));
        List<SignalEvent> all = AtspmCsv.readEvents(dir.resolve("events.csv.gz"));
        long first = all.stream().mapToLong(SignalEvent::ts).min().orElseThrow();
        List<SignalEvent> events = new ArrayList<>(
                all.stream().filter(e -> e.ts() < first + 2 * BIN).toList());
        events.sort(Comparator.comparingLong(SignalEvent::ts));

        List<SignalMeasure> straight = replay(layouts, events, Set.of());
        // every kind of measure, so every part of the engine's state is in the snapshots
        assertThat(straight.stream().map(m -> m.getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrder(
                        "Actuations",
                        "Terminations",
                        "ArrivalsOnGreen",
                        "SplitFailures",
                        "ApproachDelay",
                        "PcdCycle",
                        "DegreeOfSaturation",
                        "YellowRedActuations",
                        "CoordinationChange",
                        "CycleLength");
        List<SignalMeasure> restored = replay(layouts, events, Set.of(events.size() / 3, 2 * events.size() / 3));
        assertThat(restored).containsExactlyElementsOf(straight);
    }

    /**
     * The events (sorted by ts) through the function with the watermark just behind each new ts, then to the end;
     * before the events at the given indexes the state is snapshotted and the run goes on in a new, restored harness.
     */
    private static List<SignalMeasure> replay(
            Map<String, SignalLayout> layouts, List<SignalEvent> events, Set<Integer> snapshotBefore) throws Exception {
        List<SignalMeasure> out = new ArrayList<>();
        var h = harness(layouts, null);
        long prev = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            SignalEvent e = events.get(i);
            if (snapshotBefore.contains(i)) {
                OperatorSubtaskState snapshot = h.snapshot(i, e.ts());
                out.addAll(h.extractOutputValues());
                h.close();
                h = harness(layouts, snapshot);
            }
            if (e.ts() != prev) {
                h.processWatermark(new Watermark(e.ts() - 1));
                prev = e.ts();
            }
            h.processElement(new StreamRecord<>(e, e.ts()));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        out.addAll(h.extractOutputValues());
        h.close();
        return out;
    }
}
