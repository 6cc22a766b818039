package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans a corridor's green wave (spec measures.md §2), in plain Java:
 * <ol>
 *   <li>common cycle: Webster's optimum per intersection from the measured volumes ({@link WebsterCycle}), the
 *       largest over the corridor, within the corridor's bounds (its maximum once Y reaches critical_y_max), long
 *       enough for every intersection's minimum greens and no longer than its maximum greens can fill, and at most
 *       max_cycle_step_s from the running cycle;</li>
 *   <li>splits per intersection by critical flow ratios within the phase bounds ({@link SplitAllocator});</li>
 *   <li>offsets maximising the volume-weighted two-way band with measured (else design) travel times, exactly on
 *       a 1-second grid ({@link BandSearch}, {@link BandTravelTimes});</li>
 *   <li>link-pivot refinement with the measured arrival profiles ({@link LinkPivot});</li>
 *   <li>the predicted delay ({@link DelayModel}).</li>
 * </ol>
 * The running plan is the intersections' timing as given (network.json, or the caller's copy with the plans applied
 * since): its offsets anchor the search (the first device keeps its offset, ties go to the smallest change) and its
 * green starts are where the measured arrival profiles came from.
 */
public final class GreenWavePlanner {
    private final PlanSettings settings;

    public GreenWavePlanner(PlanSettings settings) {
        this.settings = settings;
    }

    /** The running plan as network.json describes it (cycle, offsets, splits of every device of the corridor). */
    public CorridorPlan runningPlan(Network.Corridor corridor, Map<String, Network.Intersection> intersections) {
        CorridorPlan plan = runningWithoutBands(corridor, intersections);
        BandTravelTimes design = BandTravelTimes.select(corridor, List.of(), Integer.MAX_VALUE);
        BandGeometry geometry = BandGeometry.of(plan, corridor);
        double[] bands = new BandSearch(geometry, design, 0.5, 0.5, geometry.offsets()).bandwidths(geometry.offsets());
        return new CorridorPlan(
                plan.corridorId(),
                plan.cycleS(),
                plan.devices(),
                bands[0],
                bands[1],
                Double.NaN,
                "running plan (network.json timing)");
    }

    /** Plans the corridor for the observed demand; runningCycleS bounds the cycle step (null: no bound). */
    public CorridorPlan plan(
            Network.Corridor corridor,
            Map<String, Network.Intersection> intersections,
            CorridorObservations observations,
            Integer runningCycleS) {
        CorridorPlan running = runningWithoutBands(corridor, intersections);
        BandTravelTimes travel =
                BandTravelTimes.select(corridor, observations.linkTravelTimes(), settings.minTravelTimeSamples());

        // 1. Common cycle.
        Map<String, Map<Integer, Double>> flowRatios = new LinkedHashMap<>();
        double webster = Double.NEGATIVE_INFINITY;
        String governing = null;
        double governingY = Double.NaN;
        double feasibleMin = 0;
        double feasibleMax = Double.POSITIVE_INFINITY;
        for (String id : corridor.devices()) {
            Network.Intersection intersection = intersections.get(id);
            Map<Integer, Double> y = WebsterCycle.flowRatios(
                    intersection, observations.phaseVolumeVph().get(id), settings.saturationFlowVphpl());
            flowRatios.put(id, y);
            double[] feasible = SplitAllocator.feasibleCycle(intersection.timing());
            feasibleMin = Math.max(feasibleMin, feasible[0]);
            feasibleMax = Math.min(feasibleMax, feasible[1]);
            if (!y.isEmpty()) {
                WebsterCycle.Critical critical = WebsterCycle.critical(y);
                double c0 = WebsterCycle.optimumCycle(critical, settings.lostTimePerPhaseS(), settings.criticalYMax());
                if (c0 > webster) {
                    webster = c0;
                    governing = id;
                    governingY = critical.y();
                }
            }
        }
        int cycle = commonCycle(corridor, webster, feasibleMin, feasibleMax, running.cycleS(), runningCycleS);

        // 2. Splits, placed at the running offsets for now.
        Map<String, CorridorPlan.DevicePlan> devices = new LinkedHashMap<>();
        for (String id : corridor.devices()) {
            Network.Timing timing = intersections.get(id).timing();
            List<TimingPlan.PhaseSplit> splits = SplitAllocator.allocate(timing, flowRatios.get(id), cycle);
            devices.put(
                    id,
                    new CorridorPlan.DevicePlan(
                            id, Math.floorMod(timing.offsetS(), cycle), coordinated(timing), splits));
        }
        CorridorPlan draft = new CorridorPlan(corridor.corridorId(), cycle, devices, 0, 0, Double.NaN, "");
        BandGeometry geometry = BandGeometry.of(draft, corridor);
        BandGeometry runningGeometry = BandGeometry.of(running, corridor);

        // 3. Offsets: the exact band search, weighted by each direction's measured volume.
        double[] weights = directionWeights(corridor, observations);
        BandSearch search = new BandSearch(geometry, travel, weights[0], weights[1], runningGeometry.offsets());
        int[] bandOffsets = search.search(geometry.offsets()[0]);
        double[] bandOnly = search.bandwidths(bandOffsets);

        // 4. Link-pivot refinement with the measured arrival profiles. Only when the cycle stays: a profile measured
        //    under another cycle says where platoons arrived in that cycle, not where they will arrive in this one
        //    (the next re-plan, once the new cycle runs, refines it).
        BandGeometry banded = withOffsets(geometry, bandOffsets);
        int[] offsets = cycle == running.cycleS()
                ? LinkPivot.refine(banded, runningGeometry, observations.stopBarArrivalsMs())
                : bandOffsets;
        int pivoted = 0;
        for (int i = 0; i < offsets.length; i++) {
            pivoted += offsets[i] != bandOffsets[i] ? 1 : 0;
        }
        double[] bands = search.bandwidths(offsets);

        Map<String, CorridorPlan.DevicePlan> planned = new LinkedHashMap<>();
        for (int i = 0; i < offsets.length; i++) {
            CorridorPlan.DevicePlan d = devices.get(corridor.devices().get(i));
            planned.put(
                    d.deviceId(),
                    new CorridorPlan.DevicePlan(d.deviceId(), offsets[i], d.coordinatedPhases(), d.phases()));
        }
        String reason = String.format(
                Locale.ROOT,
                "green wave %s: cycle %d s (%s), outbound weight %.2f, band %.0f/%.0f s outbound/inbound"
                        + " (%.0f/%.0f s before link-pivot, %d offsets moved), travel times %s",
                corridor.corridorId(),
                cycle,
                governing == null
                        ? "no measured volume: running cycle"
                        : Double.isInfinite(webster)
                                ? String.format(Locale.ROOT, "Y %.2f at %s: maximum", governingY, governing)
                                : String.format(
                                        Locale.ROOT, "Webster %.0f s at %s, Y %.2f", webster, governing, governingY),
                weights[0],
                bands[0],
                bands[1],
                bandOnly[0],
                bandOnly[1],
                pivoted,
                travelSummary(travel));
        CorridorPlan plan =
                new CorridorPlan(corridor.corridorId(), cycle, planned, bands[0], bands[1], Double.NaN, reason);
        return plan.withPredictedDelay(DelayModel.predict(
                plan,
                withOffsets(geometry, offsets),
                runningGeometry,
                travel,
                intersections,
                observations,
                settings.saturationFlowVphpl()));
    }

    /** Predicted mean delay (s/veh) of any plan under the observed demand, with the same model plan() uses. */
    public double predictDelay(
            CorridorPlan plan,
            Network.Corridor corridor,
            Map<String, Network.Intersection> intersections,
            CorridorObservations observations) {
        BandTravelTimes travel =
                BandTravelTimes.select(corridor, observations.linkTravelTimes(), settings.minTravelTimeSamples());
        BandGeometry running = BandGeometry.of(runningWithoutBands(corridor, intersections), corridor);
        return DelayModel.predict(
                plan,
                BandGeometry.of(plan, corridor),
                running,
                travel,
                intersections,
                observations,
                settings.saturationFlowVphpl());
    }

    /**
     * Webster's cycle (the largest over the corridor; +∞ = Y too high: the maximum), rounded up to whole seconds,
     * within the corridor's bounds, no shorter than the intersections' minimum greens allow and no longer than their
     * maximum greens allow (a longer cycle could not be filled: its rings would not sum to it), then at most
     * max_cycle_step_s from the running cycle. With no measured volume the running cycle stays.
     */
    int commonCycle(
            Network.Corridor corridor,
            double webster,
            double feasibleMin,
            double feasibleMax,
            int networkCycleS,
            Integer runningCycleS) {
        int min = corridor.minCycleOrDefault();
        int max = corridor.maxCycleOrDefault();
        double target = webster == Double.NEGATIVE_INFINITY
                ? (runningCycleS != null ? runningCycleS : networkCycleS)
                : Double.isInfinite(webster) ? max : Math.ceil(webster - 1e-9);
        // when the minimum greens need more than the maximum greens allow, no cycle is safe: the minimum wins and
        // PlanSafety stops the plan
        target = Math.max(Math.min(target, Math.floor(feasibleMax + 1e-9)), Math.ceil(feasibleMin - 1e-9));
        int cycle = (int) Math.min(Math.max(target, min), max);
        if (runningCycleS != null) {
            cycle = Math.max(
                    runningCycleS - settings.maxCycleStepS(),
                    Math.min(runningCycleS + settings.maxCycleStepS(), cycle));
            // The corridor's bounds come first: a running cycle outside them is brought back even if in a larger step
            // (PlanSafety then stops that plan, as it must).
            cycle = Math.min(Math.max(cycle, min), max);
        }
        return cycle;
    }

    /** {outbound, inbound} weights: each direction's share of the measured volume of its phases (even when none). */
    static double[] directionWeights(Network.Corridor corridor, CorridorObservations observations) {
        double out = directionVolume(corridor.outbound(), observations);
        double in = directionVolume(corridor.inbound(), observations);
        return out + in > 0 ? new double[] {out / (out + in), in / (out + in)} : new double[] {0.5, 0.5};
    }

    private static double directionVolume(Network.CorridorDirection direction, CorridorObservations observations) {
        double sum = 0;
        if (direction == null || direction.phaseByDevice() == null) {
            return 0;
        }
        for (Map.Entry<String, Integer> e : direction.phaseByDevice().entrySet()) {
            Double q = observations
                    .phaseVolumeVph()
                    .getOrDefault(e.getKey(), Map.of())
                    .get(e.getValue());
            sum += q == null || !(q > 0) ? 0 : q;
        }
        return sum;
    }

    private static CorridorPlan runningWithoutBands(
            Network.Corridor corridor, Map<String, Network.Intersection> intersections) {
        Map<String, CorridorPlan.DevicePlan> devices = new LinkedHashMap<>();
        int cycle = 0;
        for (String id : corridor.devices()) {
            Network.Timing t = intersection(intersections, id).timing();
            if (cycle == 0) {
                cycle = t.cycleS();
            }
            List<TimingPlan.PhaseSplit> phases = new ArrayList<>();
            for (Network.PhaseTiming p : t.phases()) {
                phases.add(new TimingPlan.PhaseSplit(p.phase(), p.greenS(), p.yellowS(), p.redClearS()));
            }
            devices.put(id, new CorridorPlan.DevicePlan(id, t.offsetS(), coordinated(t), List.copyOf(phases)));
        }
        return new CorridorPlan(
                corridor.corridorId(),
                cycle,
                devices,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                "running plan (network.json timing)");
    }

    private static List<Integer> coordinated(Network.Timing timing) {
        return timing.coordinatedPhases() == null ? List.of() : List.copyOf(timing.coordinatedPhases());
    }

    private static BandGeometry withOffsets(BandGeometry g, int[] offsets) {
        return new BandGeometry(
                g.cycleS(),
                g.devices(),
                offsets.clone(),
                g.outPhase(),
                g.outRel(),
                g.outGreen(),
                g.inPhase(),
                g.inRel(),
                g.inGreen());
    }

    private static String travelSummary(BandTravelTimes travel) {
        int measured = 0;
        for (int i = 0; i < travel.outMeasured().length; i++) {
            measured += (travel.outMeasured()[i] ? 1 : 0) + (travel.inMeasured()[i] ? 1 : 0);
        }
        return measured + " of " + 2 * travel.outMeasured().length + " measured";
    }

    private static Network.Intersection intersection(Map<String, Network.Intersection> intersections, String id) {
        Network.Intersection i = intersections.get(id);
        if (i == null) {
            throw new IllegalArgumentException("corridor device " + id + " is not in the network");
        }
        return i;
    }
}
