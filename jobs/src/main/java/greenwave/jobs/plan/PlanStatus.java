package greenwave.jobs.plan;

/**
 * One change of a timing plan's acknowledgement status, as the ack tracker saw it (table {@code traffic.plan_status}).
 * The rows of one plan, in {@code ts} order, are its history: {@code sent}, then {@code accepted}, then
 * {@code applied} or {@code rejected}; {@code not_applied} when no {@code applied} ack came in time.
 *
 * @param planId     the plan
 * @param deviceId   controller
 * @param corridorId corridor; null when the plan is unknown (an ack for a plan the pipeline never sent)
 * @param status     {@link #SENT}, {@link #ACCEPTED}, {@link #APPLIED}, {@link #REJECTED} or {@link #NOT_APPLIED}
 * @param ts         when: the plan's {@code issued_at}, the ack's {@code ts}, or the ack deadline; epoch ms UTC
 * @param reason     the controller's reason (rejections), or why the plan counts as not applied; may be null
 * @param planKnown  false for an ack of a plan the tracker has not seen sent
 */
public record PlanStatus(
        String planId, String deviceId, String corridorId, String status, long ts, String reason, boolean planKnown) {
    public static final String SENT = "sent";
    public static final String ACCEPTED = "accepted";
    public static final String APPLIED = "applied";
    public static final String REJECTED = "rejected";
    public static final String NOT_APPLIED = "not_applied";
}
