package greenwave.jobs.plan;

/**
 * The measured effect of a sent plan: the corridor's delay in the first whole period after the plan took effect,
 * next to what was predicted. One per sent device plan (so it joins {@code traffic.timing_plans} on {@code plan_id});
 * the measured values are corridor-wide. One row of {@code traffic.plan_outcomes}.
 *
 * @param planId                   the sent plan
 * @param corridorId               its corridor
 * @param deviceId                 its device
 * @param issuedAt                 when the plan was issued, epoch ms
 * @param periodStart              the measured period's start: the first period boundary at or after effective_at
 * @param periodEnd                the measured period's end
 * @param predictedDelaySPerVeh    the plan's predicted mean delay, s/veh
 * @param runningDelaySPerVeh      the replaced plan's predicted delay under the same observations, s/veh
 * @param probeDelayS              probe control delay over the corridor's approaches in the period, weighted by
 *                                 samples, s; null when no probe sample
 * @param probeSamples             probe traversals behind it
 * @param signalDelaySPerVeh       signal approach delay per vehicle over the corridor's phases, weighted by volume, s;
 *                                 null when no approach-delay bin
 * @param signalArrivals           detector arrivals behind it
 */
public record PlanOutcome(
        String planId,
        String corridorId,
        String deviceId,
        long issuedAt,
        long periodStart,
        long periodEnd,
        double predictedDelaySPerVeh,
        double runningDelaySPerVeh,
        Double probeDelayS,
        int probeSamples,
        Double signalDelaySPerVeh,
        long signalArrivals) {

    /** This outcome with the measured values filled in. */
    public PlanOutcome measured(Double probeDelayS, int probeSamples, Double signalDelaySPerVeh, long signalArrivals) {
        return new PlanOutcome(
                planId,
                corridorId,
                deviceId,
                issuedAt,
                periodStart,
                periodEnd,
                predictedDelaySPerVeh,
                runningDelaySPerVeh,
                probeDelayS,
                probeSamples,
                signalDelaySPerVeh,
                signalArrivals);
    }
}
