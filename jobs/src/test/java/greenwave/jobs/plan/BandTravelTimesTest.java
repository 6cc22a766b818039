package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.corridor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandTravelTimesTest {
    private final Network.Corridor c = corridor("c1", List.of("101", "102", "103"), List.of(300.0, 450.0), 15.0);

    @Test
    void measuredTravelTimesAreUsedOnlyWithEnoughTrips() {
        List<ProbeMeasure.LinkTravelTime> bins = List.of(
                new ProbeMeasure.LinkTravelTime("c1", "EB", "101", "102", 0, 6, 25, 30),
                new ProbeMeasure.LinkTravelTime("c1", "EB", "101", "102", 900_000, 6, 31, 40),
                new ProbeMeasure.LinkTravelTime("c1", "WB", "102", "101", 0, 9, 50, 60),
                new ProbeMeasure.LinkTravelTime("other", "EB", "102", "103", 0, 50, 99, 99));
        BandTravelTimes t = BandTravelTimes.select(c, bins, 10);
        // 12 trips: the samples-weighted mean.
        assertThat(t.outboundS()[0]).isCloseTo(28, within(1e-9));
        assertThat(t.outMeasured()[0]).isTrue();
        // 9 trips are too few: 300 m / 15 m/s.
        assertThat(t.inboundS()[0]).isCloseTo(20, within(1e-9));
        assertThat(t.inMeasured()[0]).isFalse();
        // Another corridor's bins do not count: 450 / 15.
        assertThat(t.outboundS()[1]).isCloseTo(30, within(1e-9));
        assertThat(t.outboundCumulative()).containsExactly(0, 28, 58);
        assertThat(BandTravelTimes.select(c, bins, 9).inboundS()[0]).isCloseTo(50, within(1e-9));
    }
}
