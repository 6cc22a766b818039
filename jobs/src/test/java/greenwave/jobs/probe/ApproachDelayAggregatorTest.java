package greenwave.jobs.probe;

import static greenwave.jobs.probe.ApproachDelayAggregator.levelOfService;
import static greenwave.jobs.probe.ApproachDelayAggregator.percentile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.ProbeMeasure;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApproachDelayAggregatorTest {

    static final long BIN = 1715612400000L; // 15:00:00 UTC

    static Traversal t(long stopbarTs, double delay, int stops, Double queue) {
        return new Traversal("227-EB", "227", "v", stopbarTs - 30000, stopbarTs, delay, stops, queue);
    }

    @Test
    void percentileIsNumpysLinearMethod() {
        // expected values from numpy 2.x: np.percentile(x, 85)
        assertThat(percentile(new double[] {1, 2, 3, 4}, 0.85)).isCloseTo(3.55, within(1e-12));
        assertThat(percentile(new double[] {5, 1, 3}, 0.85)).isCloseTo(4.4, within(1e-12));
        assertThat(percentile(new double[] {12.0, 3.5, 47.25, 0.0, 30.0, 8.0, 61.5}, 0.85))
                .isCloseTo(48.675, within(1e-9));
        assertThat(percentile(new double[] {7}, 0.85)).isEqualTo(7);
        assertThat(percentile(new double[] {2, 9}, 0.85)).isCloseTo(2 + 0.85 * 7, within(1e-12));
        assertThat(percentile(new double[] {1, 2, 3}, 1.0)).isEqualTo(3);
        assertThat(percentile(new double[] {1, 2, 3}, 0.0)).isEqualTo(1);
        double[] unsorted = {3, 1, 2};
        percentile(unsorted, 0.5);
        assertThat(unsorted).containsExactly(3, 1, 2);
        assertThatThrownBy(() -> percentile(new double[0], 0.85)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levelOfServiceBoundariesAreInclusive() {
        assertThat(levelOfService(0)).isEqualTo("A");
        assertThat(levelOfService(10)).isEqualTo("A");
        assertThat(levelOfService(10.0001)).isEqualTo("B");
        assertThat(levelOfService(20)).isEqualTo("B");
        assertThat(levelOfService(20.01)).isEqualTo("C");
        assertThat(levelOfService(35)).isEqualTo("C");
        assertThat(levelOfService(35.01)).isEqualTo("D");
        assertThat(levelOfService(55)).isEqualTo("D");
        assertThat(levelOfService(55.01)).isEqualTo("E");
        assertThat(levelOfService(80)).isEqualTo("E");
        assertThat(levelOfService(80.01)).isEqualTo("F");
        assertThat(levelOfService(500)).isEqualTo("F");
    }

    @Test
    void binsAreQuarterHoursOfTheStopBarCrossing() {
        assertThat(ApproachDelayAggregator.binStart(BIN)).isEqualTo(BIN);
        assertThat(ApproachDelayAggregator.binStart(BIN + 899_999)).isEqualTo(BIN);
        assertThat(ApproachDelayAggregator.binStart(BIN + 900_000)).isEqualTo(BIN + 900_000);
        assertThat(ApproachDelayAggregator.binStart(BIN - 1)).isEqualTo(BIN - 900_000);
    }

    @Test
    void approachDelayOfABin() {
        ProbeMeasure.ApproachDelay m = ApproachDelayAggregator.approachDelay(List.of(
                t(BIN + 1000, 12.0, 1, 40.0),
                t(BIN + 2000, 3.5, 0, null),
                t(BIN + 3000, 47.25, 2, 95.5),
                t(BIN + 4000, 0.0, 0, null),
                t(BIN + 5000, 30.0, 1, 12.0),
                t(BIN + 6000, 8.0, 0, null),
                t(BIN + 899_999, 61.5, 3, 120.25)));
        assertThat(m.deviceId()).isEqualTo("227");
        assertThat(m.approachId()).isEqualTo("227-EB");
        assertThat(m.binStart()).isEqualTo(BIN);
        assertThat(m.samples()).isEqualTo(7);
        assertThat(m.meanDelayS()).isCloseTo(162.25 / 7, within(1e-9));
        assertThat(m.p85DelayS()).isCloseTo(48.675, within(1e-9));
        assertThat(m.meanStops()).isCloseTo(1.0, within(1e-12));
        assertThat(m.maxQueueM()).isEqualTo(120.25);
        assertThat(m.los()).isEqualTo("C"); // 23.18 s
    }

    @Test
    void noStoppedVehicleMeansNoQueue() {
        ProbeMeasure.ApproachDelay m = ApproachDelayAggregator.approachDelay(List.of(t(BIN + 5, 0.0, 0, null)));
        assertThat(m.maxQueueM()).isNull();
        assertThat(m.p85DelayS()).isZero();
        assertThat(m.los()).isEqualTo("A");
    }

    @Test
    void groupsByApproachAndBin() {
        Traversal other = new Traversal("227-WB", "227", "v", BIN, BIN + 10, 90, 2, 60.0);
        List<ProbeMeasure.ApproachDelay> all = ApproachDelayAggregator.approachDelays(
                List.of(t(BIN + 899_999, 10, 0, null), t(BIN + 900_000, 20, 0, null), t(BIN + 1, 30, 1, 5.0), other));
        assertThat(all)
                .extracting(m -> m.approachId() + "@" + (m.binStart() - BIN) + " n=" + m.samples() + " " + m.los())
                .containsExactly("227-EB@0 n=2 B", "227-WB@0 n=1 F", "227-EB@900000 n=1 B");
        assertThatThrownBy(() -> ApproachDelayAggregator.approachDelay(List.of(t(BIN, 1, 0, null), other)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApproachDelayAggregator.approachDelay(
                        List.of(t(BIN, 1, 0, null), t(BIN + 900_000, 1, 0, null))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linkTravelTimesPerLinkAndBin() {
        List<LinkTravel> trips = List.of(
                new LinkTravel("c1", "EB", "A", "B", "v1", BIN - 40_000, BIN + 1_000, 41.0, 30.0),
                new LinkTravel("c1", "EB", "A", "B", "v2", BIN, BIN + 32_000, 32.0, 32.0),
                new LinkTravel("c1", "EB", "A", "B", "v3", BIN + 10_000, BIN + 62_000, 52.0, 31.0),
                new LinkTravel("c1", "EB", "A", "B", "v4", BIN + 20_000, BIN + 55_000, 35.0, 31.0),
                new LinkTravel("c1", "WB", "B", "A", "v5", BIN, BIN + 33_000, 33.0, 33.0),
                new LinkTravel("c1", "EB", "A", "B", "v6", BIN + 880_000, BIN + 910_000, 30.0, 30.0));
        List<ProbeMeasure.LinkTravelTime> all = ApproachDelayAggregator.linkTravelTimes(trips);
        assertThat(all).hasSize(3);
        ProbeMeasure.LinkTravelTime ab = all.get(0);
        assertThat(List.of(ab.corridorId(), ab.direction(), ab.fromDevice(), ab.toDevice()))
                .containsExactly("c1", "EB", "A", "B");
        assertThat(ab.binStart()).isEqualTo(BIN);
        assertThat(ab.samples()).isEqualTo(4);
        assertThat(ab.meanS()).isCloseTo(40.0, within(1e-12));
        // sorted 32, 35, 41, 52; h = 2.55: 41 + 0.55 × 11 = 47.05 (numpy: 47.05)
        assertThat(ab.p85S()).isCloseTo(47.05, within(1e-9));
        // the running time leaves out the wait at B's signal: (30 + 32 + 31 + 31) / 4
        assertThat(ab.meanRunningS()).isCloseTo(31.0, within(1e-12));
        assertThat(all.get(1).direction()).isEqualTo("WB");
        assertThat(all.get(2).binStart()).isEqualTo(BIN + 900_000);
        assertThat(all.get(2).samples()).isEqualTo(1);
    }
}
