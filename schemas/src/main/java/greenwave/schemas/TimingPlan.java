package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A timing-plan command to the signal-control system (topic {@code signal.timing-plans}, key {@code device_id}; schema
 * {@code schemas/signal.timing-plans.schema.json}). Offsets and phases follow {@code network.json} conventions.
 *
 * @param planId            deterministic plan id, e.g. {@code c1-20240513T1515-227}
 * @param corridorId        corridor
 * @param deviceId          controller
 * @param issuedAt          issue time, epoch milliseconds UTC
 * @param effectiveAt       start of validity, epoch milliseconds UTC
 * @param expiresAt         end of validity, epoch milliseconds UTC
 * @param cycleS            cycle length, seconds
 * @param offsetS           offset, seconds from cycle zero to the start of green of {@code coordinatedPhases.get(0)}
 * @param coordinatedPhases coordinated phases, e.g. [2, 6]
 * @param phases            per-phase splits
 * @param reason            why the plan was made; may be null
 * @param supersedes        plan id this one replaces; may be null
 * @param predicted         predicted effect; may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TimingPlan(
        @JsonProperty("plan_id") String planId,
        @JsonProperty("corridor_id") String corridorId,
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("issued_at") long issuedAt,
        @JsonProperty("effective_at") long effectiveAt,
        @JsonProperty("expires_at") long expiresAt,
        @JsonProperty("cycle_s") int cycleS,
        @JsonProperty("offset_s") int offsetS,
        @JsonProperty("coordinated_phases") List<Integer> coordinatedPhases,
        @JsonProperty("phases") List<PhaseSplit> phases,
        @JsonProperty("reason") String reason,
        @JsonProperty("supersedes") String supersedes,
        @JsonProperty("predicted") Prediction predicted) {

    /**
     * The split of one phase, seconds.
     *
     * @param phase     NEMA phase, 1..255
     * @param greenS    green
     * @param yellowS   yellow
     * @param redClearS red clearance
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PhaseSplit(
            @JsonProperty("phase") int phase,
            @JsonProperty("green_s") double greenS,
            @JsonProperty("yellow_s") double yellowS,
            @JsonProperty("red_clear_s") double redClearS) {}

    /**
     * The predicted effect of a plan.
     *
     * @param bandwidthOutboundS outbound green band, seconds; may be null
     * @param bandwidthInboundS  inbound green band, seconds; may be null
     * @param delaySPerVeh       mean delay, seconds per vehicle; may be null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Prediction(
            @JsonProperty("bandwidth_outbound_s") Double bandwidthOutboundS,
            @JsonProperty("bandwidth_inbound_s") Double bandwidthInboundS,
            @JsonProperty("delay_s_per_veh") Double delaySPerVeh) {}
}
