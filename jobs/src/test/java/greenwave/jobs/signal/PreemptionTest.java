package greenwave.jobs.signal;

import static greenwave.jobs.signal.SignalMeasureEngineTest.DEV;
import static greenwave.jobs.signal.SignalMeasureEngineTest.MIN;
import static greenwave.jobs.signal.SignalMeasureEngineTest.T0;
import static greenwave.jobs.signal.SignalMeasureEngineTest.ev;
import static greenwave.jobs.signal.SignalMeasureEngineTest.only;
import static greenwave.jobs.signal.SignalMeasureEngineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Preemption details (ATSPM 5 definition, see {@link PreemptInput}) on hand-worked logs and on the golden logs. */
class PreemptionTest {

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    static List<SignalMeasure.Preemption> preemptions(List<SignalEvent> events) {
        return only(SignalMeasure.Preemption.class, run(events));
    }

    @Test
    void aFullCycleWithDelayTrackClearanceDwellAndMaxPresenceExceeded() {
        List<SignalMeasure.Preemption> out = preemptions(List.of(
                ev(100, 102, 1), // call
                ev(102.5, 105, 1), // entry 2.5 s later
                ev(103, 103, 1), // gate down: not in the record
                ev(105, 106, 1), // track clearance
                ev(120, 107, 1), // dwell
                ev(150, 110, 1), // max presence exceeded
                ev(170, 104, 1), // input off
                ev(180, 111, 1))); // exit
        // delay 102.5 - 100; time to service 105 - 102.5; dwell 180 - 120; track clearance 120 - 105
        assertThat(out)
                .containsExactly(new SignalMeasure.Preemption(
                        DEV, 1, at(100), at(102.5), at(105), at(120), at(180), at(170), 2.5, 2.5, 60.0, 15.0, true));
    }

    @Test
    void anEntryWithoutCallHasNoDelayAndServiceStartsAtTheDwell() {
        List<SignalMeasure.Preemption> out =
                preemptions(List.of(ev(300, 105, 2), ev(307, 107, 2), ev(330, 104, 2), ev(335, 111, 2)));
        assertThat(out)
                .containsExactly(new SignalMeasure.Preemption(
                        DEV, 2, null, at(300), null, at(307), at(335), at(330), null, 7.0, 28.0, null, false));
    }

    @Test
    void aCallThatGoesAwayBeforeEntryIsNoCycle() {
        assertThat(preemptions(List.of(ev(400, 102, 3), ev(401, 104, 3), ev(401, 111, 3))))
                .isEmpty();
    }

    @Test
    void trackClearanceStraightToExitHasNoDwellAndZeroDwellTime() {
        List<SignalMeasure.Preemption> out = preemptions(List.of(ev(800, 105, 4), ev(802, 106, 4), ev(820, 111, 4)));
        assertThat(out)
                .containsExactly(new SignalMeasure.Preemption(
                        DEV, 4, null, at(800), at(802), null, at(820), null, null, 2.0, 0.0, 18.0, false));
    }

    @Test
    void withoutExitTheNextCallEndsTheCycleAndTheEndOfDataEmitsTheOpenOneAsFarAsKnown() {
        List<SignalMeasure.Preemption> out = preemptions(List.of(
                ev(500, 102, 1),
                ev(500, 105, 1), // call and entry at once: delay 0
                ev(501, 106, 1),
                ev(510, 107, 1),
                ev(540, 104, 1), // input off, no 111 logged
                ev(600, 102, 1), // a new call after input off: the cycle above is over
                ev(601, 105, 1),
                ev(605, 107, 1))); // the data ends in dwell
        assertThat(out)
                .containsExactly(
                        // dwell ends at input off without an exit
                        new SignalMeasure.Preemption(
                                DEV, 1, at(500), at(500), at(501), at(510), null, at(540), 0.0, 1.0, 30.0, 9.0, false),
                        new SignalMeasure.Preemption(
                                DEV, 1, at(600), at(601), null, at(605), null, null, 1.0, 4.0, null, null, false));
    }

    @Test
    void aReCallDuringServiceIsIgnoredAndAnotherInputIsItsOwnCycle() {
        List<SignalMeasure.Preemption> out = preemptions(List.of(
                ev(10, 102, 1),
                ev(11, 105, 1),
                ev(12, 102, 2), // input 2 called while 1 is served
                ev(15, 107, 1),
                ev(20, 102, 1), // re-call of 1: input still on
                ev(30, 104, 1),
                ev(31, 111, 1),
                ev(32, 105, 2),
                ev(40, 107, 2),
                ev(50, 104, 2),
                ev(50, 111, 2)));
        assertThat(out)
                .containsExactly(
                        new SignalMeasure.Preemption(
                                DEV, 1, at(10), at(11), null, at(15), at(31), at(30), 1.0, 4.0, 16.0, null, false),
                        new SignalMeasure.Preemption(
                                DEV, 2, at(12), at(32), null, at(40), at(50), at(50), 20.0, 8.0, 10.0, null, false));
    }

    @Test
    void emittedInEventTimeAtTheExitOrAfterTwentyMinutesWithoutAnEvent() {
        SignalMeasureEngine engine = new SignalMeasureEngine(DEV, null, MeasureSettings.defaults());
        List<SignalMeasure> out = new ArrayList<>();
        engine.onEvent(ev(0, 105, 1), out::add);
        engine.onEvent(ev(5, 107, 1), out::add);
        engine.advanceTo(at(6), out::add);
        assertThat(out).isEmpty();
        engine.onEvent(ev(6, 111, 1), out::add);
        assertThat(only(SignalMeasure.Preemption.class, out)).hasSize(1);

        out.clear();
        engine.advanceTo(at(100), out::add);
        engine.onEvent(ev(100, 105, 1), out::add);
        engine.onEvent(ev(101, 107, 1), out::add);
        long wake = engine.nextWakeup();
        assertThat(wake).isEqualTo(at(101) + 20 * MIN + 1);
        engine.advanceTo(wake - 1, out::add);
        assertThat(only(SignalMeasure.Preemption.class, out)).isEmpty();
        engine.advanceTo(wake, out::add);
        assertThat(only(SignalMeasure.Preemption.class, out))
                .containsExactly(new SignalMeasure.Preemption(
                        DEV, 1, null, at(100), null, at(101), null, null, null, 1.0, null, null, false));
        engine.finish(out::add);
        assertThat(only(SignalMeasure.Preemption.class, out)).hasSize(1);
    }

    /**
     * The golden logs hold three preemptions, worked out by hand from their 21 preempt events: input 5 twice (call,
     * entry 0.1 s later, track clearance, dwell, input off, no exit of its own), input 2 once (call and entry at once,
     * dwell, exit with input off); input 6 is called twice and its input goes off without an entry (no cycle).
     */
    @Test
    void theGoldenLogs() throws Exception {
        Path dir = AtspmReference.dataDir();
        List<SignalEvent> events = AtspmCsv.readEvents(dir.resolve("events.csv.gz"));
        assertThat(events.stream().filter(e -> e.code() >= 102 && e.code() <= 111))
                .hasSize(21);
        Map<String, SignalLayout> layouts = SignalLayout.fromAtspmDetectorsCsv(dir.resolve("detectors.csv"));
        List<SignalMeasure> produced = AtspmReference.runAll(events, layouts);
        long t16 = T0 + 60 * MIN; // 16:00
        long t17 = T0 + 120 * MIN; // 17:00
        assertThat(only(SignalMeasure.Preemption.class, produced))
                .containsExactlyInAnyOrder(
                        new SignalMeasure.Preemption(
                                "227",
                                5,
                                t16 + 21 * MIN + 41_600,
                                t16 + 21 * MIN + 41_700,
                                t16 + 21 * MIN + 47_300,
                                t16 + 22 * MIN + 2_300,
                                null,
                                t16 + 23 * MIN + 57_800,
                                0.1,
                                5.6,
                                115.5,
                                15.0,
                                false),
                        new SignalMeasure.Preemption(
                                "227",
                                2,
                                t16 + 51 * MIN + 22_200,
                                t16 + 51 * MIN + 22_200,
                                null,
                                t16 + 51 * MIN + 29_300,
                                t16 + 51 * MIN + 56_300,
                                t16 + 51 * MIN + 56_300,
                                0.0,
                                7.1,
                                27.0,
                                null,
                                false),
                        new SignalMeasure.Preemption(
                                "227",
                                5,
                                t17 + 39 * MIN + 2_500,
                                t17 + 39 * MIN + 2_600,
                                t17 + 39 * MIN + 9_700,
                                t17 + 39 * MIN + 24_700,
                                null,
                                t17 + 40 * MIN + 8_700,
                                0.1,
                                7.1,
                                44.0,
                                15.0,
                                false));
    }
}
