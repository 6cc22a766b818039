package greenwave.jobs.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.jobs.probe.SyntheticNetwork.Trip;
import greenwave.schemas.VehiclePosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VehicleTraversalEngineTest {

    static final ApproachMatcher M = new ApproachMatcher(SyntheticNetwork.network());
    static final long T0 = 1715612400000L; // 2024-05-13 15:00:00 UTC, a bin start

    final List<Traversal> traversals = new ArrayList<>();
    final List<LinkTravel> links = new ArrayList<>();

    VehicleTraversalEngine run(Trip trip) {
        VehicleTraversalEngine e = new VehicleTraversalEngine();
        for (VehiclePosition p : trip.positions) {
            e.onPosition(p, M, traversals::add, links::add);
        }
        return e;
    }

    @Test
    void freeFlowHasNoDelay() {
        // 12.5 m/s (the limit), a sample every 3 s from 300 m upstream: d(t) = 300 − 12.5 t
        Trip trip = new Trip("v1", T0);
        for (int k = 0; k <= 10; k++) {
            trip.eb(3 * k, 300 - 37.5 * k, 12.5);
        }
        run(trip);
        assertThat(traversals).hasSize(1);
        Traversal t = traversals.get(0);
        assertThat(t.approachId()).isEqualTo("A-EB");
        assertThat(t.deviceId()).isEqualTo("A");
        assertThat(t.vehicleId()).isEqualTo("v1");
        // entry d = 250 between t=3 s (262.5 m) and t=6 s (225 m): 3 + 3 × 12.5/37.5 = 4 s
        assertThat(t.entryTs()).isCloseTo(T0 + 4000, within(2L));
        // d = 0 at the sample t = 24 s; crossing between it (0 m) and t = 27 s (−37.5 m): 24 s
        assertThat(t.stopbarTs()).isCloseTo(T0 + 24000, within(2L));
        assertThat(t.delayS()).isCloseTo(0, within(0.01));
        assertThat(t.stops()).isZero();
        assertThat(t.queueM()).isNull();
    }

    /** Hand-computed: the vehicle decelerates, waits 30 s 5 m before the stop bar, then leaves. */
    static Trip waitsAtTheStopBar(String vehicleId, long t0) {
        Trip trip = new Trip(vehicleId, t0);
        double d = 310;
        for (int t = 0; t <= 22; t += 2) { // 310, 285, ..., 35 at 12.5 m/s
            trip.eb(t, d, 12.5);
            d -= 25;
        }
        trip.eb(24, 10, 4.0); // still moving (> 3 m/s)
        for (int t = 26; t <= 56; t += 2) { // stopped at 5 m for 30 s; GPS heading meaningless
            trip.eb(t, 5, 0, 0.0, t % 4 == 0 ? 200 : 17);
        }
        trip.eb(58, 2, 2.0); // creeping
        trip.eb(60, -8, 6.0); // past the bar
        trip.eb(62, -20, 8.0);
        return trip;
    }

    @Test
    void aVehicleThatWaits30sAtTheStopBar() {
        run(waitsAtTheStopBar("v2", T0));
        assertThat(traversals).hasSize(1);
        Traversal t = traversals.get(0);
        // entry: d = 250 between t=4 (260 m) and t=6 (235 m): 4 + 2 × 10/25 = 4.8 s
        assertThat(t.entryTs()).isCloseTo(T0 + 4800, within(2L));
        // crossing: between t=58 (2 m) and t=60 (−8 m): 58 + 2 × 2/10 = 58.4 s
        assertThat(t.stopbarTs()).isCloseTo(T0 + 58400, within(2L));
        // delay = 53.6 − 250 / 12.5 = 33.6 s (30 s of waiting plus the slow-down)
        assertThat(t.delayS()).isCloseTo(33.6, within(0.01));
        assertThat(t.stops()).isEqualTo(1);
        assertThat(t.queueM()).isCloseTo(5.0, within(0.01));
    }

    @Test
    void stopAndGoCountsEveryStopAfterMoving() {
        Trip trip = new Trip("v3", T0);
        trip.eb(0, 280, 12.0)
                .eb(2, 240, 10.0)
                .eb(4, 220, 1.0) // stop 1 at 220 m
                .eb(6, 218, 0.5)
                .eb(8, 200, 4.0)
                .eb(10, 180, 1.4) // stop 2 at 180 m
                .eb(12, 179, 2.0)
                .eb(14, 175, 1.0) // < 3 m/s in between: not a new stop
                .eb(16, 150, 8.0)
                .eb(18, 120, 0.0) // stop 3 at 120 m
                .eb(20, 100, 10.0)
                .eb(22, 70, 12.0)
                .eb(24, 40, 12.0)
                .eb(26, 10, 12.0)
                .eb(28, -15, 12.0);
        run(trip);
        assertThat(traversals).hasSize(1);
        assertThat(traversals.get(0).stops()).isEqualTo(3);
        assertThat(traversals.get(0).queueM()).isCloseTo(220, within(0.01));
    }

    @Test
    void aVehicleThatVanishesMidZoneGivesNothingAndKeepsLittleState() throws Exception {
        Trip trip = new Trip("v4", T0);
        trip.eb(0, 300, 12.5)
                .eb(2, 275, 12.5)
                .eb(4, 250 - 0.1, 12.5)
                .eb(6, 225, 12.5)
                .eb(8, 100, 0.0);
        VehicleTraversalEngine e = run(trip);
        assertThat(traversals).isEmpty();
        assertThat(e.inTraversal()).isTrue();
        assertThat(e.lastSeenTs()).isEqualTo(T0 + 8000);
        assertThat(compactSize(e)).isLessThan(100);
        assertThat(javaSize(e)).isLessThan(700);
        // it reappears after more than the max gap past the stop bar: no traversal from interpolating over the gap
        e.onPosition(new Trip("v4", T0).eb(300, -50, 12.5).positions.get(0), M, traversals::add, links::add);
        assertThat(traversals).isEmpty();
        assertThat(e.inTraversal()).isFalse();
    }

    @Test
    void droppingTheStateAtExpiryChangesNothing() {
        // a vehicle that pauses 121 s in the zone, then drives on: kept or dropped at expiry, the same output (none)
        Trip trip = new Trip("v14", T0);
        trip.eb(0, 300, 12.5).eb(2, 275, 12.5).eb(4, 240, 12.5).eb(6, 215, 12.5);
        Trip later = new Trip("v14", T0 + 6000 + 121_000);
        later.eb(0, 200, 12.5).eb(2, 175, 12.5);
        for (int k = 2; k <= 10; k++) {
            later.eb(2 * k, 175 - 25 * (k - 1), 12.5);
        }
        VehicleTraversalEngine kept = run(trip);
        assertThat(kept.expiresAt(M.settings())).isEqualTo(T0 + 6000 + 120_001);
        List<Traversal> a = new ArrayList<>();
        List<Traversal> b = new ArrayList<>();
        VehicleTraversalEngine fresh = new VehicleTraversalEngine();
        for (VehiclePosition p : later.positions) {
            kept.onPosition(p, M, a::add);
            fresh.onPosition(p, M, b::add);
        }
        assertThat(a).isEqualTo(b).isEmpty();
        // within the max gap (119 s) the traversal survives
        traversals.clear();
        Trip slow = new Trip("v15", T0);
        slow.eb(0, 300, 12.5)
                .eb(2, 275, 12.5)
                .eb(4, 240, 12.5)
                .eb(6, 215, 0.0)
                .eb(125, 200, 12.5)
                .eb(127, 100, 12.5)
                .eb(129, 10, 12.5)
                .eb(131, -15, 12.5);
        run(slow);
        assertThat(traversals).hasSize(1);
    }

    @Test
    void aTurnStartingAtTheStopBarStillCrosses() {
        Trip trip = new Trip("v16", T0);
        trip.eb(0, 300, 12.5).eb(2, 275, 12.5);
        for (int k = 2; k <= 11; k++) {
            trip.eb(2 * k, 275 - 25 * (k - 1), 12.5); // ..., 50, 25 at t=22 s
        }
        trip.eb(24, 4, 0, 6.0, 160); // turning right 4 m before the bar
        trip.eb(26, -6, -8, 6.0, 180); // past it, southbound (within the GPS margin: tentative)
        trip.eb(28, -8, -20, 6.0, 180); // out of the approach's width: turned, the crossing is confirmed
        run(trip);
        assertThat(traversals).hasSize(1);
        // crossing between d = 4 (t = 24) and d = −6 (t = 26): 24.8 s
        assertThat(traversals.get(0).stopbarTs()).isCloseTo(T0 + 24800, within(2L));
    }

    @Test
    void aCreepingQueuedVehicleWhoseFixJittersPastTheBarHasNotCrossed() {
        Trip trip = new Trip("v17", T0);
        trip.eb(0, 300, 12.5)
                .eb(4, 250, 12.5)
                .eb(8, 200, 12.5)
                .eb(12, 150, 12.5)
                .eb(16, 100, 12.5);
        trip.eb(20, 20, 0.0).eb(25, 10, 0.5).eb(30, 5, 0.5);
        trip.eb(35, -3, 0, 2.0, 90); // creeping; the fix lands 3 m past the bar: tentative only
        trip.eb(40, 2, 0, 0.5, 90); // back before it: it was noise
        trip.eb(60, 1, 0, 0.5, 90); // still waiting for green
        trip.eb(65, -2, 0, 4.0, 90); // green: moving across (t = 64 s interpolated between d = 1 and −2... see below)
        trip.eb(70, -40, 0, 10.0, 90); // clearly past: confirms
        run(trip);
        assertThat(traversals).hasSize(1);
        // the crossing is the last step across the bar: d = 1 at 60 s to d = −2 at 65 s, i.e. 61.67 s — not 34 s
        assertThat(traversals.get(0).stopbarTs()).isCloseTo(T0 + 61_667, within(5L));
    }

    @Test
    void noSampleBeforeTheZoneMeansIncompleteAndNotCounted() {
        Trip trip = new Trip("v5", T0);
        for (int k = 0; k <= 10; k++) {
            trip.eb(2 * k, 200 - 25 * k, 12.5); // first sample already 50 m inside the zone
        }
        run(trip);
        assertThat(traversals).isEmpty();
    }

    @Test
    void enteringFromTheSideIsNotATraversal() {
        // previous sample 40 m north of the axis (a side street), then inside the zone
        Trip trip = new Trip("v6", T0);
        trip.eb(0, 300, 40, 10, 90).eb(2, 200, 0, 12, 90);
        for (int k = 1; k <= 10; k++) {
            trip.eb(2 + 2 * k, 200 - 25 * k, 12.5);
        }
        run(trip);
        assertThat(traversals).isEmpty();
    }

    @Test
    void wrongWayAndTurningAwayGiveNoTraversal() {
        Trip wrongWay = new Trip("v7", T0);
        for (int k = 0; k <= 10; k++) {
            wrongWay.eb(2 * k, -20 + 30 * k, 0, 12, 270); // driving west along the EB lanes
        }
        run(wrongWay);
        Trip turns = new Trip("v8", T0);
        turns.eb(0, 270, 12.5)
                .eb(2, 245, 12.5)
                .eb(4, 220, 12.5)
                .eb(6, 200, 6, 6, 0) // turns north into a driveway
                .eb(8, 200, 25, 8, 0)
                .eb(10, 200, 45, 10, 0);
        VehicleTraversalEngine e = run(turns);
        assertThat(traversals).isEmpty();
        assertThat(e.inTraversal()).isFalse();
    }

    @Test
    void gpsNoiseAroundTheStopBarDoesNotEndTheTraversalEarly() {
        // As waitsAtTheStopBar, with ±3 m GPS noise on every sample and the stopped position jittering across the bar.
        Random rnd = new Random(42);
        Trip trip = new Trip("v9", T0);
        double d = 310;
        for (int t = 0; t <= 22; t += 2) {
            trip.eb(t, d + noise(rnd), noise(rnd), 12.5, 90 + 5 * noise(rnd));
            d -= 25;
        }
        trip.eb(24, 10 + noise(rnd), noise(rnd), 4.0, 90);
        for (int t = 26; t <= 56; t += 2) {
            trip.eb(t, 1 + ((t / 2) % 2 == 0 ? 2.5 : -2.5) + noise(rnd) * 0.1, noise(rnd), 0.2, rnd.nextDouble() * 360);
        }
        trip.eb(58, 2 + noise(rnd), noise(rnd), 2.0, 90);
        trip.eb(60, -8 + noise(rnd), noise(rnd), 6.0, 90);
        trip.eb(62, -20 + noise(rnd), noise(rnd), 8.0, 90);
        run(trip);
        assertThat(traversals).hasSize(1);
        Traversal t = traversals.get(0);
        assertThat(t.stopbarTs() - T0).isBetween(56000L, 60000L);
        assertThat(t.entryTs() - T0).isBetween(4400L, 5100L);
        assertThat(t.delayS()).isCloseTo(33.6, within(2.5));
        assertThat(t.stops()).isEqualTo(1);
        assertThat(t.queueM()).isBetween(2.0, 5.0);
    }

    static double noise(Random rnd) {
        return (rnd.nextDouble() * 2 - 1) * 3;
    }

    @Test
    void outOfOrderAndDuplicatePositionsAreIgnored() {
        Trip trip = new Trip("v10", T0);
        for (int k = 0; k <= 10; k++) {
            trip.eb(3 * k, 300 - 37.5 * k, 12.5);
        }
        VehicleTraversalEngine e = new VehicleTraversalEngine();
        for (VehiclePosition p : trip.positions) {
            e.onPosition(p, M, traversals::add, links::add);
            e.onPosition(p, M, traversals::add, links::add);
            e.onPosition(trip.positions.get(0), M, traversals::add, links::add);
        }
        assertThat(traversals).hasSize(1);
        assertThat(traversals.get(0).delayS()).isCloseTo(0, within(0.01));
    }

    @Test
    void linkTravelTimesAlongTheCorridorInBothDirections() {
        // EB at 12.5 m/s from 300 m west of A's stop bar to past C; waits 20 s at B's stop bar
        Trip eb = new Trip("v11", T0);
        double x0 = SyntheticNetwork.ebStopbarX(0) - 300;
        double t = 0;
        for (double x = x0; x < SyntheticNetwork.ebStopbarX(2) + 60; x += 25) {
            if (Math.abs(x - (SyntheticNetwork.ebStopbarX(1) - 2)) < 12.5 + 1e-9 && t < 1000) {
                // at B: stand 2 m before the bar for 20 s
                eb.at(t, SyntheticNetwork.ebStopbarX(1) - 2, -3.5, 0, 90);
                for (int w = 2; w < 20; w += 2) {
                    eb.at(t + w, SyntheticNetwork.ebStopbarX(1) - 2, -3.5, 0, 90);
                }
                t += 20;
            }
            eb.at(t, x, -3.5, 12.5, 90);
            t += 2;
        }
        run(eb);
        assertThat(traversals).extracting(Traversal::approachId).containsExactly("A-EB", "B-EB", "C-EB");
        assertThat(links).hasSize(2);
        LinkTravel ab = links.get(0);
        LinkTravel bc = links.get(1);
        assertThat(List.of(ab.corridorId(), ab.direction(), ab.fromDevice(), ab.toDevice(), ab.vehicleId()))
                .containsExactly("c1", "EB", "A", "B", "v11");
        assertThat(List.of(bc.fromDevice(), bc.toDevice())).containsExactly("B", "C");
        // 400 m at 12.5 m/s = 32 s, plus the 20 s standing at B (and its sample)
        assertThat(ab.travelS()).isCloseTo(32 + 20, within(2.1));
        assertThat(bc.travelS()).isCloseTo(32, within(0.01));
        assertThat(ab.toTs()).isEqualTo(traversals.get(1).stopbarTs());
        assertThat(ab.fromTs()).isEqualTo(traversals.get(0).stopbarTs());

        traversals.clear();
        links.clear();
        // WB at 12.5 m/s from east of C to past A
        Trip wb = new Trip("v12", T0);
        t = 0;
        for (double x = 800 + 12 + 300; x > -12 - 60; x -= 25) {
            wb.at(t, x, 3.5, 12.5, 270);
            t += 2;
        }
        run(wb);
        assertThat(traversals).extracting(Traversal::approachId).containsExactly("C-WB", "B-WB", "A-WB");
        assertThat(links)
                .extracting(l -> l.direction() + " " + l.fromDevice() + "→" + l.toDevice())
                .containsExactly("WB C→B", "WB B→A");
        assertThat(links).allSatisfy(l -> assertThat(l.travelS()).isCloseTo(32, within(0.01)));
        assertThat(traversals).allSatisfy(tr -> assertThat(tr.delayS()).isCloseTo(0, within(0.01)));
    }

    @Test
    void stateRoundTripsThroughJavaAndCompactSerialization() throws Exception {
        VehicleTraversalEngine e = new VehicleTraversalEngine();
        Trip trip = waitsAtTheStopBar("v13", T0);
        List<VehiclePosition> ps = trip.positions;
        for (int i = 0; i < 20; i++) {
            e.onPosition(ps.get(i), M, traversals::add, links::add);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.writeTo(new DataOutputStream(bytes));
        VehicleTraversalEngine compact =
                VehicleTraversalEngine.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        VehicleTraversalEngine java = javaRoundTrip(e);
        List<Traversal> a = new ArrayList<>();
        List<Traversal> b = new ArrayList<>();
        List<Traversal> c = new ArrayList<>();
        for (int i = 20; i < ps.size(); i++) {
            e.onPosition(ps.get(i), M, a::add);
            compact.onPosition(ps.get(i), M, b::add);
            java.onPosition(ps.get(i), M, c::add);
        }
        assertThat(a).hasSize(1).isEqualTo(b).isEqualTo(c);
        assertThat(a.get(0).delayS()).isCloseTo(33.6, within(0.01));
    }

    static int compactSize(VehicleTraversalEngine e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.writeTo(new DataOutputStream(bytes));
        return bytes.size();
    }

    static int javaSize(VehicleTraversalEngine e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        return bytes.size();
    }

    static VehicleTraversalEngine javaRoundTrip(VehicleTraversalEngine e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (VehicleTraversalEngine) in.readObject();
        }
    }
}
