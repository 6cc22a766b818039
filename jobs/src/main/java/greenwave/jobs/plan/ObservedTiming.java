package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.SignalMeasure;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timing that actually ran in the field while the window's measures were taken, read from the controllers' own
 * phase changes (the PCD cycles of each device's first coordinated phase): its cycle length and offset.
 *
 * <p>Why: the measured arrival profiles and the delays were produced by whatever the controllers ran, which is not
 * always what the pipeline last sent (a plan takes effect a minute later, a controller may reject it or fall back to its
 * own schedule, a replay of history ran the old timing). The planner must relate arrivals to the green windows that
 * produced them, so it is given the intersections with this observed timing.
 *
 * <p>Only cycles that began once the plan last sent was due count: a device without any keeps that plan (nothing shows
 * it is not running), else the inventory's timing. The splits come from the known timing whose cycle matches the
 * observed one: the plan last sent, else the inventory's (network.json) timing.
 */
final class ObservedTiming {
    /** The latest cycles of a device whose lengths give its observed cycle (median). */
    private static final int CYCLES = 5;

    private static final long DAY_MS = 86_400_000L;

    private ObservedTiming() {}

    /**
     * @param inventory  the intersections of network.json
     * @param sent       the plan the pipeline last sent for the corridor, or null
     * @param sentSince  when {@code sent} took effect (epoch ms), or null
     * @param pcdCycles  the window's PCD cycles (any devices and phases)
     * @return the intersections with the timing observed to run (same approaches, limits and clearances)
     */
    static Map<String, Network.Intersection> of(
            Map<String, Network.Intersection> inventory,
            CorridorPlan sent,
            Long sentSince,
            List<SignalMeasure.PcdCycle> pcdCycles) {
        Map<String, List<SignalMeasure.PcdCycle>> byDevice = new HashMap<>();
        for (SignalMeasure.PcdCycle c : pcdCycles) {
            Network.Intersection i = inventory.get(c.deviceId());
            if (i != null
                    && i.timing() != null
                    && !i.timing().coordinatedPhases().isEmpty()
                    && c.phase() == i.timing().coordinatedPhases().get(0)
                    && c.cycleEnd() > c.cycleStart()
                    && (sent == null || sentSince == null || c.cycleStart() >= sentSince)) {
                byDevice.computeIfAbsent(c.deviceId(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, Network.Intersection> observed = new LinkedHashMap<>();
        inventory.forEach((id, intersection) -> {
            Network.Timing fromInventory = intersection.timing();
            Network.Timing fromSent = sent == null || !sent.devices().containsKey(id) || fromInventory == null
                    ? null
                    : timingOf(sent.cycleS(), sent.devices().get(id), fromInventory);
            Network.Timing believed = fromSent != null ? fromSent : fromInventory;
            List<SignalMeasure.PcdCycle> cycles = byDevice.get(id);
            Network.Timing timing = believed;
            if (cycles != null && believed != null) {
                cycles.sort(Comparator.comparingLong(SignalMeasure.PcdCycle::cycleStart));
                List<SignalMeasure.PcdCycle> latest =
                        cycles.subList(Math.max(0, cycles.size() - CYCLES), cycles.size());
                int cycle = medianCycleS(latest);
                Network.Timing base =
                        matches(fromSent, cycle) ? fromSent : matches(fromInventory, cycle) ? fromInventory : believed;
                long lastGreen = latest.get(latest.size() - 1).cycleStart();
                int offset = (int) Math.floorMod(
                        Math.round((lastGreen - Math.floorDiv(lastGreen, DAY_MS) * DAY_MS) / 1000.0),
                        (long) base.cycleS());
                timing = new Network.Timing(base.cycleS(), offset, base.coordinatedPhases(), base.phases());
            }
            observed.put(
                    id,
                    new Network.Intersection(
                            intersection.deviceId(),
                            intersection.name(),
                            intersection.lat(),
                            intersection.lon(),
                            intersection.approaches(),
                            timing));
        });
        return observed;
    }

    private static boolean matches(Network.Timing timing, int cycleS) {
        return timing != null && Math.abs(timing.cycleS() - cycleS) <= 1;
    }

    private static int medianCycleS(List<SignalMeasure.PcdCycle> cycles) {
        double[] lengths = cycles.stream()
                .mapToDouble(c -> (c.cycleEnd() - c.cycleStart()) / 1000.0)
                .sorted()
                .toArray();
        int n = lengths.length;
        return (int) Math.round(n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2);
    }

    /** A sent device plan as network.json timing: its splits, the inventory's limits and clearances. */
    private static Network.Timing timingOf(int cycleS, CorridorPlan.DevicePlan plan, Network.Timing inventory) {
        Map<Integer, TimingPlan.PhaseSplit> splits = new HashMap<>();
        plan.phases().forEach(p -> splits.put(p.phase(), p));
        List<Network.PhaseTiming> phases = new ArrayList<>();
        for (Network.PhaseTiming p : inventory.phases()) {
            TimingPlan.PhaseSplit s = splits.get(p.phase());
            phases.add(
                    s == null
                            ? p
                            : new Network.PhaseTiming(
                                    p.phase(),
                                    s.greenS(),
                                    p.minGreenS(),
                                    p.maxGreenS(),
                                    s.yellowS(),
                                    s.redClearS(),
                                    p.pedClearS()));
        }
        return new Network.Timing(cycleS, plan.offsetS(), inventory.coordinatedPhases(), phases);
    }
}
