package greenwave.jobs.bike;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.jobs.common.LateEvent;
import greenwave.schemas.BikeEvent;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;
import greenwave.schemas.DispatchTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The per-bike operator in event time: placement in zones and grid cells, out-of-order and duplicate delivery, late
 * events, blacklisted bikes reparking (episodes), and forgetting silent bikes.
 */
class BikeTrackerFunctionTest {
    static final long T0 = ZoneOccupancyFunctionTest.T0;
    static final long MIN = 60_000L;

    /** Two square zones of 0.001° side: A at (30.000, 104.000), B at (30.010, 104.000). */
    static final BikeZone A = square("A", 30.000, 104.000, 10);

    static final BikeZone B = square("B", 30.010, 104.000, 10);

    static BikeZone square(String id, double lat, double lon, int capacity) {
        double d = 0.001;
        return new BikeZone(
                id,
                id,
                List.of(List.of(lon, lat), List.of(lon + d, lat), List.of(lon + d, lat + d), List.of(lon, lat + d)),
                capacity,
                null);
    }

    static KeyedBroadcastOperatorTestHarness<String, BikeEvent, BikeReference, PlaceDelta> harness() throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new BikeTrackerFunction(BikeSettings.defaults(), "bike.events", "bike.blacklist"),
                BikeEvent::bikeId,
                Types.STRING,
                BikeTrackerFunction.ZONES,
                BikeTrackerFunction.BLACKLIST,
                BikeJob.DATA_END);
        h.processBroadcastElement(BikeReference.of(A), 0);
        h.processBroadcastElement(BikeReference.of(B), 0);
        return h;
    }

    static BikeEvent park(String bike, long ts, double lat, double lon) {
        return new BikeEvent(bike, "hellobike", ts, BikeEvent.PARK, lat, lon);
    }

    static BikeEvent locate(String bike, long ts, double lat, double lon) {
        return new BikeEvent(bike, "hellobike", ts, BikeEvent.LOCATE, lat, lon);
    }

    static BikeEvent unpark(String bike, long ts) {
        return new BikeEvent(bike, "hellobike", ts, BikeEvent.UNPARK, null, null);
    }

    /** A blacklist record of a hellobike bike arriving on the broadcast side. */
    static void blacklist(
            KeyedBroadcastOperatorTestHarness<String, BikeEvent, BikeReference, PlaceDelta> h,
            String bike,
            String reason,
            long ts,
            boolean active)
            throws Exception {
        h.processBroadcastElement(BikeReference.of(new BlacklistEntry(bike, "hellobike", reason, ts, active)), ts);
    }

    static <T> List<T> side(
            KeyedBroadcastOperatorTestHarness<String, BikeEvent, BikeReference, PlaceDelta> h, OutputTag<T> tag) {
        var q = h.getSideOutput(tag);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    /** A day of one bike: parks in A, rides, parks outside both zones, a locate moves it into B, a ride. */
    static List<BikeEvent> day(String bike) {
        return List.of(
                park(bike, T0, 30.0005, 104.0005),
                unpark(bike, T0 + 10 * MIN),
                park(bike, T0 + 20 * MIN, 30.0051, 104.0002), // outside every zone: disorderly
                locate(bike, T0 + 30 * MIN, 30.0105, 104.0005), // moved (by staff) into B
                unpark(bike, T0 + 40 * MIN),
                park(bike, T0 + 50 * MIN, 30.0102, 104.0008));
    }

    /** Keyed state entries of the operator (the broadcast harness does not count them itself). */
    static int stateEntries(KeyedBroadcastOperatorTestHarness<String, BikeEvent, BikeReference, PlaceDelta> h) {
        return greenwave.jobs.common.StateCounts.keyedEntries(h);
    }

    @Test
    void placesTheBikeInZonesAndCells() throws Exception {
        var h = harness();
        for (BikeEvent e : day("hb-1")) {
            h.processElement(e, e.ts());
        }
        h.watermark(T0 + 60 * MIN);
        assertThat(h.extractOutputValues())
                .extracting(PlaceDelta::place, PlaceDelta::delta, PlaceDelta::ts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("A", 1, T0),
                        org.assertj.core.groups.Tuple.tuple("A", -1, T0 + 10 * MIN),
                        org.assertj.core.groups.Tuple.tuple("B", 1, T0 + 30 * MIN),
                        org.assertj.core.groups.Tuple.tuple("B", -1, T0 + 40 * MIN),
                        org.assertj.core.groups.Tuple.tuple("B", 1, T0 + 50 * MIN));
        assertThat(side(h, BikeTrackerFunction.CELLS))
                .extracting(PlaceDelta::place, PlaceDelta::delta, PlaceDelta::park)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("30.005_104", 1, true),
                        org.assertj.core.groups.Tuple.tuple("30.005_104", -1, false));
        h.close();
    }

    @Test
    void shuffledAndRedeliveredEventsGiveTheSameDeltas() throws Exception {
        var ordered = harness();
        for (BikeEvent e : day("hb-2")) {
            ordered.processElement(e, e.ts());
        }
        ordered.watermark(T0 + 60 * MIN);

        var shuffled = harness();
        List<BikeEvent> events = new ArrayList<>(day("hb-2"));
        events.addAll(day("hb-2").subList(1, 4)); // redelivered: at-least-once producers
        Collections.shuffle(events, new Random(11));
        for (BikeEvent e : events) {
            shuffled.processElement(e, e.ts());
        }
        shuffled.watermark(T0 + 60 * MIN);

        assertThat(shuffled.extractOutputValues()).isEqualTo(ordered.extractOutputValues());
        assertThat(side(shuffled, BikeTrackerFunction.CELLS)).isEqualTo(side(ordered, BikeTrackerFunction.CELLS));
        assertThat(side(shuffled, BikeTrackerFunction.LATE)).isEmpty();
        ordered.close();
        shuffled.close();
    }

    @Test
    void anEventBehindTheWatermarkIsLateAndStoredNotApplied() throws Exception {
        var h = harness();
        h.processElement(park("hb-3", T0 + 5 * MIN, 30.0005, 104.0005), T0 + 5 * MIN);
        h.watermark(T0 + 5 * MIN);
        h.processElement(unpark("hb-3", T0 + 4 * MIN), T0 + 4 * MIN); // its time has passed
        h.watermark(T0 + 10 * MIN);
        assertThat(h.extractOutputValues()).extracting(PlaceDelta::delta).containsExactly(1);
        assertThat(side(h, BikeTrackerFunction.LATE)).singleElement().satisfies((LateEvent e) -> {
            assertThat(e.key()).isEqualTo("hb-3");
            assertThat(e.watermark()).isEqualTo(T0 + 5 * MIN);
            assertThat(e.payload()).contains("\"type\":\"unpark\"");
        });
        h.close();
    }

    @Test
    void aBlacklistedBikeReparkingOpensOneEpisodePerHourWithOneTask() throws Exception {
        var h = harness();
        blacklist(h, "hb-9", "over quota", T0 - 60 * MIN, true);
        blacklist(h, "hb-8", "broken", T0 - 60 * MIN, true);
        blacklist(h, "hb-8", "repaired", T0 - 30 * MIN, false); // lifted
        List<BikeEvent> events = List.of(
                park("hb-9", T0, 30.0005, 104.0005), // episode 1 opens in A
                unpark("hb-9", T0 + 10 * MIN),
                park("hb-9", T0 + 20 * MIN, 30.0051, 104.0002), // outside every zone: no reflow
                locate("hb-9", T0 + 25 * MIN, 30.0105, 104.0005), // a locate into B is not a park
                unpark("hb-9", T0 + 30 * MIN),
                park("hb-9", T0 + 59 * MIN, 30.0102, 104.0008), // within the hour: joins episode 1
                unpark("hb-9", T0 + 61 * MIN),
                park("hb-9", T0 + 75 * MIN, 30.0005, 104.0005), // an hour after the first park: episode 2
                park("hb-8", T0 + 5 * MIN, 30.0005, 104.0005)); // blacklisting lifted: nothing
        for (BikeEvent e : events) {
            h.processElement(e, e.ts());
        }
        h.watermark(T0 + 200 * MIN);

        List<BikeAlarm> alarms = side(h, BikeTrackerFunction.ALARMS);
        assertThat(alarms)
                .extracting(BikeAlarm::alarmId, BikeAlarm::zoneId, BikeAlarm::ts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("reflow-hb-9-20240513T080000Z", "A", T0),
                        org.assertj.core.groups.Tuple.tuple("reflow-hb-9-20240513T091500Z", "A", T0 + 75 * MIN));
        assertThat(alarms.get(0).toAlert().subjectId()).isEqualTo("hb-9");
        assertThat(alarms.get(0).toAlert().closedAt()).isNull();
        List<DispatchTask> tasks = side(h, BikeTrackerFunction.TASKS);
        assertThat(tasks).hasSize(2).allSatisfy(t -> {
            assertThat(t.kind()).isEqualTo(DispatchTask.REMOVE_BLACKLISTED);
            assertThat(t.bikeIds()).containsExactly("hb-9");
            assertThat(t.operator()).isEqualTo("hellobike");
            assertThat(t.count()).isEqualTo(1);
        });
        assertThat(tasks.get(0).taskId()).isEqualTo("reflow-hb-9-20240513T080000Z-hellobike");
        assertThat(tasks.get(0).deadlineTs()).isEqualTo(T0 + 60 * MIN);
        h.close();
    }

    @Test
    void aBlacklistRecordCountsFromItsOwnTimeNotFromWhenItArrived() throws Exception {
        var h = harness();
        h.processElement(park("hb-7", T0, 30.0005, 104.0005), T0);
        h.processElement(park("hb-7", T0 + 30 * MIN, 30.0005, 104.0005), T0 + 30 * MIN);
        // arrives before the watermark passes either park, but is in force only from 08:10
        blacklist(h, "hb-7", null, T0 + 10 * MIN, true);
        h.watermark(T0 + 40 * MIN);
        assertThat(side(h, BikeTrackerFunction.ALARMS))
                .singleElement()
                .satisfies(a -> assertThat(a.ts()).isEqualTo(T0 + 30 * MIN));
        h.close();
    }

    @Test
    void aLiftingThatArrivesBeforeTheBlacklistingItLiftsStillWins() throws Exception {
        var h = harness();
        blacklist(h, "hb-4", "repaired", T0 - 30 * MIN, false);
        blacklist(h, "hb-4", "broken", T0 - 60 * MIN, true); // older, delivered later
        h.processElement(park("hb-4", T0, 30.0005, 104.0005), T0);
        h.watermark(T0 + MIN);
        assertThat(side(h, BikeTrackerFunction.ALARMS)).isEmpty();
        h.close();
    }

    @Test
    void aSilentBikeLeavesItsZoneAfterTheTtlAndLeavesNoState() throws Exception {
        var h = harness();
        h.processElement(park("hb-5", T0, 30.0005, 104.0005), T0);
        h.watermark(T0 + MIN);
        assertThat(stateEntries(h)).isPositive();
        long ttl = BikeSettings.defaults().bikeIdleTtlMs();
        h.watermark(T0 + ttl);
        assertThat(h.extractOutputValues())
                .extracting(PlaceDelta::delta, PlaceDelta::ts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, T0), org.assertj.core.groups.Tuple.tuple(-1, T0 + ttl));
        assertThat(stateEntries(h)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void eachEventMovesTheTtlTimerInsteadOfAddingOne() throws Exception {
        var h = harness();
        for (int i = 0; i < 50; i++) {
            long ts = T0 + i * 10 * MIN;
            h.processElement(locate("hb-6", ts, 30.0005, 104.0005), ts);
            h.watermark(ts);
        }
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        h.close();
    }

    @Test
    void atTheEndOfABoundedInputABikeSilentForTheTtlWithinTheDataLeavesAndOneBeyondItDoesNot() throws Exception {
        long ttl = BikeSettings.defaults().bikeIdleTtlMs();
        var h = harness();
        h.processElement(park("hb-7", T0, 30.0005, 104.0005), T0);
        h.processElement(park("hb-8", T0 + ttl, 30.0005, 104.0005), T0 + ttl); // the data's last event
        h.processBroadcastElement(BikeReference.dataEnd(T0 + ttl), T0 + ttl);
        h.watermark(Long.MAX_VALUE); // the watermark jumps from nowhere to the end
        // hb-7's TTL (T0 + ttl) was reached by the data: it leaves; hb-8's (T0 + 2 ttl) never was: no delta
        assertThat(h.extractOutputValues())
                .extracting(PlaceDelta::bikeId, PlaceDelta::delta, PlaceDelta::ts)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("hb-7", 1, T0),
                        org.assertj.core.groups.Tuple.tuple("hb-7", -1, T0 + ttl),
                        org.assertj.core.groups.Tuple.tuple("hb-8", 1, T0 + ttl));
        assertThat(stateEntries(h)).isZero();
        h.close();
    }

    @Test
    void aDeletedZoneLeavesTheZonesItsBikesLeaveItsCountAndLaterMovesSendItNothing() throws Exception {
        var h = harness();
        h.processElement(park("hb-1", T0, 30.0005, 104.0005), T0); // in A
        h.processElement(park("hb-2", T0, 30.0105, 104.0005), T0); // in B
        h.watermark(T0 + MIN);
        h.processBroadcastElement(BikeReference.zoneDeleted("A"), T0 + MIN); // a tombstone on bike.zones
        assertThat(h.getBroadcastState(BikeTrackerFunction.ZONES).contains("A")).isFalse();
        h.processElement(unpark("hb-1", T0 + 5 * MIN), T0 + 5 * MIN);
        h.processElement(park("hb-3", T0 + 6 * MIN, 30.0005, 104.0005), T0 + 6 * MIN); // where A was
        h.watermark(T0 + 10 * MIN);
        // hb-1 leaves A when A goes (at the event time then); its unpark later sends A nothing; hb-3 is in a cell
        assertThat(h.extractOutputValues())
                .extracting(PlaceDelta::place, PlaceDelta::bikeId, PlaceDelta::delta, PlaceDelta::ts)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("A", "hb-1", 1, T0),
                        org.assertj.core.groups.Tuple.tuple("B", "hb-2", 1, T0),
                        org.assertj.core.groups.Tuple.tuple("A", "hb-1", -1, T0 + MIN));
        assertThat(side(h, BikeTrackerFunction.CELLS))
                .extracting(PlaceDelta::bikeId, PlaceDelta::delta)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hb-3", 1));
        h.close();
    }

    @Test
    void aLiftedBlacklistEntryIsForgottenAfterTheKeepTimeAndAnOlderRecordArrivingLaterIsLate() throws Exception {
        long keep = BikeSettings.defaults().blacklistLiftedKeepMs();
        var h = harness();
        blacklist(h, "hb-8", "broken", T0 - 60 * MIN, true);
        blacklist(h, "hb-8", "repaired", T0 - 30 * MIN, false);
        blacklist(h, "hb-9", "broken", T0 - 60 * MIN, true);
        var blacklist = h.getBroadcastState(BikeTrackerFunction.BLACKLIST);
        h.watermark(T0 - 30 * MIN + keep - 1);
        h.processBroadcastElement(BikeReference.dataEnd(T0), T0); // any reference update looks
        assertThat(blacklist.contains("hb-8")).isTrue(); // not yet: an older record could still come
        // the blacklist is looked through again once the watermark moved on by a tenth of the keep time
        h.watermark(T0 - 30 * MIN + keep + keep / 10);
        h.processBroadcastElement(BikeReference.dataEnd(T0 + keep), T0 + keep);
        assertThat(blacklist.contains("hb-8")).isFalse(); // lifted for longer than the keep time: forgotten
        assertThat(blacklist.contains("hb-9")).isTrue(); // still blacklisted
        // the older blacklisting, delivered now, must not revive hb-8: it is late
        blacklist(h, "hb-8", "broken", T0 - 60 * MIN, true);
        assertThat(blacklist.contains("hb-8")).isFalse();
        assertThat(side(h, BikeTrackerFunction.LATE)).singleElement().satisfies(l -> {
            assertThat(l.sourceTopic()).isEqualTo("bike.blacklist");
            assertThat(l.key()).isEqualTo("hb-8");
        });
        // a tombstone on bike.blacklist forgets a bike at once, blacklisted or not
        h.processBroadcastElement(BikeReference.delisted("hb-9"), T0 + keep);
        assertThat(blacklist.contains("hb-9")).isFalse();
        long t = T0 + keep + keep / 10;
        h.processElement(park("hb-8", t + MIN, 30.0005, 104.0005), t + MIN);
        h.processElement(park("hb-9", t + MIN, 30.0005, 104.0006), t + MIN);
        h.watermark(t + 2 * MIN);
        assertThat(side(h, BikeTrackerFunction.ALARMS)).isEmpty();
        h.close();
    }
}
