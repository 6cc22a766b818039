package greenwave.jobs.plan;

import greenwave.schemas.TimingPlan;
import java.util.List;
import java.util.Map;

/**
 * One corridor's plan: a common cycle, and per device an offset and phase splits (network.json conventions: offset =
 * seconds from cycle zero, midnight UTC, to the start of green of {@code coordinatedPhases.get(0)}).
 *
 * @param corridorId            the corridor
 * @param cycleS                common cycle, s
 * @param devices               device id → its plan, in the corridor's outbound order
 * @param bandwidthOutboundS    outbound green band through the coordinated phases, s
 * @param bandwidthInboundS     inbound green band, s
 * @param predictedDelaySPerVeh predicted volume-weighted mean delay, s/veh (NaN when not predicted)
 * @param reason                why the plan looks as it does, for people
 */
public record CorridorPlan(
        String corridorId,
        int cycleS,
        Map<String, DevicePlan> devices,
        double bandwidthOutboundS,
        double bandwidthInboundS,
        double predictedDelaySPerVeh,
        String reason) {

    /**
     * One device's part of a corridor plan.
     *
     * @param deviceId          the controller
     * @param offsetS           offset, s in [0, cycle)
     * @param coordinatedPhases coordinated phases, as in network.json
     * @param phases            every phase's green, yellow and red clearance
     */
    public record DevicePlan(
            String deviceId, int offsetS, List<Integer> coordinatedPhases, List<TimingPlan.PhaseSplit> phases) {}

    /** The same plan with another predicted delay. */
    public CorridorPlan withPredictedDelay(double delaySPerVeh) {
        return new CorridorPlan(
                corridorId, cycleS, devices, bandwidthOutboundS, bandwidthInboundS, delaySPerVeh, reason);
    }
}
