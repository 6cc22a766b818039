package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A work order to a bike operator (topic {@code bike.dispatch-tasks}, key {@code zone_id}; schema
 * {@code schemas/bike.dispatch-tasks.schema.json}). Escalation re-sends it with the same {@code task_id}.
 *
 * @param taskId          deterministic task id (zone, alarm, operator)
 * @param zoneId          zone concerned
 * @param operator        operator the task is for
 * @param ts              (re-)issue time, epoch milliseconds UTC
 * @param kind            {@link #REMOVE_BIKES} or {@link #REMOVE_BLACKLISTED}
 * @param count           bikes to remove, ≥ 1
 * @param bikeIds         bikes concerned; always set for {@code remove_blacklisted}, may be null otherwise
 * @param deadlineTs      deadline, epoch milliseconds UTC
 * @param escalationLevel 0 when first issued, +1 per escalation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DispatchTask(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("zone_id") String zoneId,
        @JsonProperty("operator") String operator,
        @JsonProperty("ts") long ts,
        @JsonProperty("kind") String kind,
        @JsonProperty("count") int count,
        @JsonProperty("bike_ids") List<String> bikeIds,
        @JsonProperty("deadline_ts") long deadlineTs,
        @JsonProperty("escalation_level") int escalationLevel) {
    public static final String REMOVE_BIKES = "remove_bikes";
    public static final String REMOVE_BLACKLISTED = "remove_blacklisted";
}
