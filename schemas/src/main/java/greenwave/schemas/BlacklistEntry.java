package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A blacklist record (compacted topic {@code bike.blacklist}, key {@code bike_id}; schema
 * {@code schemas/bike.blacklist.schema.json}). A bike is blacklisted when its latest record has {@code active = true}.
 *
 * @param bikeId   bike id
 * @param operator bike operator
 * @param reason   why, free text; may be null
 * @param ts       when the entry was made or changed, epoch milliseconds UTC
 * @param active   true = blacklisted, false = lifted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlacklistEntry(
        @JsonProperty("bike_id") String bikeId,
        @JsonProperty("operator") String operator,
        @JsonProperty("reason") String reason,
        @JsonProperty("ts") long ts,
        @JsonProperty("active") boolean active) {}
