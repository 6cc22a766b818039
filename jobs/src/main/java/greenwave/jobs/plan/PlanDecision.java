package greenwave.jobs.plan;

import greenwave.schemas.TimingPlan;
import java.util.List;

/**
 * What the green-wave job decided about one device's plan at one period boundary, sent or not: the plan as it was (or
 * would have been) sent, the verdict and why, what it was computed from and how it compares with the running plan.
 * One row of {@code traffic.timing_plans}.
 *
 * @param plan                 the device's plan with its deterministic id, times, splits, reason and prediction
 * @param verdict              {@link #SENT}, {@link #UNSAFE} or {@link #NOT_BETTER}
 * @param decisionReason       why it was sent or not, in words
 * @param violations           the safety checks this device's plan fails (empty: safe)
 * @param runningCycleS        cycle of the running plan at the decision, s
 * @param runningDelaySPerVeh  the running plan's predicted delay under the same observations, s/veh
 * @param windowStart          start of the planning window (epoch ms, inclusive)
 * @param windowEnd            end of the planning window (epoch ms, exclusive) = the period boundary = issued_at
 * @param inputsJson           the inputs summary: volumes, travel times with their source, arrivals, probe delay
 */
public record PlanDecision(
        TimingPlan plan,
        String verdict,
        String decisionReason,
        List<String> violations,
        int runningCycleS,
        double runningDelaySPerVeh,
        long windowStart,
        long windowEnd,
        String inputsJson) {

    /** Every device plan passed the safety checks and the corridor plan is enough better: sent. */
    public static final String SENT = "sent";
    /** Some device plan of the corridor failed a safety check: the corridor plan is sent to no device. */
    public static final String UNSAFE = "unsafe";
    /** Safe, but its predicted delay is not enough below the running plan's (and the running plan is safe). */
    public static final String NOT_BETTER = "not_better";

    public boolean sent() {
        return SENT.equals(verdict);
    }
}
