package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An acknowledgement of a timing plan by the signal-control system (topic {@code signal.plan-acks}, key
 * {@code device_id}; schema {@code schemas/signal.plan-acks.schema.json}).
 *
 * @param planId   acknowledged plan
 * @param deviceId controller
 * @param ts       ack time, epoch milliseconds UTC
 * @param status   {@link #ACCEPTED}, {@link #APPLIED} or {@link #REJECTED}
 * @param reason   explanation (typically for rejected); may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanAck(
        @JsonProperty("plan_id") String planId,
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("ts") long ts,
        @JsonProperty("status") String status,
        @JsonProperty("reason") String reason) {
    public static final String ACCEPTED = "accepted";
    public static final String APPLIED = "applied";
    public static final String REJECTED = "rejected";
}
