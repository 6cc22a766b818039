package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.corridor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.TimingPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BandSearchTest {
    /** A plan whose devices run phase 2 (outbound) and 6 (inbound) with the given greens; 4/8 fill the cycle. */
    private static CorridorPlan plan(int cycle, double[] out, double[] in, int[] offsets, List<String> devices) {
        Map<String, CorridorPlan.DevicePlan> m = new LinkedHashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            m.put(
                    devices.get(i),
                    new CorridorPlan.DevicePlan(
                            devices.get(i),
                            offsets[i],
                            List.of(2, 6),
                            List.of(
                                    new TimingPlan.PhaseSplit(2, out[i], 4, 1),
                                            new TimingPlan.PhaseSplit(4, cycle - 10 - out[i], 4, 1),
                                    new TimingPlan.PhaseSplit(6, in[i], 4, 1),
                                            new TimingPlan.PhaseSplit(8, cycle - 10 - in[i], 4, 1))));
        }
        return new CorridorPlan("c", cycle, m, 0, 0, Double.NaN, "");
    }

    @Test
    void bandwidthsOfAHandComputedTwoDeviceCase() {
        Network.Corridor c = corridor("c", List.of("a", "b"), List.of(278.0), 13.9); // 20 s
        BandGeometry g = BandGeometry.of(
                plan(60, new double[] {30, 30}, new double[] {30, 30}, new int[] {0, 20}, c.devices()), c);
        BandSearch search = new BandSearch(g, BandTravelTimes.select(c, List.of(), 10), 0.5, 0.5, new int[] {0, 20});
        // Outbound: b turns green exactly 20 s after a, the whole 30 s pass. Inbound: leaving b in [20, 50) reaches a
        // in [40, 70) = [40, 60) ∪ [0, 10): only [0, 10) meets a's green [0, 30).
        double[] bands = search.bandwidths(new int[] {0, 20});
        assertThat(bands[0]).isCloseTo(30, within(1e-9));
        assertThat(bands[1]).isCloseTo(10, within(1e-9));
    }

    @Test
    void theSearchEqualsBruteForceOnSmallThreeIntersectionCorridors() {
        Random random = new Random(7);
        for (int round = 0; round < 6; round++) {
            int cycle = 50 + random.nextInt(30);
            List<String> devices = List.of("a", "b", "c");
            Network.Corridor c =
                    corridor("c", devices, List.of(150.0 + random.nextInt(500), 150.0 + random.nextInt(500)), 13.9);
            double[] out = new double[3];
            double[] in = new double[3];
            int[] running = new int[3];
            for (int i = 0; i < 3; i++) {
                out[i] = 15 + random.nextInt(cycle - 35);
                in[i] = 15 + random.nextInt(cycle - 35);
                running[i] = random.nextInt(cycle);
            }
            BandGeometry g = BandGeometry.of(plan(cycle, out, in, running, devices), c);
            List<ProbeMeasure.LinkTravelTime> measured =
                    List.of(new ProbeMeasure.LinkTravelTime("c", "WB", "b", "a", 0, 20, 10 + random.nextInt(40), 50));
            double wOut = 0.3 + random.nextDouble() * 0.4;
            BandSearch search = new BandSearch(g, BandTravelTimes.select(c, measured, 10), wOut, 1 - wOut, running);
            int[] found = search.search(running[0]);

            double bestValue = Double.NEGATIVE_INFINITY;
            int bestChange = Integer.MAX_VALUE;
            for (int o1 = 0; o1 < cycle; o1++) {
                for (int o2 = 0; o2 < cycle; o2++) {
                    double[] b = search.bandwidths(new int[] {running[0], o1, o2});
                    double value = wOut * b[0] + (1 - wOut) * b[1];
                    int change = dist(o1, running[1], cycle) + dist(o2, running[2], cycle);
                    if (value > bestValue + 1e-9 || (value > bestValue - 1e-9 && change < bestChange)) {
                        bestValue = value;
                        bestChange = change;
                    }
                }
            }
            double[] b = search.bandwidths(found);
            assertThat(found[0]).isEqualTo(running[0]);
            assertThat(wOut * b[0] + (1 - wOut) * b[1]).as("round %d", round).isCloseTo(bestValue, within(1e-9));
            assertThat(dist(found[1], running[1], cycle) + dist(found[2], running[2], cycle))
                    .isEqualTo(bestChange);
            assertThat(search.nodes()).isLessThan((long) cycle * cycle);
        }
    }

    @Test
    void aFiveDeviceCorridorAtTheMaximumCycleIsSearchedQuickly() {
        List<String> devices = List.of("a", "b", "c", "d", "e");
        Network.Corridor c = corridor("c", devices, List.of(250.0, 400.0, 600.0, 350.0), 13.9);
        BandGeometry g = BandGeometry.of(
                plan(
                        180,
                        new double[] {90, 70, 100, 80, 95},
                        new double[] {85, 90, 75, 100, 70},
                        new int[] {0, 0, 0, 0, 0},
                        devices),
                c);
        BandSearch search = new BandSearch(g, BandTravelTimes.select(c, List.of(), 10), 0.6, 0.4, new int[5]);
        long start = System.nanoTime();
        int[] found = search.search(0);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        double[] b = search.bandwidths(found);
        assertThat(b[0]).isGreaterThan(0);
        assertThat(b[1]).isGreaterThan(0);
    }

    private static int dist(int a, int b, int cycle) {
        int d = Math.abs(a - b);
        return Math.min(d, cycle - d);
    }
}
