package greenwave.jobs.probe;

import static greenwave.jobs.probe.SyntheticNetwork.latLon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.Network;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

class ApproachMatcherTest {

    static final ApproachMatcher M = new ApproachMatcher(SyntheticNetwork.network());
    static final double SB_X = SyntheticNetwork.ebStopbarX(0);
    static final double SB_Y = -3.5;

    static List<ApproachMatcher.Measure> at(double d, double lateral, double heading) {
        double[] ll = latLon(SB_X - d, SB_Y + lateral);
        return M.candidates(ll[0], ll[1], heading);
    }

    @Test
    void insideTheZoneGivesTheSignedDistanceAndLateralOffset() {
        List<ApproachMatcher.Measure> c = at(100, 2, 90);
        assertThat(c).hasSize(1);
        assertThat(M.zone(c.get(0).approachIndex()).approachId()).isEqualTo("A-EB");
        assertThat(c.get(0).distanceM()).isCloseTo(100, within(0.01));
        assertThat(c.get(0).lateralM()).isCloseTo(2, within(0.01));
        assertThat(at(0.5, 0, 90)).hasSize(1);
        assertThat(at(249.5, 0, 90)).hasSize(1);
        // zone half-width: 2 lanes × 3.5 / 2 + 8 m GPS margin = 11.5 m
        assertThat(M.zone(M.indexOf("A-EB")).halfWidthM()).isEqualTo(11.5);
        assertThat(at(100, 11, 90)).hasSize(1);
        assertThat(at(100, -11, 90)).hasSize(1);
    }

    @Test
    void outsideTheZone() {
        assertThat(at(251, 0, 90)).isEmpty();
        assertThat(at(300, 0, 90)).isEmpty();
        assertThat(at(100, 12.5, 90)).isEmpty();
        assertThat(at(100, -12.5, 90)).isEmpty();
        double[] far = latLon(5000, 5000);
        assertThat(M.candidates(far[0], far[1], 90)).isEmpty();
        assertThat(M.indexHits(far[0], far[1])).isZero();
    }

    @Test
    void pastTheStopBarIsOutsideButMeasuredNegative() {
        assertThat(at(-5, 0, 90)).isEmpty();
        double[] ll = latLon(SB_X + 5, SB_Y);
        ApproachMatcher.Measure m = M.measure(M.indexOf("A-EB"), ll[0], ll[1]);
        assertThat(m.distanceM()).isCloseTo(-5, within(0.01));
        assertThat(m.lateralM()).isCloseTo(0, within(0.01));
    }

    @Test
    void headingMustBeWithin45DegreesOfTheBearing() {
        assertThat(at(100, 0, 270)).isEmpty(); // wrong way
        assertThat(at(100, 0, 180)).isEmpty();
        assertThat(at(100, 0, 134.9)).hasSize(1);
        assertThat(at(100, 0, 45.1)).hasSize(1);
        assertThat(at(100, 0, 135.1)).isEmpty();
        assertThat(at(100, 0, 44.9)).isEmpty();
        assertThat(at(100, 0, Double.NaN)).hasSize(1); // unknown heading: not checked
        assertThat(ApproachMatcher.angleBetween(350, 10)).isEqualTo(20);
        assertThat(ApproachMatcher.angleBetween(10, 350)).isEqualTo(20);
        assertThat(ApproachMatcher.angleBetween(0, 180)).isEqualTo(180);
        assertThat(ApproachMatcher.angleBetween(360, 0)).isEqualTo(0);
    }

    @Test
    void westboundTrafficOnTheOtherSideMatchesTheWestboundApproach() {
        // 100 m east of A's WB stop bar (x = 12), on the north side
        double[] ll = latLon(12 + 100, 3.5);
        List<ApproachMatcher.Measure> c = M.candidates(ll[0], ll[1], 270);
        assertThat(c).hasSize(1);
        assertThat(M.zone(c.get(0).approachIndex()).approachId()).isEqualTo("A-WB");
        assertThat(c.get(0).distanceM()).isCloseTo(100, within(0.01));
        assertThat(M.candidates(ll[0], ll[1], 90)).isEmpty();
    }

    @Test
    void zonePolygonAgreesWithTheMatch() {
        var poly = M.zonePolygon(M.indexOf("A-EB"));
        GeometryFactory gf = new GeometryFactory();
        double[] in = latLon(SB_X - 100, SB_Y + 5);
        double[] out = latLon(SB_X - 100, SB_Y + 15);
        assertThat(poly.contains(gf.createPoint(new Coordinate(in[1], in[0])))).isTrue();
        assertThat(poly.contains(gf.createPoint(new Coordinate(out[1], out[0]))))
                .isFalse();
        // its long side is the zone length, measured geodesically
        Coordinate[] c = poly.getCoordinates();
        assertThat(ApproachMatcher.geodesicDistanceM(c[1].y, c[1].x, c[2].y, c[2].x))
                .isCloseTo(250, within(0.01));
        assertThat(ApproachMatcher.geodesicDistanceM(c[0].y, c[0].x, c[1].y, c[1].x))
                .isCloseTo(23, within(0.01));
    }

    @Test
    void theSpatialIndexIsUsedNotAScanOfEveryApproach() {
        // 40 × 50 grid of intersections 500 m apart, 4 approaches each: 8,000 zones
        List<Network.Intersection> xs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 50; j++) {
                double x = j * 500;
                double y = i * 500;
                String id = i + "_" + j;
                List<Network.Approach> aps = new ArrayList<>();
                double[][] legs = {{90, -12, -3.5}, {270, 12, 3.5}, {0, 3.5, -12}, {180, -3.5, 12}};
                for (double[] leg : legs) {
                    double[] sb = latLon(x + leg[1], y + leg[2]);
                    aps.add(new Network.Approach(
                            id + "-" + (int) leg[0], "X", leg[0], 2, 2, sb[0], sb[1], 13.9, 250.0, List.of()));
                }
                double[] c = latLon(x, y);
                xs.add(new Network.Intersection(id, null, c[0], c[1], aps, null));
            }
        }
        ApproachMatcher big = new ApproachMatcher(new Network(xs, List.of()));
        assertThat(big.size()).isEqualTo(8000);
        // 100 m west of intersection (7, 9)'s EB stop bar
        double[] p = latLon(9 * 500 - 112, 7 * 500 - 3.5);
        assertThat(big.indexHits(p[0], p[1])).isBetween(1, 4);
        List<ApproachMatcher.Measure> c = big.candidates(p[0], p[1], 90);
        assertThat(c).hasSize(1);
        assertThat(big.zone(c.get(0).approachIndex()).approachId()).isEqualTo("7_9-90");
        assertThat(c.get(0).distanceM()).isCloseTo(100, within(0.05));
        // a northbound vehicle 100 m south of intersection (3, 20)
        double[] q = latLon(20 * 500 + 3.5, 3 * 500 - 112);
        assertThat(big.candidates(q[0], q[1], 2))
                .extracting(m -> big.zone(m.approachIndex()).approachId())
                .containsExactly("3_20-0");
    }

    @Test
    void corridorLinksFollowTheDirections() {
        assertThat(M.links())
                .extracting(l -> l.corridorId() + " " + l.direction() + " " + l.fromDevice() + "→"
                        + l.toDevice() + " " + M.zone(l.fromApproach()).approachId() + "→"
                        + M.zone(l.toApproach()).approachId()
                        + " " + l.lengthM())
                .containsExactlyInAnyOrder(
                        "c1 EB A→B A-EB→B-EB 400.0", "c1 EB B→C B-EB→C-EB 400.0",
                        "c1 WB C→B C-WB→B-WB 400.0", "c1 WB B→A B-WB→A-WB 400.0");
    }

    @Test
    void isSerializable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(M);
        }
        ApproachMatcher back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ApproachMatcher) in.readObject();
        }
        double[] ll = latLon(SB_X - 100, SB_Y);
        assertThat(back.candidates(ll[0], ll[1], 90)).isEqualTo(M.candidates(ll[0], ll[1], 90));
        assertThat(back.links()).isEqualTo(M.links());
    }
}
