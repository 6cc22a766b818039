package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plans a corridor's green wave (spec measures.md §2): common cycle, splits, offsets, and predicts delay. */
public final class GreenWavePlanner {
    private final PlanSettings settings;

    public GreenWavePlanner(PlanSettings settings) {
        this.settings = settings;
    }

    /** The running plan as network.json describes it (cycle, offsets, splits of every device of the corridor). */
    public CorridorPlan runningPlan(Network.Corridor corridor, Map<String, Network.Intersection> intersections) {
        Map<String, CorridorPlan.DevicePlan> devices = new LinkedHashMap<>();
        int cycle = 0;
        for (String id : corridor.devices()) {
            Network.Timing t = intersection(intersections, id).timing();
            cycle = Math.max(cycle, t.cycleS());
            List<TimingPlan.PhaseSplit> phases = new ArrayList<>();
            for (Network.PhaseTiming p : t.phases()) {
                phases.add(new TimingPlan.PhaseSplit(p.phase(), p.greenS(), p.yellowS(), p.redClearS()));
            }
            devices.put(id, new CorridorPlan.DevicePlan(id, t.offsetS(), List.copyOf(t.coordinatedPhases()), phases));
        }
        return new CorridorPlan(corridor.corridorId(), cycle, devices, 0, 0, Double.NaN, "running plan (network.json)");
    }

    /** Plans the corridor for the observed demand; runningCycleS bounds the cycle step (null: no bound). */
    public CorridorPlan plan(Network.Corridor corridor, Map<String, Network.Intersection> intersections,
            CorridorObservations observations, Integer runningCycleS) {
        // First cut: the running plan; the optimisation follows.
        CorridorPlan running = runningPlan(corridor, intersections);
        return running.withPredictedDelay(predictDelay(running, corridor, intersections, observations));
    }

    /** Predicted mean delay (s/veh) of any plan under the observed demand, with the same model plan() uses. */
    public double predictDelay(CorridorPlan plan, Network.Corridor corridor,
            Map<String, Network.Intersection> intersections, CorridorObservations observations) {
        double weighted = 0;
        double volume = 0;
        for (CorridorPlan.DevicePlan device : plan.devices().values()) {
            Map<Integer, Double> volumes = observations.phaseVolumeVph().getOrDefault(device.deviceId(), Map.of());
            for (TimingPlan.PhaseSplit split : device.phases()) {
                double q = volumes.getOrDefault(split.phase(), 0.0);
                if (q <= 0) {
                    continue;
                }
                double gC = split.greenS() / plan.cycleS();
                double capacity = settings.saturationFlowVphpl() * gC;
                double x = q / capacity;
                double d1 = 0.5 * plan.cycleS() * (1 - gC) * (1 - gC) / (1 - Math.min(1, x) * gC);
                weighted += q * d1;
                volume += q;
            }
        }
        return volume > 0 ? weighted / volume : Double.NaN;
    }

    private static Network.Intersection intersection(Map<String, Network.Intersection> intersections, String id) {
        Network.Intersection i = intersections.get(id);
        if (i == null) {
            throw new IllegalArgumentException("corridor device " + id + " is not in the network");
        }
        return i;
    }
}
