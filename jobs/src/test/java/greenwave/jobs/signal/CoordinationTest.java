package greenwave.jobs.signal;

import static greenwave.jobs.signal.SignalMeasureEngineTest.BIN;
import static greenwave.jobs.signal.SignalMeasureEngineTest.DEV;
import static greenwave.jobs.signal.SignalMeasureEngineTest.T0;
import static greenwave.jobs.signal.SignalMeasureEngineTest.ev;
import static greenwave.jobs.signal.SignalMeasureEngineTest.only;
import static greenwave.jobs.signal.SignalMeasureEngineTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import greenwave.schemas.SignalMeasure.CoordinationChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Coordination changes and observed cycle lengths (see {@link CoordinationTimeline}). */
class CoordinationTest {

    @Test
    void oneRecordPerChangeEventEmittedAsItArrives() {
        SignalMeasureEngine engine = new SignalMeasureEngine(DEV, null, MeasureSettings.defaults());
        List<SignalMeasure> out = new ArrayList<>();
        engine.onEvent(ev(0, 131, 3), out::add);
        engine.onEvent(ev(0, 132, 100), out::add);
        engine.onEvent(ev(0, 133, 20), out::add);
        assertThat(out)
                .containsExactly(
                        new CoordinationChange(DEV, T0, CoordinationChange.PATTERN, 3),
                        new CoordinationChange(DEV, T0, CoordinationChange.CYCLE_LENGTH, 100),
                        new CoordinationChange(DEV, T0, CoordinationChange.OFFSET, 20));
    }

    /**
     * Phase 2 begins green at 10, 110, 210.5, 890 and 1000 s: cycles of 100, 100.5 and 679.5 s end in the first bin
     * (mean 880 / 3), one of 110 s in the second (it ends at 1000 s, after 900 s). Phase 4 begins green at 60 and
     * 160 s: one cycle of 100 s. A pattern change in between changes nothing in the lengths.
     */
    @Test
    void cycleLengthsPerPhaseAndBinOfTheCycleEnd() {
        List<SignalMeasure> out = run(List.of(
                ev(0, 131, 1),
                ev(10, 1, 2),
                ev(60, 1, 4),
                ev(110, 1, 2),
                ev(160, 1, 4),
                ev(210.5, 1, 2),
                ev(600, 131, 4),
                ev(890, 1, 2),
                ev(1000, 1, 2)));
        assertThat(only(SignalMeasure.CycleLength.class, out))
                .containsExactly(
                        new SignalMeasure.CycleLength(DEV, T0, 2, 3, 880.0 / 3, 100.0, 679.5),
                        new SignalMeasure.CycleLength(DEV, T0, 4, 1, 100.0, 100.0, 100.0),
                        new SignalMeasure.CycleLength(DEV, T0 + BIN, 2, 1, 110.0, 110.0, 110.0));
        assertThat(only(CoordinationChange.class, out))
                .containsExactly(
                        new CoordinationChange(DEV, T0, CoordinationChange.PATTERN, 1),
                        new CoordinationChange(DEV, T0 + 600_000, CoordinationChange.PATTERN, 4));
    }

    @Test
    void aBinIsEmittedOnceEventTimePassesItsEnd() {
        SignalMeasureEngine engine = new SignalMeasureEngine(DEV, null, MeasureSettings.defaults());
        List<SignalMeasure> out = new ArrayList<>();
        engine.onEvent(ev(10, 1, 2), out::add);
        engine.onEvent(ev(110, 1, 2), out::add);
        assertThat(engine.nextWakeup()).isEqualTo(T0 + BIN);
        engine.advanceTo(T0 + BIN - 1, out::add);
        assertThat(out).isEmpty();
        engine.advanceTo(T0 + BIN, out::add);
        assertThat(out).containsExactly(new SignalMeasure.CycleLength(DEV, T0, 2, 1, 100.0, 100.0, 100.0));
    }

    /**
     * The golden logs: 12 cycle length changes (132), no pattern or offset change; every phase's cycles are its begin
     * greens less one; device 227's phase 2 (coordinated) runs close to what the controller itself reports as its
     * actual cycle length (Econolite code 316).
     */
    @Test
    void theGoldenLogs() throws Exception {
        Path dir = AtspmReference.dataDir();
        List<SignalEvent> events = AtspmCsv.readEvents(dir.resolve("events.csv.gz"));
        Map<String, SignalLayout> layouts = SignalLayout.fromAtspmDetectorsCsv(dir.resolve("detectors.csv"));
        List<SignalMeasure> produced = AtspmReference.runAll(events, layouts);

        List<CoordinationChange> changes = only(CoordinationChange.class, produced);
        assertThat(changes).hasSize(12).allMatch(c -> c.kind().equals(CoordinationChange.CYCLE_LENGTH));
        assertThat(changes.stream().filter(c -> c.deviceId().equals("227")).map(CoordinationChange::value))
                .containsExactlyInAnyOrder(100, 120, 140, 130, 120, 150);

        List<SignalMeasure.CycleLength> lengths = only(SignalMeasure.CycleLength.class, produced);
        Map<String, Integer> greens = new TreeMap<>();
        events.stream()
                .filter(e -> e.code() == 1)
                .distinct()
                .forEach(e -> greens.merge(e.deviceId() + "/" + e.param(), 1, Integer::sum));
        Map<String, Integer> cycles = new TreeMap<>();
        lengths.forEach(l -> cycles.merge(l.deviceId() + "/" + l.phase(), l.cycles(), Integer::sum));
        greens.replaceAll((k, n) -> n - 1);
        assertThat(cycles).isEqualTo(greens);
        assertThat(lengths)
                .allSatisfy(l -> assertThat(l.minCycleS())
                        .isPositive()
                        .isLessThanOrEqualTo(l.meanCycleS())
                        .isLessThanOrEqualTo(l.maxCycleS()));

        double observed = lengths.stream()
                        .filter(l -> l.deviceId().equals("227") && l.phase() == 2)
                        .mapToDouble(l -> l.meanCycleS() * l.cycles())
                        .sum()
                / cycles.get("227/2");
        double reported = events.stream()
                .filter(e -> e.deviceId().equals("227") && e.code() == 316)
                .mapToInt(SignalEvent::param)
                .average()
                .orElseThrow();
        System.out.printf(
                "[coordination golden] 227 phase 2: observed mean cycle %.1f s, reported (316) %.1f s%n",
                observed, reported);
        assertThat(observed).isCloseTo(reported, within(0.05 * reported));
    }
}
