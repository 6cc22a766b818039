package greenwave.jobs.bike;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.jobs.common.DataEnd;
import greenwave.schemas.Alert;
import greenwave.schemas.BikeZone;
import greenwave.schemas.DispatchTask;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The per-zone rules of spec §3 on the operator itself, in event time: overflow opening and closing with hysteresis,
 * dispatch split across operators, escalation, flapping that must not open, and a capacity change mid-run.
 */
class ZoneOccupancyFunctionTest {
    static final long T0 = 1_715_587_200_000L; // 2024-05-13 08:00 UTC
    static final long MIN = 60_000L;
    static final BikeSettings S = BikeSettings.defaults();

    static KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> harness(int capacity)
            throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ZoneOccupancyFunction(S), ZoneInput::zoneId, Types.STRING, BikeJob.DATA_END);
        capacity(h, capacity);
        return h;
    }

    /** The zone's record arrives with a new capacity (records carry no time). */
    static void capacity(KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> h, int capacity)
            throws Exception {
        h.processElement(new StreamRecord<>(ZoneInput.of(zone(capacity))));
    }

    /** The latest event time seen upstream, as the job broadcasts it ({@link DataEnd}). */
    static void dataEnd(KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> h, long ts)
            throws Exception {
        h.processBroadcastElement(ts, ts);
    }

    static BikeZone zone(int capacity) {
        return new BikeZone(
                "z1",
                "Tianfu Square A",
                List.of(List.of(104.0, 30.0), List.of(104.001, 30.0), List.of(104.001, 30.001)),
                capacity,
                null);
    }

    private int bikeNo;

    /** {@code n} bikes of {@code operator} arriving (n &gt; 0) or leaving (n &lt; 0) at {@code ts}. */
    void move(KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> h, String operator, int n, long ts)
            throws Exception {
        for (int i = 0; i < Math.abs(n); i++) {
            h.processElement(
                    ZoneInput.of(new PlaceDelta("z1", operator, Integer.signum(n), n > 0, ts, "b" + (bikeNo++))), ts);
        }
    }

    static void watermark(KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> h, long ts)
            throws Exception {
        h.watermark(ts);
    }

    static List<BikeAlarm> alarms(KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> h) {
        return h.extractOutputValues();
    }

    static List<DispatchTask> tasks(KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> h) {
        var q = h.getSideOutput(ZoneOccupancyFunction.TASKS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    static List<OccupancySnapshot> snapshots(KeyedBroadcastOperatorTestHarness<String, ZoneInput, Long, BikeAlarm> h) {
        var q = h.getSideOutput(ZoneOccupancyFunction.SNAPSHOTS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void anOverflowOpensAfterTenMinutesSplitsTasksAcrossOperatorsAndClosesAfterFiveLow() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 8, T0);
        move(h, "meituan", 5, T0); // 13 > 12 from 08:00
        watermark(h, T0 + 10 * MIN - 1);
        assertThat(alarms(h)).isEmpty();
        watermark(h, T0 + 10 * MIN);
        assertThat(alarms(h)).singleElement().satisfies(a -> {
            assertThat(a.event()).isEqualTo(BikeAlarm.OPENED);
            assertThat(a.alarmId()).isEqualTo("overflow-z1-20240513T081000Z");
            assertThat(a.openedAt()).isEqualTo(T0 + 10 * MIN);
            assertThat(a.occupancy()).isEqualTo(13);
            assertThat(a.severity()).isEqualTo(Alert.WARNING);
        });
        // excess 3: hellobike 3 × 8/13 = 1.85 → 2, meituan 3 × 5/13 = 1.15 → 1
        assertThat(tasks(h))
                .extracting(
                        DispatchTask::taskId,
                        DispatchTask::count,
                        DispatchTask::deadlineTs,
                        DispatchTask::escalationLevel)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "overflow-z1-20240513T081000Z-hellobike", 2, T0 + 70 * MIN, 0),
                        org.assertj.core.groups.Tuple.tuple(
                                "overflow-z1-20240513T081000Z-meituan", 1, T0 + 70 * MIN, 0));

        move(h, "hellobike", -2, T0 + 20 * MIN); // 11: between capacity and 1.2 × capacity, stays open
        watermark(h, T0 + 30 * MIN);
        assertThat(alarms(h)).hasSize(1);
        move(h, "hellobike", -1, T0 + 31 * MIN); // 10 ≤ capacity from 08:31
        watermark(h, T0 + 36 * MIN - 1);
        assertThat(alarms(h)).hasSize(1);
        watermark(h, T0 + 36 * MIN);
        assertThat(alarms(h)).hasSize(2).last().satisfies(a -> {
            assertThat(a.event()).isEqualTo(BikeAlarm.CLOSED);
            assertThat(a.alarmId()).isEqualTo("overflow-z1-20240513T081000Z");
            assertThat(a.closedAt()).isEqualTo(T0 + 36 * MIN);
            assertThat(a.toAlert().closedAt()).isEqualTo(T0 + 36 * MIN);
            assertThat(a.toAlert().subjectId()).isEqualTo("z1");
        });
        watermark(h, T0 + 300 * MIN); // past every deadline: a closed alarm never escalates
        assertThat(alarms(h)).hasSize(2);
        assertThat(tasks(h)).hasSize(2);

        // snapshots every 5 minutes from 08:00, the state after the events up to each
        assertThat(snapshots(h))
                .filteredOn(s -> s.snapshotTs() == T0)
                .singleElement()
                .satisfies(s -> assertThat(s.byOperator()).isEqualTo(Map.of("hellobike", 8, "meituan", 5)));
        assertThat(snapshots(h))
                .filteredOn(s -> s.snapshotTs() == T0 + 35 * MIN)
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.occupancy()).isEqualTo(10);
                    assertThat(s.overflow()).isTrue();
                });
        assertThat(snapshots(h))
                .filteredOn(s -> s.snapshotTs() == T0 + 40 * MIN)
                .singleElement()
                .satisfies(s -> assertThat(s.overflow()).isFalse());
        assertThat(snapshots(h))
                .extracting(OccupancySnapshot::snapshotTs)
                .doesNotHaveDuplicates()
                .allSatisfy(ts -> assertThat(ts % (5 * MIN)).isZero());
        h.close();
    }

    @Test
    void anOverflowLeftOpenEscalatesAtEachDeadlineAndTurnsCriticalAtLevelTwo() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 10, T0);
        move(h, "qingju", 5, T0); // 15, excess 5 at opening: 10/15 × 5 = 3.33 → 3, 5/15 × 5 = 1.67 → 2
        watermark(h, T0 + 10 * MIN);
        watermark(h, T0 + 70 * MIN); // first deadline
        watermark(h, T0 + 130 * MIN); // second
        watermark(h, T0 + 400 * MIN); // no third: escalation stops at level 2

        assertThat(tasks(h)).extracting(DispatchTask::escalationLevel).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(tasks(h))
                .extracting(DispatchTask::taskId)
                .containsOnly("overflow-z1-20240513T081000Z-hellobike", "overflow-z1-20240513T081000Z-qingju");
        assertThat(tasks(h))
                .filteredOn(t -> t.operator().equals("hellobike"))
                .extracting(DispatchTask::count)
                .containsOnly(3);
        assertThat(tasks(h)).filteredOn(t -> t.escalationLevel() == 2).allSatisfy(t -> {
            assertThat(t.ts()).isEqualTo(T0 + 130 * MIN);
            assertThat(t.deadlineTs()).isEqualTo(T0 + 190 * MIN);
        });
        assertThat(alarms(h))
                .extracting(BikeAlarm::event, BikeAlarm::escalationLevel, BikeAlarm::severity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.OPENED, 0, Alert.WARNING),
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.ESCALATED, 1, Alert.WARNING),
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.ESCALATED, 2, Alert.CRITICAL));
        // alerts: open, and the severity change; the level-1 escalation changes no severity
        List<Alert> alerts = alarms(h).stream()
                .map(BikeAlarm::toAlert)
                .filter(Objects::nonNull)
                .toList();
        assertThat(alerts).extracting(Alert::severity).containsExactly(Alert.WARNING, Alert.CRITICAL);
        assertThat(alerts).extracting(Alert::alertId).containsOnly("overflow-z1-20240513T081000Z");
        h.close();
    }

    @Test
    void occupancyFlappingAroundTheThresholdNeverOpens() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 13, T0); // above 12
        long t = T0;
        for (int i = 0; i < 6; i++) {
            move(h, "hellobike", -1, t + 9 * MIN); // 12: not above 1.2 × capacity (strictly)
            move(h, "hellobike", +1, t + 9 * MIN + 30_000); // 13 again: the 10 minutes start over
            t += 9 * MIN + 30_000;
        }
        watermark(h, t + 10 * MIN - 1);
        assertThat(alarms(h)).isEmpty();
        assertThat(tasks(h)).isEmpty();
        // exactly 12 for good never opens, whatever the time
        move(h, "hellobike", -1, t + 10 * MIN - 1);
        watermark(h, t + 200 * MIN);
        assertThat(alarms(h)).isEmpty();
        h.close();
    }

    @Test
    void theHysteresisBandKeepsAnAlarmOpenAndALowPeriodInterruptedStartsOver() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 13, T0);
        watermark(h, T0 + 10 * MIN); // open
        move(h, "hellobike", -3, T0 + 15 * MIN); // 10: low
        move(h, "hellobike", +1, T0 + 19 * MIN); // 11 after 4 low minutes: not closed
        move(h, "hellobike", -1, T0 + 25 * MIN); // low again
        watermark(h, T0 + 29 * MIN);
        assertThat(alarms(h)).extracting(BikeAlarm::event).containsExactly(BikeAlarm.OPENED);
        watermark(h, T0 + 30 * MIN);
        assertThat(alarms(h))
                .extracting(BikeAlarm::event, BikeAlarm::closedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.OPENED, null),
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.CLOSED, T0 + 30 * MIN));
        h.close();
    }

    @Test
    void eventsOfOneInstantApplyTogetherBeforeTheConditionIsJudged() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 13, T0);
        // at 08:05 one bike leaves and another arrives: 13 throughout, the condition is never interrupted
        h.processElement(ZoneInput.of(new PlaceDelta("z1", "hellobike", -1, false, T0 + 5 * MIN, "b0")), T0 + 5 * MIN);
        h.processElement(ZoneInput.of(new PlaceDelta("z1", "meituan", +1, true, T0 + 5 * MIN, "x")), T0 + 5 * MIN);
        watermark(h, T0 + 10 * MIN);
        assertThat(alarms(h))
                .singleElement()
                .satisfies(a -> assertThat(a.openedAt()).isEqualTo(T0 + 10 * MIN));
        h.close();
    }

    @Test
    void aCapacityChangeMidRunIsJudgedByTheNewCapacityFromThenOn() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 11, T0); // 11 ≤ 12: fine with capacity 10
        watermark(h, T0 + 20 * MIN);
        assertThat(alarms(h)).isEmpty();

        capacity(h, 8); // at 08:20 the zone shrinks: 11 > 9.6
        watermark(h, T0 + 30 * MIN - 1);
        assertThat(alarms(h)).isEmpty();
        watermark(h, T0 + 30 * MIN);
        assertThat(alarms(h)).singleElement().satisfies(a -> {
            assertThat(a.openedAt()).isEqualTo(T0 + 30 * MIN);
            assertThat(a.capacity()).isEqualTo(8);
        });
        assertThat(tasks(h))
                .singleElement()
                .satisfies(t -> assertThat(t.count()).isEqualTo(3)); // excess 11 − 8

        watermark(h, T0 + 40 * MIN);
        capacity(h, 20); // at 08:40 it grows: 11 ≤ 20, closes 5 minutes later
        watermark(h, T0 + 42 * MIN);
        capacity(h, 20); // the same record again (compacted topic re-read): no restart
        watermark(h, T0 + 45 * MIN);
        assertThat(alarms(h)).last().satisfies(a -> {
            assertThat(a.event()).isEqualTo(BikeAlarm.CLOSED);
            assertThat(a.closedAt()).isEqualTo(T0 + 45 * MIN);
        });
        h.close();
    }

    @Test
    void atTheEndOfABoundedInputSnapshotsRunUpToTheDataEndNotBeyond() throws Exception {
        var h = harness(50);
        move(h, "hellobike", 3, T0);
        move(h, "hellobike", 1, T0 + 62 * MIN);
        dataEnd(h, T0 + 62 * MIN);
        watermark(h, Long.MAX_VALUE); // the input ended before any watermark moved on
        // every 5-minute boundary the data reached (08:00 … 09:00), none after: 09:05 is past the data's end
        assertThat(snapshots(h))
                .extracting(OccupancySnapshot::snapshotTs)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, 12)
                        .map(i -> T0 + i * 5 * MIN)
                        .boxed()
                        .toList());
        assertThat(snapshots(h)).last().satisfies(s -> assertThat(s.occupancy()).isEqualTo(3));
        h.close();

        // a zone whose last delta came early still reports up to the data's end, which other zones' events set
        var quiet = harness(50);
        move(quiet, "hellobike", 3, T0);
        dataEnd(quiet, T0 + 62 * MIN);
        watermark(quiet, Long.MAX_VALUE);
        assertThat(snapshots(quiet))
                .extracting(OccupancySnapshot::snapshotTs)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, 12)
                        .map(i -> T0 + i * 5 * MIN)
                        .boxed()
                        .toList());
        quiet.close();
    }

    @Test
    void atTheEndOfABoundedInputAnOpenAlarmIsNotEscalatedAtDeadlinesTheDataNeverReached() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 15, T0);
        move(h, "hellobike", -1, T0 + 65 * MIN); // the data's last event: 14, still above 12
        dataEnd(h, T0 + 65 * MIN);
        watermark(h, T0 + 2 * MIN); // the watermark was far behind when the input ended
        watermark(h, Long.MAX_VALUE);
        // opened at 08:10 (reached by the data); the deadline 09:10 never was: no escalation, not critical
        assertThat(alarms(h))
                .extracting(BikeAlarm::event, BikeAlarm::ts, BikeAlarm::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BikeAlarm.OPENED, T0 + 10 * MIN, Alert.WARNING));
        assertThat(tasks(h)).extracting(DispatchTask::escalationLevel).containsOnly(0);
        h.close();
    }

    @Test
    void atTheEndOfABoundedInputDeadlinesUpToTheDataEndStillEscalate() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 15, T0);
        move(h, "hellobike", -1, T0 + 130 * MIN); // the data ends exactly at the second deadline
        dataEnd(h, T0 + 130 * MIN);
        watermark(h, Long.MAX_VALUE);
        assertThat(alarms(h))
                .extracting(BikeAlarm::event, BikeAlarm::ts, BikeAlarm::severity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.OPENED, T0 + 10 * MIN, Alert.WARNING),
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.ESCALATED, T0 + 70 * MIN, Alert.WARNING),
                        org.assertj.core.groups.Tuple.tuple(BikeAlarm.ESCALATED, T0 + 130 * MIN, Alert.CRITICAL));
        h.close();
    }

    @Test
    void atTheEndOfABoundedInputConditionsTheDataDidNotHoldLongEnoughNeitherOpenNorClose() throws Exception {
        var high = harness(10);
        move(high, "hellobike", 13, T0); // above 12 from 08:00, but the data ends at 08:09
        move(high, "meituan", 1, T0 + 9 * MIN);
        dataEnd(high, T0 + 9 * MIN);
        watermark(high, Long.MAX_VALUE);
        assertThat(alarms(high)).isEmpty();
        assertThat(tasks(high)).isEmpty();
        high.close();

        var low = harness(10);
        move(low, "hellobike", 13, T0);
        move(low, "hellobike", -4, T0 + 20 * MIN); // 9 ≤ 10 from 08:20, but the data ends at 08:24
        move(low, "meituan", 1, T0 + 24 * MIN);
        dataEnd(low, T0 + 24 * MIN);
        watermark(low, Long.MAX_VALUE);
        assertThat(alarms(low)).extracting(BikeAlarm::event).containsExactly(BikeAlarm.OPENED);
        low.close();
    }

    @Test
    void anUnboundedRunStillEscalatesAsTheWatermarkMovesOn() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 15, T0);
        dataEnd(h, T0); // only the final watermark of a bounded input is judged against the data's end
        watermark(h, T0 + 70 * MIN);
        assertThat(alarms(h)).extracting(BikeAlarm::event).containsExactly(BikeAlarm.OPENED, BikeAlarm.ESCALATED);
        h.close();
    }

    @Test
    void aDeletedZoneClosesItsOpenAlarmJudgesNothingMoreAndItsStateGoesOnceItsBikesLeft() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 8, T0);
        move(h, "meituan", 5, T0); // 13 > 12 from 08:00: opens at 08:10
        watermark(h, T0 + 15 * MIN);
        assertThat(alarms(h)).hasSize(1);
        h.processElement(new StreamRecord<>(ZoneInput.deleted("z1"))); // a tombstone on bike.zones
        assertThat(alarms(h)).hasSize(2).last().satisfies(a -> {
            assertThat(a.event()).isEqualTo(BikeAlarm.CLOSED);
            assertThat(a.closedAt()).isEqualTo(T0 + 15 * MIN); // the event time when the deletion came
            assertThat(a.capacity()).isNull();
            assertThat(a.occupancy()).isEqualTo(13);
            assertThat(a.toAlert().details()).containsEntry("reason", BikeAlarm.ZONE_DELETED);
        });
        // the per-bike operator sends the bikes' -1 when it deletes the zone
        move(h, "hellobike", -8, T0 + 15 * MIN);
        move(h, "meituan", -5, T0 + 15 * MIN);
        watermark(h, T0 + 300 * MIN); // past every deadline the alarm had
        assertThat(alarms(h)).hasSize(2); // no escalation, no new alarm
        assertThat(tasks(h)).hasSize(2); // the opening's only
        assertThat(snapshots(h)).last().satisfies(s -> {
            assertThat(s.snapshotTs()).isEqualTo(T0 + 20 * MIN); // the next in the chain
            assertThat(s.occupancy()).isZero();
            assertThat(s.capacity()).isEqualTo(-1);
        });
        assertThat(greenwave.jobs.common.StateCounts.keyedEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void anEmptyZoneKeepsOnlyItsRecordAndOneThatWasNeverRecordedKeepsNothing() throws Exception {
        var h = harness(10);
        move(h, "hellobike", 3, T0);
        move(h, "hellobike", -3, T0 + 20 * MIN);
        h.processElement(ZoneInput.of(new PlaceDelta("z9", "hellobike", +1, true, T0, "x")), T0); // no record
        h.processElement(ZoneInput.of(new PlaceDelta("z9", "hellobike", -1, false, T0 + 20 * MIN, "x")), T0);
        watermark(h, T0 + 300 * MIN);
        assertThat(greenwave.jobs.common.StateCounts.keyedEntries(h)).isEqualTo(1); // z1's capacity
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void dispatchCountsRoundHalfUpWithAtLeastOnePerOperator() {
        assertThat(ZoneOccupancyFunction.dispatchCounts(Map.of("a", 5, "b", 5), 10, 3))
                .isEqualTo(Map.of("a", 2, "b", 2)); // 1.5 → 2 each
        assertThat(ZoneOccupancyFunction.dispatchCounts(Map.of("a", 20, "b", 1), 21, 4))
                .isEqualTo(Map.of("a", 4, "b", 1)); // 3.81 → 4; 0.19 → at least 1
        assertThat(ZoneOccupancyFunction.dispatchCounts(Map.of("a", 1, "b", 3), 4, 2))
                .isEqualTo(Map.of("a", 1, "b", 2)); // 0.5 → 1, 1.5 → 2
    }
}
