package greenwave.jobs.bike;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.jobs.common.StateCounts;
import greenwave.jobs.common.StateGrowth;
import greenwave.schemas.BikeEvent;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * State growth of the bike job's keyed operators on the production functions with the shipped settings (TTLs
 * included: event time is moved past them): {@link StateGrowth#IDS} one-off ids per keyed input, each seen once, and
 * the state must come back to its bound (nothing, or one entry per live zone) once event time passes the TTL. Prints
 * the peak, what is left and the time taken.
 */
class BikeStateGrowthTest {
    static final long T0 = ZoneOccupancyFunctionTest.T0;
    static final long MIN = 60_000L;
    static final BikeSettings S = BikeSettings.defaults();
    static final int LIVE_ZONES = 100;

    /**
     * Bikes (keyed state, TTL {@code bike_idle_ttl_s}) and the blacklist (broadcast state: each one-off bike
     * blacklisted, then lifted a minute later; forgotten {@code blacklist_lifted_keep_s} after the lift).
     */
    @Test
    void oneOffBikesAndLiftedBlacklistEntriesAreForgotten() throws Exception {
        long start = System.nanoTime();
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new BikeTrackerFunction(S, "bike.events", "bike.blacklist"),
                BikeEvent::bikeId,
                Types.STRING,
                BikeTrackerFunction.ZONES,
                BikeTrackerFunction.BLACKLIST,
                BikeJob.DATA_END);
        h.processBroadcastElement(BikeReference.of(BikeTrackerFunctionTest.A), 0);
        var blacklist = h.getBroadcastState(BikeTrackerFunction.BLACKLIST);
        long peakKeyed = 0;
        long peakBlacklist = 0;
        long last = T0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            String bike = "once-" + i;
            // every other one parks in zone A, the others outside every zone (a grid cell)
            h.processElement(BikeTrackerFunctionTest.park(bike, t, i % 2 == 0 ? 30.0005 : 30.0051, 104.0005), t);
            h.processBroadcastElement(
                    BikeReference.of(new BlacklistEntry("listed-" + i, "hellobike", "broken", t, true)), t);
            h.processBroadcastElement(
                    BikeReference.of(new BlacklistEntry("listed-" + i, "hellobike", "repaired", t + MIN, false)),
                    t + MIN);
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                h.watermark(t);
                peakKeyed = Math.max(peakKeyed, StateCounts.keyedEntries(h));
                peakBlacklist = Math.max(peakBlacklist, count(blacklist.entries()));
                StateGrowth.dropOutputs(h, BikeTrackerFunction.CELLS, BikeTrackerFunction.LATE);
            }
            last = t;
        }
        // event time moves on past every TTL, in steps (each forgotten bike sends its -1)
        long end = last + Math.max(S.bikeIdleTtlMs(), S.blacklistLiftedKeepMs() * 11 / 10) + MIN;
        for (long w = T0 + S.bikeIdleTtlMs(); w < end; w += (end - T0 - S.bikeIdleTtlMs()) / 10 + 1) {
            h.watermark(w);
            StateGrowth.dropOutputs(h, BikeTrackerFunction.CELLS, BikeTrackerFunction.LATE);
        }
        h.watermark(end);
        h.processBroadcastElement(BikeReference.dataEnd(end), end); // the blacklist is looked through on an update
        long keyedAfter = StateCounts.keyedEntries(h);
        long blacklistAfter = count(blacklist.entries());
        StateGrowth.print("bike tracker, keyed by bike", peakKeyed, keyedAfter, 0, start);
        StateGrowth.print("bike tracker, blacklist (broadcast)", peakBlacklist, blacklistAfter, 0, start);
        assertThat(peakKeyed).isGreaterThanOrEqualTo(StateGrowth.IDS / 2);
        assertThat(keyedAfter).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(blacklistAfter).isZero();
        assertThat(count(h.getBroadcastState(BikeTrackerFunction.ZONES).entries()))
                .isEqualTo(1);
        h.close();
    }

    /**
     * Zones (keyed): one-off zones, each recorded, visited by a bike and deleted (a tombstone) with the bike's −1 as
     * the per-bike operator sends it; and one-off bikes coming and going in {@value #LIVE_ZONES} live zones. Only the
     * live zones' records stay.
     */
    @Test
    void deletedZonesGoAndLiveZonesKeepOneEntryEach() throws Exception {
        long start = System.nanoTime();
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ZoneOccupancyFunction(S), ZoneInput::zoneId, Types.STRING, BikeJob.DATA_END);
        List<List<Double>> square = BikeTrackerFunctionTest.A.polygon();
        for (int z = 0; z < LIVE_ZONES; z++) {
            h.processElement(ZoneInput.of(new BikeZone("live-" + z, null, square, 10, null)), 0);
        }
        long peak = 0;
        long last = T0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            String zone = "once-" + i;
            h.processElement(ZoneInput.of(new BikeZone(zone, null, square, 10, null)), t);
            h.processElement(ZoneInput.of(new PlaceDelta(zone, "hellobike", +1, true, t, "b-" + i)), t);
            h.processElement(ZoneInput.deleted(zone), t);
            h.processElement(ZoneInput.of(new PlaceDelta(zone, "hellobike", -1, false, t + 1, "b-" + i)), t);
            String live = "live-" + (i % LIVE_ZONES);
            h.processElement(ZoneInput.of(new PlaceDelta(live, "meituan", +1, true, t, "c-" + i)), t);
            h.processElement(ZoneInput.of(new PlaceDelta(live, "meituan", -1, false, t + 30 * MIN, "c-" + i)), t);
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                h.watermark(t);
                peak = Math.max(peak, StateCounts.keyedEntries(h));
                StateGrowth.dropOutputs(h, ZoneOccupancyFunction.SNAPSHOTS, ZoneOccupancyFunction.TASKS);
            }
            last = t;
        }
        h.watermark(last + S.bikeIdleTtlMs());
        StateGrowth.dropOutputs(h, ZoneOccupancyFunction.SNAPSHOTS, ZoneOccupancyFunction.TASKS);
        long after = StateCounts.keyedEntries(h);
        StateGrowth.print("zone occupancy, keyed by zone", peak, after, LIVE_ZONES, start);
        StateGrowth.assertBackTo(h, after, LIVE_ZONES);
    }

    /** Grid cells (keyed): one-off cells, a bike parked in each for ten minutes. */
    @Test
    void emptiedCellsGo() throws Exception {
        long start = System.nanoTime();
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new DisorderlyParkingFunction(S), PlaceDelta::place, Types.STRING, BikeJob.DATA_END);
        long peak = 0;
        long last = T0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            String cell = GridCell.idOf(30.0 + (i / 1000) * 0.001, 104.0 + (i % 1000) * 0.001, S.gridDeg());
            h.processElement(new PlaceDelta(cell, "hellobike", +1, true, t, "b-" + i), t);
            h.processElement(new PlaceDelta(cell, "hellobike", -1, false, t + 10 * MIN, "b-" + i), t);
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                h.watermark(t);
                peak = Math.max(peak, StateCounts.keyedEntries(h));
                StateGrowth.dropOutputs(h);
            }
            last = t;
        }
        h.watermark(last + S.bikeIdleTtlMs());
        long after = StateCounts.keyedEntries(h);
        StateGrowth.print("disorderly parking, keyed by grid cell", peak, after, 0, start);
        StateGrowth.assertBackTo(h, after, 0);
    }

    static long count(Iterable<?> entries) {
        long n = 0;
        for (Object ignored : entries) {
            n++;
        }
        return n;
    }
}
