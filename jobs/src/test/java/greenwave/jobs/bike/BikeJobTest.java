package greenwave.jobs.bike;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.LateEvent;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.io.Collected;
import greenwave.schemas.Alert;
import greenwave.schemas.BikeEvent;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.DispatchTask;
import greenwave.testing.FlinkMiniCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bike job's whole topology on a MiniCluster (parallelism 2), from raw records as they come off the topics:
 * decoding (malformed records to the dead letters), event time, placement, overflow, dispatch, reflow, alerts.
 */
class BikeJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.withSlots(2);

    static final long T0 = ZoneOccupancyFunctionTest.T0;
    static final long MIN = 60_000L;
    static final ContractCodec CODEC = ContractCodec.shared();

    record Run(
            List<DispatchTask> tasks,
            List<Alert> alerts,
            List<BikeAlarm> alarms,
            List<OccupancySnapshot> occupancy,
            List<DisorderlySnapshot> disorderly,
            List<DeadLetter> deadLetters,
            List<LateEvent> late) {}

    static RawRecord raw(String topic, long offset, String json) {
        return new RawRecord(topic, 0, offset, 0L, null, json.getBytes(StandardCharsets.UTF_8));
    }

    static Run run(List<String> eventLines, List<BikeZone> zones, List<BlacklistEntry> blacklist) throws Exception {
        return run(eventLines, zones, List.of(), blacklist, 2);
    }

    static Run run(List<String> eventLines, List<BikeZone> zones, List<BlacklistEntry> blacklist, int parallelism)
            throws Exception {
        return run(eventLines, zones, List.of(), blacklist, parallelism);
    }

    /** The job over events, file zones, records of the zones topic (none: no topic) and the blacklist. */
    static Run run(
            List<String> eventLines,
            List<BikeZone> zones,
            List<String> zoneLines,
            List<BlacklistEntry> blacklist,
            int parallelism)
            throws Exception {
        List<RawRecord> zoneRecords = new ArrayList<>();
        for (int i = 0; i < zoneLines.size(); i++) {
            zoneRecords.add(raw("bike.zones", i, zoneLines.get(i)));
        }
        return runWithZoneRecords(eventLines, zones, zoneRecords, blacklist, parallelism);
    }

    /** The same with the zones topic's records as they come off it (tombstones included). */
    static Run runWithZoneRecords(
            List<String> eventLines,
            List<BikeZone> zones,
            List<RawRecord> zoneRecords,
            List<BlacklistEntry> blacklist,
            int parallelism)
            throws Exception {
        GreenwaveConfig config = GreenwaveConfig.defaults();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        List<RawRecord> events = new ArrayList<>();
        for (int i = 0; i < eventLines.size(); i++) {
            events.add(raw("bike.events", i, eventLines.get(i)));
        }
        List<RawRecord> blacklisted = new ArrayList<>();
        for (int i = 0; i < blacklist.size(); i++) {
            blacklisted.add(raw("bike.blacklist", i, CODEC.toJson(blacklist.get(i))));
        }
        DataStream<RawRecord> rawEvents = env.fromData(events, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(BikeJob.watermarks(config));
        DataStream<RawRecord> rawBlacklist = blacklisted.isEmpty()
                ? null
                : env.fromData(blacklisted, TypeInformation.of(RawRecord.class))
                        .assignTimestampsAndWatermarks(BikeJob.watermarks(config));
        DataStream<BikeZone> fileZones = env.fromData(zones, TypeInformation.of(BikeZone.class));
        DataStream<RawRecord> rawZones = zoneRecords.isEmpty()
                ? null
                : env.fromData(zoneRecords, TypeInformation.of(RawRecord.class))
                        // stamped with the record's Kafka timestamp, as the Kafka source does
                        .assignTimestampsAndWatermarks(
                                BikeJob.<RawRecord>timeless().withTimestampAssigner((r, previous) -> r.timestamp()));
        BikeJob.Outputs out = new BikeJob(config).build(rawEvents, fileZones, rawZones, rawBlacklist);
        var tasks = Collected.of(out.tasks());
        var alerts = Collected.of(out.alerts());
        var alarms = Collected.of(out.alarms());
        var occupancy = Collected.of(out.occupancy());
        var disorderly = Collected.of(out.disorderly());
        var dead = Collected.of(out.deadLetters());
        var late = Collected.of(out.lateEvents());
        ExecutorService pool = Collected.pool(7);
        env.executeAsync("bike job test");
        for (var c : List.of(tasks, alerts, alarms, occupancy, disorderly, dead, late)) {
            c.startDraining(pool);
        }
        Run run = new Run(
                tasks.get(), alerts.get(), alarms.get(), occupancy.get(), disorderly.get(), dead.get(), late.get());
        pool.shutdown();
        return run;
    }

    static String event(String bike, String operator, long ts, String type, Double lat, Double lon) {
        return CODEC.toJson(new BikeEvent(bike, operator, ts, type, lat, lon));
    }

    @Test
    void anOverflowOpensAndClosesWithTasksABlacklistedBikeRaisesAReflowAndBadRecordsGoToTheDlq() throws Exception {
        BikeZone z1 = BikeTrackerFunctionTest.square("z1", 30.0, 104.0, 5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // 5 hellobike + 2 meituan + the blacklisted qingju = 8 > 6 from 08:00
            lines.add(event("hb-" + i, "hellobike", T0, "park", 30.0003 + i * 0.0001, 104.0005));
        }
        lines.add(event("mt-1", "meituan", T0, "park", 30.0005, 104.0002));
        lines.add(event("mt-2", "meituan", T0, "park", 30.0005, 104.0003));
        lines.add(event("qj-bad", "qingju", T0, "park", 30.0005, 104.0004));
        for (int i = 0; i < 4; i++) { // 4 ≤ 5 from 08:15
            lines.add(event("hb-" + i, "hellobike", T0 + 15 * MIN, "unpark", null, null));
        }
        lines.add(event("hb-9", "hellobike", T0 + 3 * MIN, "park", 30.0051, 104.0002)); // outside: disorderly
        lines.add(event("hb-9", "hellobike", T0 + 40 * MIN, "locate", 30.0051, 104.0002)); // moves time on
        List<String> delivered = new ArrayList<>(lines);
        delivered.addAll(lines.subList(0, 3)); // redelivered
        Collections.shuffle(delivered, new Random(3)); // all within the allowed 2 minutes of disorder but the last
        delivered.remove(lines.get(lines.size() - 1));
        delivered.add(lines.get(lines.size() - 1));
        delivered.add(2, "{\"bike_id\":\"hb-x\",\"operator\":\"hellobike\",\"ts\":" + T0 + ",\"type\":\"park\"}");
        delivered.add(5, "not json at all");
        BlacklistEntry blacklisted = new BlacklistEntry("qj-bad", "qingju", "over quota", T0 - 24 * 60 * MIN, true);

        Run run = run(delivered, List.of(z1), List.of(blacklisted));

        assertThat(run.deadLetters())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.sourceTopic()).isEqualTo("bike.events"));
        assertThat(run.deadLetters()).anySatisfy(d -> assertThat(d.reason()).contains("lat"));

        assertThat(run.alerts())
                .filteredOn(a -> a.kind().equals(BikeAlarm.ZONE_OVERFLOW))
                .extracting(Alert::alertId, Alert::openedAt, Alert::closedAt)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("overflow-z1-20240513T081000Z", T0 + 10 * MIN, null),
                        org.assertj.core.groups.Tuple.tuple(
                                "overflow-z1-20240513T081000Z", T0 + 10 * MIN, T0 + 20 * MIN));
        assertThat(run.alerts())
                .filteredOn(a -> a.kind().equals(BikeAlarm.BLACKLISTED_REFLOW))
                .singleElement()
                .satisfies(a -> assertThat(a.subjectId()).isEqualTo("qj-bad"));
        // excess 3 of 8: hellobike 5/8 → 1.875 → 2, meituan 2/8 → 0.75 → 1, qingju 1/8 → 0.375 → at least 1
        assertThat(run.tasks())
                .filteredOn(t -> t.kind().equals(DispatchTask.REMOVE_BIKES))
                .extracting(DispatchTask::operator, DispatchTask::count)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("hellobike", 2),
                        org.assertj.core.groups.Tuple.tuple("meituan", 1),
                        org.assertj.core.groups.Tuple.tuple("qingju", 1));
        assertThat(run.tasks())
                .filteredOn(t -> t.kind().equals(DispatchTask.REMOVE_BLACKLISTED))
                .singleElement()
                .satisfies(t -> assertThat(t.bikeIds()).containsExactly("qj-bad"));
        assertThat(run.occupancy())
                .filteredOn(s -> s.snapshotTs() == T0 + 10 * MIN)
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.occupancy()).isEqualTo(8);
                    assertThat(s.overflow()).isTrue();
                });
        assertThat(run.disorderly())
                .filteredOn(d -> d.snapshotTs() == T0 + 5 * MIN)
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.cellId()).isEqualTo("30.005_104");
                    assertThat(d.bikes()).isEqualTo(1);
                    assertThat(d.parks()).isEqualTo(1);
                });
    }

    @Test
    void aZoneUpdateFailingTheReferenceCheckGoesToTheDlqAndThePreviousZoneStays() throws Exception {
        BikeZone z1 = BikeTrackerFunctionTest.square("z1", 30.0, 104.0, 5);
        // the same zone as a bow tie (its edges cross) and with room for one bike only: must not replace z1
        BikeZone bowTie = new BikeZone(
                "z1",
                "z1",
                List.of(List.of(104.0, 30.0), List.of(104.001, 30.001), List.of(104.001, 30.0), List.of(104.0, 30.001)),
                1,
                null);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // 3 ≤ 5: no overflow under the zone in force
            lines.add(event("hb-" + i, "hellobike", T0, "park", 30.0008, 104.0002 + i * 0.0001));
        }
        lines.add(event("hb-9", "hellobike", T0 + 40 * MIN, "locate", 30.0051, 104.0002)); // moves time on

        Run run = run(lines, List.of(z1), List.of(CODEC.toJson(bowTie)), List.of(), 2);

        assertThat(run.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo("bike.zones");
            assertThat(d.reason()).startsWith("zone z1: polygon is not a valid simple polygon (self-intersection");
        });
        assertThat(run.alerts())
                .filteredOn(a -> a.kind().equals(BikeAlarm.ZONE_OVERFLOW))
                .isEmpty();
        assertThat(run.occupancy())
                .filteredOn(s -> s.zoneId().equals("z1"))
                .isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s.capacity()).isEqualTo(5);
                    assertThat(s.occupancy()).isEqualTo(3);
                });
    }

    @Test
    void aTombstoneOnTheZonesTopicDeletesTheZoneAndOneWithoutAKeyGoesToTheDlq() throws Exception {
        BikeZone z1 = BikeTrackerFunctionTest.square("z1", 30.0, 104.0, 5);
        BikeZone z2 = BikeTrackerFunctionTest.square("z2", 30.01, 104.0, 5);
        List<RawRecord> zoneRecords = List.of(
                raw("bike.zones", 0, CODEC.toJson(z2)),
                new RawRecord("bike.zones", 0, 1, 0L, "z2".getBytes(StandardCharsets.UTF_8), null), // deletes z2
                new RawRecord("bike.zones", 0, 2, 0L, null, null)); // names no zone
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // where z2 was: parked outside every zone
            lines.add(event("hb-" + i, "hellobike", T0, "park", 30.0108, 104.0002 + i * 0.0001));
        }
        lines.add(event("hb-9", "hellobike", T0, "park", 30.0008, 104.0002)); // in z1, which stays
        lines.add(event("hb-9", "hellobike", T0 + 40 * MIN, "locate", 30.0008, 104.0002)); // moves time on

        // parallelism 1: the test's zones source has one instance, and a rebalance behind it would deal the record and
        // its tombstone to different decoders (a Kafka source reads each partition in order into its own decoder)
        Run run = runWithZoneRecords(lines, List.of(z1), zoneRecords, List.of(), 1);

        assertThat(run.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo("bike.zones");
            assertThat(d.offset()).isEqualTo(2);
            assertThat(d.reason()).startsWith("tombstone without a valid key");
        });
        assertThat(run.occupancy()).extracting(OccupancySnapshot::zoneId).containsOnly("z1");
        assertThat(run.disorderly())
                .filteredOn(d -> d.snapshotTs() == T0)
                .singleElement()
                .satisfies(d -> assertThat(d.bikes()).isEqualTo(3));
    }

    /**
     * Reflow episodes counted the slow way, in one pass over the distinct valid events in ts order: a park in a zone
     * of a bike whose latest blacklist record by then is active, more than an hour after its episode's first park.
     */
    static int reflowEpisodesByHand(BikeScenario.Scenario s) {
        ZoneIndex zones = new ZoneIndex(s.zones());
        List<BikeEvent> events = s.eventLines().stream()
                .distinct()
                .map(l -> CODEC.decode(
                        greenwave.schemas.Contract.BIKE_EVENTS, l.getBytes(StandardCharsets.UTF_8), BikeEvent.class))
                .filter(d -> d.isOk())
                .map(d -> d.value())
                .sorted(java.util.Comparator.comparingLong(BikeEvent::ts))
                .toList();
        java.util.Map<String, Long> episodeStart = new java.util.HashMap<>();
        int episodes = 0;
        for (BikeEvent e : events) {
            if (!e.type().equals(BikeEvent.PARK) || zones.zoneAt(e.lat(), e.lon()) == null) {
                continue;
            }
            BlacklistEntry latest = s.blacklist().stream()
                    .filter(b -> b.bikeId().equals(e.bikeId()) && b.ts() <= e.ts())
                    .max(java.util.Comparator.comparingLong(BlacklistEntry::ts))
                    .orElse(null);
            Long start = episodeStart.get(e.bikeId());
            if (latest != null && latest.active() && (start == null || e.ts() >= start + 60 * MIN)) {
                episodeStart.put(e.bikeId(), e.ts());
                episodes++;
            }
        }
        return episodes;
    }

    @Test
    void theGeneratedMorningRaisesClosesAndEscalatesOverflowsWithConsistentTasks() throws Exception {
        BikeScenario.Scenario s = BikeScenario.generate(BikeScenario.Options.demo());
        Run run = run(s.eventLines(), s.zones(), s.blacklist());

        assertThat(run.deadLetters()).hasSize(s.malformed());
        assertThat(run.late()).isEmpty(); // delivered at most 90 s late, within the allowed 120 s
        List<BikeAlarm> overflow = run.alarms().stream()
                .filter(a -> a.kind().equals(BikeAlarm.ZONE_OVERFLOW))
                .toList();
        assertThat(overflow).anyMatch(a -> a.event().equals(BikeAlarm.OPENED));
        assertThat(overflow).anyMatch(a -> a.event().equals(BikeAlarm.CLOSED));
        assertThat(overflow).anyMatch(a -> Alert.CRITICAL.equals(a.severity()));
        assertThat(run.alarms())
                .filteredOn(a -> a.kind().equals(BikeAlarm.BLACKLISTED_REFLOW))
                .hasSize(reflowEpisodesByHand(s));
        // every remove_bikes task is issued once per escalation level, always with the same count
        var byTask = new java.util.HashMap<String, List<DispatchTask>>();
        run.tasks()
                .forEach(t -> byTask.computeIfAbsent(t.taskId(), k -> new ArrayList<>())
                        .add(t));
        byTask.values().forEach(issues -> {
            assertThat(issues).extracting(DispatchTask::escalationLevel).doesNotHaveDuplicates();
            assertThat(issues)
                    .extracting(DispatchTask::count)
                    .containsOnly(issues.get(0).count());
        });
        System.out.printf(
                "generated morning: %d events (%d duplicates, %d malformed), %d zones; %d overflow alarm"
                        + " events, %d tasks issued, %d reflow episodes, %d occupancy snapshots, %d disorderly%n",
                s.events(),
                s.duplicates(),
                s.malformed(),
                s.zones().size(),
                overflow.size(),
                run.tasks().size(),
                run.alarms().size() - overflow.size(),
                run.occupancy().size(),
                run.disorderly().size());
    }

    /** The data's end: the latest ts of the scenario's valid events. */
    static long dataEnd(BikeScenario.Scenario s) {
        return s.eventLines().stream()
                .map(l -> CODEC.decode(
                        greenwave.schemas.Contract.BIKE_EVENTS, l.getBytes(StandardCharsets.UTF_8), BikeEvent.class))
                .filter(d -> d.isOk())
                .mapToLong(d -> d.value().ts())
                .max()
                .orElseThrow();
    }

    /** The records as a multiset (equality of records, so the order of a map inside one does not matter). */
    static <T> java.util.Map<T, Long> counted(List<T> records) {
        return records.stream()
                .collect(java.util.stream.Collectors.groupingBy(r -> r, java.util.stream.Collectors.counting()));
    }

    /**
     * A bounded replay ends with the watermark jumping to its maximum, which fires every pending timer; nothing may be
     * decided for a time after the data's end (the latest event time), and what is decided up to it must not depend
     * on how far the watermark had got before the jump, nor on the parallelism: the same outputs every run.
     */
    @Test
    void aBoundedReplayGivesTheSameOutputsAtAnyParallelismAndDecidesNothingAfterTheDataEnds() throws Exception {
        BikeScenario.Scenario s = BikeScenario.generate(BikeScenario.Options.demo());
        long end = dataEnd(s);
        long lastSnapshot = Math.floorDiv(end, 5 * MIN) * 5 * MIN;
        Run one = run(s.eventLines(), s.zones(), s.blacklist(), 1);
        Run two = run(s.eventLines(), s.zones(), s.blacklist(), 2);

        for (Run r : List.of(one, two)) {
            assertThat(r.alarms())
                    .as("alarm events after the data's end")
                    .allSatisfy(a -> assertThat(a.ts()).isLessThanOrEqualTo(end));
            assertThat(r.tasks())
                    .as("tasks issued after the data's end")
                    .allSatisfy(t -> assertThat(t.ts()).isLessThanOrEqualTo(end));
            assertThat(r.alerts()).allSatisfy(a -> assertThat(a.ts()).isLessThanOrEqualTo(end));
            // snapshots at every 5-minute boundary up to the data's end, none after, none twice
            assertThat(r.occupancy())
                    .extracting(OccupancySnapshot::snapshotTs)
                    .allSatisfy(ts -> assertThat(ts % (5 * MIN)).isZero())
                    .allSatisfy(ts -> assertThat(ts).isLessThanOrEqualTo(end))
                    .contains(lastSnapshot);
            assertThat(r.occupancy())
                    .extracting(o -> o.zoneId() + "@" + o.snapshotTs())
                    .doesNotHaveDuplicates();
            assertThat(r.disorderly())
                    .extracting(DisorderlySnapshot::snapshotTs)
                    .allSatisfy(ts -> assertThat(ts % (5 * MIN)).isZero())
                    .allSatisfy(ts -> assertThat(ts).isLessThanOrEqualTo(end))
                    .contains(lastSnapshot);
            assertThat(r.disorderly())
                    .extracting(d -> d.cellId() + "@" + d.snapshotTs())
                    .doesNotHaveDuplicates();
        }
        assertThat(counted(two.occupancy()))
                .as("occupancy snapshots, parallelism 2 vs 1")
                .isEqualTo(counted(one.occupancy()));
        assertThat(counted(two.disorderly()))
                .as("disorderly snapshots, parallelism 2 vs 1")
                .isEqualTo(counted(one.disorderly()));
        assertThat(counted(two.alarms())).as("alarms, parallelism 2 vs 1").isEqualTo(counted(one.alarms()));
        assertThat(counted(two.tasks())).as("tasks, parallelism 2 vs 1").isEqualTo(counted(one.tasks()));
        assertThat(counted(two.alerts())).as("alerts, parallelism 2 vs 1").isEqualTo(counted(one.alerts()));
        System.out.printf(
                "bounded replay, data's end %d: %d occupancy snapshots, %d disorderly, %d alarm events,"
                        + " %d tasks (parallelism 1 and 2 alike)%n",
                end,
                one.occupancy().size(),
                one.disorderly().size(),
                one.alarms().size(),
                one.tasks().size());
    }
}
