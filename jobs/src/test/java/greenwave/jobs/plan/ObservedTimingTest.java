package greenwave.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Network;
import greenwave.schemas.SignalMeasure;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservedTimingTest {
    /** 2024-05-13 07:00 UTC. */
    private static final long T0 = 1_715_583_600_000L;

    private static Map<String, Network.Intersection> inventory() {
        Map<String, Network.Intersection> m = new LinkedHashMap<>();
        for (Network.Intersection i : GreenWaveJobFixtures.corridor3().intersections()) {
            m.put(i.deviceId(), i);
        }
        return m;
    }

    /** A sent plan: cycle 60, device offsets 0 / 23 / 4, 2 and 6 get 33 s of green, 4 and 8 17 s. */
    private static CorridorPlan sent() {
        Map<String, CorridorPlan.DevicePlan> devices = new LinkedHashMap<>();
        int[] offsets = {0, 23, 4};
        int k = 0;
        for (String id : List.of("101", "102", "103")) {
            devices.put(
                    id,
                    new CorridorPlan.DevicePlan(
                            id,
                            offsets[k++],
                            List.of(2, 6),
                            List.of(
                                    new TimingPlan.PhaseSplit(2, 25, 4, 1), new TimingPlan.PhaseSplit(6, 25, 4, 1),
                                    new TimingPlan.PhaseSplit(4, 25, 4, 1), new TimingPlan.PhaseSplit(8, 25, 4, 1))));
        }
        return new CorridorPlan("sumo-c1", 60, devices, 0, 0, Double.NaN, "test");
    }

    /** PCD cycles of phase 2 of {@code device} with the given cycle, green starting {@code offset} s into it. */
    private static List<SignalMeasure.PcdCycle> cycles(String device, int cycleS, int offsetS, long from, int n) {
        List<SignalMeasure.PcdCycle> out = new ArrayList<>();
        long first = from - Math.floorMod(from / 1000 - offsetS, cycleS) * 1000L + cycleS * 1000L;
        for (int i = 0; i < n; i++) {
            long start = first + i * cycleS * 1000L;
            out.add(new SignalMeasure.PcdCycle(
                    device, 2, start, start + 20_000, start + 24_000, start + cycleS * 1000L, List.of()));
        }
        return out;
    }

    @Test
    void theControllersOwnPhaseChangesGiveTheCycleAndOffsetThatRan() {
        // the inventory says cycle 90; device 102 was seen running 60 s with its green 23 s into the cycle
        Map<String, Network.Intersection> observed =
                ObservedTiming.of(inventory(), sent(), T0, cycles("102", 60, 23, T0, 10));
        Network.Timing t = observed.get("102").timing();
        assertThat(t.cycleS()).isEqualTo(60);
        assertThat(t.offsetS()).isEqualTo(23);
        assertThat(t.phases())
                .filteredOn(p -> p.phase() == 2)
                .singleElement()
                .satisfies(p -> assertThat(p.greenS()).isEqualTo(25.0));
        // no evidence for the others: the plan sent is taken to run
        assertThat(observed.get("101").timing().cycleS()).isEqualTo(60);
        assertThat(observed.get("103").timing().offsetS()).isEqualTo(4);
    }

    @Test
    void controllersStillOnTheInventoryTimingAreSeenAsSuch() {
        Network.Timing inv = inventory().get("101").timing();
        Map<String, Network.Intersection> observed =
                ObservedTiming.of(inventory(), sent(), T0, cycles("101", inv.cycleS(), 7, T0, 10));
        Network.Timing t = observed.get("101").timing();
        assertThat(t.cycleS()).isEqualTo(inv.cycleS());
        assertThat(t.offsetS()).isEqualTo(7);
        assertThat(t.phases()).isEqualTo(inv.phases());
    }

    @Test
    void cyclesFromBeforeThePlanWasDueDoNotCount() {
        Network.Timing inv = inventory().get("101").timing();
        // cycles of the old timing, all before the sent plan took effect
        Map<String, Network.Intersection> observed =
                ObservedTiming.of(inventory(), sent(), T0 + 3_600_000L, cycles("101", inv.cycleS(), 7, T0, 10));
        assertThat(observed.get("101").timing().cycleS()).isEqualTo(60);
        assertThat(observed.get("101").timing().offsetS()).isEqualTo(0);
    }

    @Test
    void withoutAnyPlanSentTheInventoryIsTheReference() {
        Map<String, Network.Intersection> observed = ObservedTiming.of(inventory(), null, null, List.of());
        assertThat(observed).isEqualTo(inventory());
    }
}
