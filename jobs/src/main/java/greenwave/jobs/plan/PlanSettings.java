package greenwave.jobs.plan;

import greenwave.config.GreenwaveConfig;
import java.io.Serializable;

/**
 * Planner settings, from the {@code plan:} section of the configuration ({@link GreenwaveConfig.Plan}) plus
 * {@code signal.saturation_flow_vphpl}. Each key is documented in {@code greenwave-defaults.yaml}.
 *
 * @param periodMinutes        re-plan every this many minutes (event time, aligned to the hour)
 * @param windowMinutes        plan from the measures of this many last minutes
 * @param saturationFlowVphpl  saturation flow per lane, veh/h
 * @param lostTimePerPhaseS    Webster lost time per critical phase, s
 * @param criticalYMax         critical flow ratio sum at which the corridor's maximum cycle is used
 * @param maxCycleStepS        the cycle moves at most this much per re-plan, s
 * @param minYellowS           no plan is sent with a yellow below this, s (the contract's floor or higher)
 * @param minRedClearS         no plan is sent with a red clearance below this, s (the contract's floor or higher)
 * @param minImprovement       a new plan is sent only if its predicted delay is this fraction lower than the running plan's
 * @param minTravelTimeSamples below this many probe trips a link's travel time is length / design speed
 * @param effectiveAfterS      effective_at = period start + this, s
 * @param validityMinutes      expires_at = effective_at + this, minutes
 * @param ackTimeoutS          no {@code applied} ack this long after effective_at raises an alert, s
 */
public record PlanSettings(
        int periodMinutes,
        int windowMinutes,
        double saturationFlowVphpl,
        double lostTimePerPhaseS,
        double criticalYMax,
        int maxCycleStepS,
        double minYellowS,
        double minRedClearS,
        double minImprovement,
        int minTravelTimeSamples,
        int effectiveAfterS,
        int validityMinutes,
        int ackTimeoutS)
        implements Serializable {

    public PlanSettings {
        if (periodMinutes <= 0
                || windowMinutes <= 0
                || !(saturationFlowVphpl > 0)
                || !(lostTimePerPhaseS >= 0)
                || !(criticalYMax > 0 && criticalYMax < 1)
                || maxCycleStepS < 0
                || !(minYellowS >= PlanSafety.CONTRACT_MIN_YELLOW_S && minYellowS < Double.POSITIVE_INFINITY)
                || !(minRedClearS >= PlanSafety.CONTRACT_MIN_RED_CLEAR_S && minRedClearS < Double.POSITIVE_INFINITY)
                || !(minImprovement >= 0)
                || minTravelTimeSamples < 0
                || effectiveAfterS < 0
                || validityMinutes <= 0
                || ackTimeoutS <= 0) {
            throw new IllegalArgumentException("invalid plan settings " + this);
        }
    }

    /** The contract's safety checks with these floors and this cycle step. */
    public PlanSafety safety() {
        return new PlanSafety(minYellowS, minRedClearS, maxCycleStepS);
    }

    public static PlanSettings of(GreenwaveConfig config) {
        GreenwaveConfig.Plan p = config.plan();
        return new PlanSettings(
                p.periodMinutes(),
                p.windowMinutes(),
                config.signal().saturationFlowVphpl(),
                p.lostTimePerPhaseS(),
                p.criticalYMax(),
                p.maxCycleStepS(),
                p.minYellowS(),
                p.minRedClearS(),
                p.minImprovement(),
                p.minTravelTimeSamples(),
                p.effectiveAfterS(),
                p.validityMinutes(),
                p.ackTimeoutS());
    }
}
