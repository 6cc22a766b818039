package greenwave.jobs.signal;

import static greenwave.jobs.signal.SignalLayout.Function.ADVANCE;
import static greenwave.jobs.signal.SignalLayout.Function.PRESENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SignalMeasureEngineTest {
    /** 2024-05-13 15:00:00 UTC. */
    static final long T0 = 1_715_612_400_000L;

    static final long MIN = 60_000L;
    static final long BIN = 15 * MIN;
    static final String DEV = "227";

    /** Phase 2: advance channel 3, presence channels 5 and 6. */
    static SignalLayout layout() {
        return SignalLayout.builder()
                .detector(3, 2, ADVANCE)
                .detector(5, 2, PRESENCE)
                .detector(6, 2, PRESENCE)
                .build();
    }

    static SignalEvent ev(double seconds, int code, int param) {
        return new SignalEvent(DEV, T0 + Math.round(seconds * 1000), code, param);
    }

    static List<SignalMeasure> run(SignalLayout layout, MeasureSettings settings, List<SignalEvent> events) {
        List<SignalEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(SignalEvent::ts).thenComparingInt(SignalEvent::code));
        List<SignalMeasure> out = new ArrayList<>();
        AtspmReference.run(new SignalMeasureEngine(DEV, layout, settings), sorted, out::add);
        return out;
    }

    static List<SignalMeasure> run(List<SignalEvent> events) {
        return run(layout(), MeasureSettings.defaults(), events);
    }

    static <T extends SignalMeasure> List<T> only(Class<T> type, List<SignalMeasure> ms) {
        return ms.stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ------------------------------------------------------------------------------------------------------------

    @Nested
    class ArrivalsOnGreenCycles {
        @Test
        void stateComesFromTheLatestPhaseEventOfTheCycleAndNothingIsGreenBeforeTheFirstGreen() {
            List<SignalMeasure> out = run(List.of(
                    ev(1, 82, 3), // before the first green: total only
                    ev(10, 1, 2),
                    ev(10, 82, 3), // same time as begin green: after it → green
                    ev(20, 82, 3), // green
                    ev(30, 8, 2),
                    ev(31, 82, 3), // yellow
                    ev(34, 10, 2),
                    ev(40, 82, 3), // red
                    ev(60, 1, 2),
                    ev(61, 82, 3), // green again
                    ev(62, 81, 3)));
            List<SignalMeasure.ArrivalsOnGreen> aog = only(SignalMeasure.ArrivalsOnGreen.class, out);
            assertThat(aog).containsExactly(new SignalMeasure.ArrivalsOnGreen(DEV, T0, 2, 6, 3, 0.5));
        }

        @Test
        void aBinWithoutGreenArrivalIsStillEmittedButNotWrittenToTheReferenceCsv() throws Exception {
            List<SignalMeasure> out = run(List.of(ev(1, 82, 3), ev(2, 82, 3)));
            assertThat(only(SignalMeasure.ArrivalsOnGreen.class, out))
                    .containsExactly(new SignalMeasure.ArrivalsOnGreen(DEV, T0, 2, 2, 0, 0.0));
            java.io.StringWriter w = new java.io.StringWriter();
            AtspmCsv.writeArrivalOnGreen(w, out);
            assertThat(w.toString()).isEqualTo("TimeStamp,DeviceId,Phase,Total_Actuations,Percent_AOG\n");
        }

        @Test
        void latencyOffsetMovesDetectorOnsEarlier() {
            MeasureSettings s = MeasureSettings.defaults().withAogLatencyMs(2_000);
            List<SignalMeasure> out = run(
                    layout(),
                    s,
                    List.of(
                            ev(10, 1, 2),
                            ev(11, 82, 3), // moved to 9 s: before green
                            ev(13, 82, 3), // moved to 11 s: green
                            ev(30, 8, 2)));
            assertThat(only(SignalMeasure.ArrivalsOnGreen.class, out))
                    .containsExactly(new SignalMeasure.ArrivalsOnGreen(DEV, T0, 2, 2, 1, 0.5));
        }
    }

    /**
     * Real controllers log channels above 64 (NTCIP 1202 v3: up to 255); a channel the detector configuration does not
     * name still counts as an actuation, as ATSPM and the atspm package count it, and its measure fits the contract.
     */
    @Test
    void channelsAbove64AndUnconfiguredChannelsCountAsActuations() {
        List<SignalMeasure> out =
                run(List.of(ev(1, 82, 65), ev(2, 81, 65), ev(3, 82, 65), ev(4, 82, 200), ev(5, 82, 255)));
        List<SignalMeasure.Actuations> actuations = only(SignalMeasure.Actuations.class, out);
        assertThat(actuations)
                .containsExactly(
                        new SignalMeasure.Actuations(DEV, T0, 65, 2),
                        new SignalMeasure.Actuations(DEV, T0, 200, 1),
                        new SignalMeasure.Actuations(DEV, T0, 255, 1));
        for (SignalMeasure.Actuations a : actuations) {
            byte[] json = ContractCodec.shared().encode(a);
            assertThat(ContractCodec.shared().validate(Contract.SIGNAL_MEASURES, json))
                    .as(a.toString())
                    .isEmpty();
        }
    }

    @Test
    void actuationsAndTerminationsWithoutLayoutAndAtBinBoundaries() {
        List<SignalMeasure> out = run(
                null,
                MeasureSettings.defaults(),
                List.of(
                        ev(0, 82, 7),
                        ev(899.9, 82, 7),
                        ev(900, 82, 7), // 15:15:00 belongs to the next bin
                        ev(5, 4, 2),
                        ev(6, 5, 2),
                        ev(7, 6, 2),
                        ev(8, 6, 2),
                        ev(901, 4, 4)));
        assertThat(only(SignalMeasure.Actuations.class, out))
                .containsExactly(
                        new SignalMeasure.Actuations(DEV, T0, 7, 2), new SignalMeasure.Actuations(DEV, T0 + BIN, 7, 1));
        assertThat(only(SignalMeasure.Terminations.class, out))
                .containsExactly(
                        new SignalMeasure.Terminations(DEV, T0, 2, "GapOut", 1),
                        new SignalMeasure.Terminations(DEV, T0, 2, "MaxOut", 1),
                        new SignalMeasure.Terminations(DEV, T0, 2, "ForceOff", 2),
                        new SignalMeasure.Terminations(DEV, T0 + BIN, 4, "GapOut", 1));
        assertThat(out)
                .noneMatch(m -> m instanceof SignalMeasure.SplitFailures || m instanceof SignalMeasure.ArrivalsOnGreen);
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * One split-failure cycle of phase 2: begin green at 100 s, yellow at 120 s (20 s of green), red clearance at
     * 124 s (red window [124, 129)), next begin green at 200 s.
     */
    static List<SignalEvent> cycle(SignalEvent... detectorEvents) {
        List<SignalEvent> l = new ArrayList<>(List.of(ev(100, 1, 2), ev(120, 8, 2), ev(124, 10, 2), ev(200, 1, 2)));
        l.addAll(List.of(detectorEvents));
        return l;
    }

    static SignalMeasure.SplitFailures single(List<SignalMeasure> out) {
        List<SignalMeasure.SplitFailures> sf = only(SignalMeasure.SplitFailures.class, out);
        assertThat(sf).hasSize(1);
        return sf.get(0);
    }

    @Nested
    class DetectorCleanUp {
        @Test
        void plainOnOff() {
            SignalMeasure.SplitFailures f = single(run(cycle(
                    ev(90, 82, 5), ev(95, 81, 5), ev(105, 82, 5), ev(110, 81, 5), ev(126, 82, 5), ev(135, 81, 5))));
            assertThat(f.binStart()).isEqualTo(T0);
            assertThat(f.cycles()).isEqualTo(1);
            assertThat(f.greenTimeS()).isCloseTo(20.0, within(1e-6));
            assertThat(f.greenOccupancy()).isCloseTo(5.0 / 20, within(1e-6));
            assertThat(f.redOccupancy()).isCloseTo(3.0 / 5, within(1e-6));
            assertThat(f.splitFailures()).isZero();
        }

        @Test
        void twoOnsAtMostTheGapApartStayOn() {
            // ON 105, ON 107 (2,000 ms: an OFF at 107 and the ON at 107 → still on), OFF 110 → 5 s occupied
            SignalMeasure.SplitFailures f =
                    single(run(cycle(ev(90, 82, 5), ev(95, 81, 5), ev(105, 82, 5), ev(107, 82, 5), ev(110, 81, 5))));
            assertThat(f.greenOccupancy()).isCloseTo(5.0 / 20, within(1e-6));
        }

        @Test
        void twoOnsFurtherApartGetAnOffHalfWay() {
            // ON 105, ON 115 → OFF at 110; OFF 118 → [105,110) + [115,118) = 8 s
            SignalMeasure.SplitFailures f =
                    single(run(cycle(ev(90, 82, 5), ev(95, 81, 5), ev(105, 82, 5), ev(115, 82, 5), ev(118, 81, 5))));
            assertThat(f.greenOccupancy()).isCloseTo(8.0 / 20, within(1e-6));
        }

        @Test
        void twoOffsGetAnOnHalfWay() {
            // on since 90, OFF 104, OFF 114 → ON at 109 → [100,104) + [109,114) = 9 s
            SignalMeasure.SplitFailures f = single(run(cycle(ev(90, 82, 5), ev(104, 81, 5), ev(114, 81, 5))));
            assertThat(f.greenOccupancy()).isCloseTo(9.0 / 20, within(1e-6));
        }

        @Test
        void aFirstOffGetsAnOnOneMillisecondBeforeItWhichMakesTheStateKnown() {
            // the first event is an OFF at the begin-green time: the inserted ON (99.999 s) precedes the green
            SignalMeasure.SplitFailures f = single(run(cycle(ev(100, 81, 5), ev(110, 82, 5), ev(112, 81, 5))));
            assertThat(f.greenOccupancy()).isCloseTo(2.0 / 20, within(1e-6));
            // a first ON at the begin-green time comes after it: the state is not known throughout → no cycle
            assertThat(only(SignalMeasure.SplitFailures.class, run(cycle(ev(100, 82, 5), ev(110, 81, 5)))))
                    .isEmpty();
        }

        @Test
        void theApproachIsOccupiedWhileAnyChannelIsOn() {
            // ch 5 on [102,108), ch 6 on [106,112) → union [102,112) = 10 s
            SignalMeasure.SplitFailures f =
                    single(run(cycle(ev(90, 81, 5), ev(102, 82, 5), ev(106, 82, 6), ev(108, 81, 5), ev(112, 81, 6))));
            assertThat(f.greenOccupancy()).isCloseTo(10.0 / 20, within(1e-6));
        }
    }

    @Nested
    class SplitFailureCounting {
        @Test
        void bothOccupanciesAtTheThresholdsCountAsAFailure() {
            // occupied [104,120) = 16 of 20 s (0.80) and [124,128) = 4 of 5 s (0.80)
            SignalMeasure.SplitFailures f =
                    single(run(cycle(ev(90, 81, 5), ev(104, 82, 5), ev(120, 81, 5), ev(124, 82, 5), ev(128, 81, 5))));
            assertThat(f.greenOccupancy()).isCloseTo(0.8, within(1e-6));
            assertThat(f.redOccupancy()).isCloseTo(0.8, within(1e-6));
            assertThat(f.splitFailures()).isEqualTo(1);
        }

        @Test
        void aCycleWithTwoYellowsIsNotCounted() {
            List<SignalEvent> events = new ArrayList<>(List.of(
                    ev(100, 1, 2),
                    ev(110, 8, 2),
                    ev(115, 8, 2),
                    ev(124, 10, 2),
                    ev(200, 1, 2),
                    ev(90, 82, 5),
                    ev(150, 81, 5)));
            assertThat(only(SignalMeasure.SplitFailures.class, run(events))).isEmpty();
        }

        @Test
        void aRedWindowCutByTheNextGreenInvalidatesBothCycles() {
            // red clearance at 124, next green at 127: no barrier in cycle 1; cycle 2 gets it and its own → 2
            List<SignalEvent> events = new ArrayList<>(List.of(
                    ev(100, 1, 2),
                    ev(120, 8, 2),
                    ev(124, 10, 2),
                    ev(127, 1, 2),
                    ev(140, 8, 2),
                    ev(144, 10, 2),
                    ev(300, 1, 2),
                    ev(90, 82, 5),
                    ev(250, 81, 5)));
            assertThat(only(SignalMeasure.SplitFailures.class, run(events))).isEmpty();
        }

        @Test
        void aRedWindowNotCompletedByTheEndOfTheDataIsNotCounted() {
            // the last event is at 14:59:55 (bin 14:45): the reference adds no barrier at or after 15:00
            long base = -15 * MIN; // 14:45
            List<SignalEvent> events = List.of(
                    ev(base / 1000.0 + 10, 82, 5),
                    ev(base / 1000.0 + 100, 1, 2),
                    ev(base / 1000.0 + 120, 8, 2),
                    ev(base / 1000.0 + 124, 10, 2),
                    ev(-3 * 60 - 5, 1, 2),
                    ev(-3 * 60 + 15, 8, 2),
                    ev(-3 * 60 + 19, 10, 2), // barrier 14:57:24
                    ev(-60 * 2 - 10, 1, 2),
                    ev(-60 * 2 + 10, 8, 2),
                    ev(-5, 10, 2), // barrier 15:00:00
                    ev(-2 * 60, 81, 5));
            List<SignalMeasure.SplitFailures> sf = only(SignalMeasure.SplitFailures.class, run(events));
            assertThat(sf).hasSize(1);
            assertThat(sf.get(0).binStart()).isEqualTo(T0 - BIN);
            assertThat(sf.get(0).cycles()).isEqualTo(2);
        }

        @Test
        void aCycleBelongsToTheBinOfItsRedWindowEndAlsoExactlyAtABoundary() {
            // cycle A: red clearance 15:14:54.9 → end 15:14:59.9 (bin 15:00); cycle B: 15:29:55 → 15:30:00 (bin 15:30)
            List<SignalEvent> events = List.of(
                    ev(10, 82, 5),
                    ev(20, 81, 5),
                    ev(860, 1, 2),
                    ev(890, 8, 2),
                    ev(894.9, 10, 2),
                    ev(1740, 1, 2),
                    ev(1790, 8, 2),
                    ev(1795, 10, 2),
                    ev(2000, 1, 2),
                    ev(2700, 82, 5));
            List<SignalMeasure.SplitFailures> sf = only(SignalMeasure.SplitFailures.class, run(events));
            assertThat(sf).extracting(SignalMeasure.SplitFailures::binStart).containsExactly(T0, T0 + 2 * BIN);
            assertThat(sf).extracting(SignalMeasure.SplitFailures::greenTimeS).containsExactly(30.0, 50.0);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    void approachDelayForAnArrivalOnRedMovedToTheStopBar() {
        // channel 3 is 139 m upstream at 13.9 m/s: 10 s of travel
        SignalLayout l =
                SignalLayout.builder().detector(3, 2, ADVANCE, 139.0, 13.9).build();
        List<SignalMeasure> out = run(
                l,
                MeasureSettings.defaults(),
                List.of(
                        ev(0, 1, 2),
                        ev(15, 82, 3), // reaches the stop bar at 25 s: on green, no delay
                        ev(30, 8, 2),
                        ev(34, 10, 2),
                        ev(50, 82, 3), // reaches it at 60 s: on red, waits until 100 s
                        ev(100, 1, 2),
                        ev(130, 8, 2),
                        ev(134, 10, 2),
                        ev(1000, 1, 2)));
        List<SignalMeasure.ApproachDelay> ad = only(SignalMeasure.ApproachDelay.class, out);
        assertThat(ad).hasSize(1);
        SignalMeasure.ApproachDelay d = ad.get(0);
        assertThat(d.binStart()).isEqualTo(T0);
        assertThat(d.arrivals()).isEqualTo(2);
        assertThat(d.volumeVph()).isCloseTo(8.0, within(1e-6));
        assertThat(d.totalDelayS()).isCloseTo(40.0, within(1e-6));
        assertThat(d.delayPerVehS()).isCloseTo(20.0, within(1e-6));
        assertThat(d.arrivalsOnGreen()).isEqualTo(1);
        assertThat(d.percentArrivalsOnGreen()).isCloseTo(0.5, within(1e-6));
        assertThat(d.percentGreenTime()).isCloseTo(60.0 / 900, within(1e-6));
        assertThat(d.platoonRatio()).isCloseTo(0.5 / (60.0 / 900), within(1e-6));

        List<SignalMeasure.PcdCycle> pcd = only(SignalMeasure.PcdCycle.class, out);
        assertThat(pcd).hasSize(2); // [0,100) and [100,1000); the open cycle from 1000 s is not emitted
        assertThat(pcd.get(0))
                .isEqualTo(new SignalMeasure.PcdCycle(
                        DEV, 2, T0, T0 + 30_000, T0 + 34_000, T0 + 100_000, List.of(25.0, 60.0)));

        List<SignalMeasure.DegreeOfSaturation> dos = only(SignalMeasure.DegreeOfSaturation.class, out);
        assertThat(dos).hasSize(1); // the green from 1000 s has no duration before the last event
        assertThat(dos.get(0).lanes()).isEqualTo(1);
        assertThat(dos.get(0).greenRatio()).isCloseTo(60.0 / 900, within(1e-6));
        assertThat(dos.get(0).degreeOfSaturation()).isCloseTo(8.0 / (1800 * (60.0 / 900)), within(1e-6));
    }

    /** The phase state an arrival meets is the one at the stop bar, after its travel: it may change on the way. */
    @Test
    void anArrivalMeetsThePhaseStateAtTheStopBarNotAtTheDetector() {
        SignalLayout l =
                SignalLayout.builder().detector(3, 2, ADVANCE, 139.0, 13.9).build();
        List<SignalMeasure> out = run(
                l,
                MeasureSettings.defaults(),
                List.of(
                        ev(0, 1, 2),
                        ev(28, 82, 3), // on the detector during green, at the bar at 38 s: red
                        ev(30, 8, 2),
                        ev(34, 10, 2),
                        ev(95, 82, 3), // on the detector during red, at the bar at 105 s: green
                        ev(100, 1, 2),
                        ev(130, 8, 2),
                        ev(134, 10, 2),
                        ev(1000, 1, 2)));
        SignalMeasure.ApproachDelay d =
                only(SignalMeasure.ApproachDelay.class, out).get(0);
        assertThat(d.arrivals()).isEqualTo(2);
        assertThat(d.arrivalsOnGreen()).isEqualTo(1);
        assertThat(d.totalDelayS()).isCloseTo(62.0, within(1e-6)); // 38 s → next green at 100 s
        List<SignalMeasure.PcdCycle> pcd = only(SignalMeasure.PcdCycle.class, out);
        assertThat(pcd.get(0).arrivalsS()).containsExactly(38.0);
        assertThat(pcd.get(1).arrivalsS()).containsExactly(5.0);
    }

    @Nested
    class Timing {
        @Test
        void nextWakeupAndAdvanceTo() {
            SignalMeasureEngine e = new SignalMeasureEngine(DEV, layout(), MeasureSettings.defaults());
            List<SignalMeasure> out = new ArrayList<>();
            assertThat(e.nextWakeup()).isEqualTo(Long.MAX_VALUE);
            e.advanceTo(T0 + 5_000, out::add);
            e.onEvent(ev(5, 82, 7), out::add);
            assertThat(e.nextWakeup()).isEqualTo(T0 + BIN);
            e.advanceTo(T0 + BIN - 1, out::add);
            assertThat(out).isEmpty();
            e.advanceTo(T0 + BIN, out::add);
            assertThat(out).containsExactly(new SignalMeasure.Actuations(DEV, T0, 7, 1));
            assertThat(e.nextWakeup()).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void anArrivalOnRedThatNeverSeesGreenIsEmittedAtTheDeadline() {
            MeasureSettings s = MeasureSettings.defaults();
            SignalMeasureEngine e = new SignalMeasureEngine(DEV, layout(), s);
            List<SignalMeasure> out = new ArrayList<>();
            for (SignalEvent x : List.of(ev(0, 1, 2), ev(30, 8, 2), ev(34, 10, 2), ev(800, 82, 3))) {
                e.advanceTo(x.ts(), out::add);
                e.onEvent(x, out::add);
            }
            long deadline = T0 + BIN + s.maxWaitMs();
            long w;
            while ((w = e.nextWakeup()) <= deadline) {
                e.advanceTo(w, out::add);
            }
            List<SignalMeasure.ApproachDelay> ad = only(SignalMeasure.ApproachDelay.class, out);
            assertThat(ad).hasSize(1);
            assertThat(ad.get(0).totalDelayS()).isCloseTo((deadline - (T0 + 800_000)) / 1000.0, within(1e-6));
            assertThat(only(SignalMeasure.DegreeOfSaturation.class, out)).hasSize(1);
            assertThat(only(SignalMeasure.ArrivalsOnGreen.class, out)).hasSize(1);
        }

        @Test
        void splitFailureRowsComeFromTimersWithoutFinish() {
            SignalMeasureEngine e = new SignalMeasureEngine(DEV, layout(), MeasureSettings.defaults());
            List<SignalMeasure> out = new ArrayList<>();
            List<SignalEvent> sorted =
                    new ArrayList<>(cycle(ev(90, 82, 5), ev(105, 81, 5), ev(110, 82, 6), ev(111, 81, 6)));
            sorted.sort(Comparator.comparingLong(SignalEvent::ts).thenComparingInt(SignalEvent::code));
            for (SignalEvent x : sorted) {
                e.advanceTo(x.ts(), out::add);
                e.onEvent(x, out::add);
            }
            assertThat(only(SignalMeasure.SplitFailures.class, out)).isEmpty();
            long w;
            int timers = 0;
            while ((w = e.nextWakeup()) != Long.MAX_VALUE && timers < 100) {
                assertThat(w).isGreaterThan(T0 + 200_000);
                e.advanceTo(w, out::add);
                timers++;
            }
            assertThat(timers).isLessThan(10);
            SignalMeasure.SplitFailures f = single(out);
            assertThat(f.greenOccupancy()).isCloseTo(6.0 / 20, within(1e-6));
        }

        @Test
        void anEventOlderThanTheLastAdvanceIsDroppedAndCounted() {
            SignalMeasureEngine e = new SignalMeasureEngine(DEV, layout(), MeasureSettings.defaults());
            List<SignalMeasure> out = new ArrayList<>();
            e.advanceTo(T0 + BIN, out::add);
            e.onEvent(ev(5, 82, 7), out::add);
            e.onEvent(ev(900, 82, 7), out::add);
            e.finish(out::add);
            assertThat(e.lateEventsDropped()).isEqualTo(1);
            assertThat(out).containsExactly(new SignalMeasure.Actuations(DEV, T0 + BIN, 7, 1));
        }

        @Test
        void theEngineSerializesAndContinues() throws Exception {
            SignalMeasureEngine e = new SignalMeasureEngine(DEV, layout(), MeasureSettings.defaults());
            List<SignalMeasure> out = new ArrayList<>();
            e.advanceTo(T0, out::add);
            e.onEvent(ev(0, 1, 2), out::add);
            e.onEvent(ev(1, 82, 3), out::add);
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (ObjectOutputStream oos = new ObjectOutputStream(bos)) {
                oos.writeObject(e);
            }
            SignalMeasureEngine copy;
            try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
                copy = (SignalMeasureEngine) ois.readObject();
            }
            copy.advanceTo(T0 + 2 * BIN, out::add);
            assertThat(only(SignalMeasure.ArrivalsOnGreen.class, out))
                    .containsExactly(new SignalMeasure.ArrivalsOnGreen(DEV, T0, 2, 1, 1, 1.0));
        }
    }

    @Nested
    class YellowRedActuationsCounting {
        /** Phase 4 with Yellow_Red channel 41. */
        SignalLayout yellowRedLayout() {
            return SignalLayout.builder()
                    .detector(41, 4, SignalLayout.Function.YELLOW_RED)
                    .build();
        }

        List<SignalEvent> cycles() {
            return List.of(
                    ev(5, 82, 41), // 3.5 after the shift: before the first green, in no cycle
                    ev(10, 1, 4),
                    ev(12, 82, 41), // green, 29.5 s before red: below the -8 s minimum
                    ev(35, 8, 4),
                    ev(36, 82, 41), // 34.5: green, -5.5
                    ev(38, 82, 41), // 36.5: yellow, -3.5
                    ev(40, 10, 4),
                    ev(41.4, 82, 41), // 39.9: yellow, -0.1 → -0.0
                    ev(41.6, 82, 41), // 40.1: red, 0.0
                    ev(60, 1, 4),
                    ev(61, 82, 41), // 59.5: still the first cycle, red, 19.5
                    ev(61.5, 82, 41), // 60.0: the second cycle, which has no red and does not count
                    ev(70, 8, 4));
        }

        @Test
        void detectorOnsAreShiftedAndCountedByStateAndRedOffsetInValidCyclesOnly() {
            List<SignalMeasure.YellowRedActuations> yr = only(
                    SignalMeasure.YellowRedActuations.class,
                    run(yellowRedLayout(), MeasureSettings.defaults(), cycles()));
            assertThat(yr)
                    .containsExactly(
                            new SignalMeasure.YellowRedActuations(DEV, T0, 4, 1, -5.5, 1),
                            new SignalMeasure.YellowRedActuations(DEV, T0, 4, 8, -3.5, 1),
                            new SignalMeasure.YellowRedActuations(DEV, T0, 4, 8, -0.0, 1),
                            new SignalMeasure.YellowRedActuations(DEV, T0, 4, 10, 0.0, 1),
                            new SignalMeasure.YellowRedActuations(DEV, T0, 4, 10, 19.5, 1));
        }

        @Test
        void aBinIsEmittedOnceItsCyclesAreFinalWithoutWaitingForTheEnd() {
            SignalMeasureEngine engine = new SignalMeasureEngine(DEV, yellowRedLayout(), MeasureSettings.defaults());
            List<SignalMeasure> out = new ArrayList<>();
            for (SignalEvent e : cycles()) {
                engine.advanceTo(e.ts(), out::add);
                engine.onEvent(e, out::add);
            }
            assertThat(only(SignalMeasure.YellowRedActuations.class, out)).isEmpty();
            assertThat(engine.nextWakeup()).isLessThanOrEqualTo(T0 + BIN);
            engine.advanceTo(T0 + BIN, out::add);
            assertThat(only(SignalMeasure.YellowRedActuations.class, out)).hasSize(5);
        }

        @Test
        void redOffsetsRoundToHalfSecondsAwayFromZero() {
            assertThat(YellowRedPhase.redOffsetS(250)).isEqualTo(0.5);
            assertThat(YellowRedPhase.redOffsetS(-250)).isEqualTo(-0.5);
            assertThat(YellowRedPhase.redOffsetS(249)).isEqualTo(0.0);
            assertThat(Double.doubleToRawLongBits(YellowRedPhase.redOffsetS(-249)))
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(YellowRedPhase.redOffsetS(-6_300)).isEqualTo(-6.5);
        }
    }
}
