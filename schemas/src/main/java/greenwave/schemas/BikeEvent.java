package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A shared-bike lock event (topic {@code bike.events}, key {@code bike_id}; schema {@code schemas/bike.events.schema.json}).
 *
 * @param bikeId   bike id
 * @param operator bike operator, e.g. {@code hellobike}
 * @param ts       event time, epoch milliseconds UTC
 * @param type     {@link #PARK}, {@link #UNPARK} or {@link #LOCATE}
 * @param lat      latitude, degrees; always set for {@code park} and {@code locate}, may be null for {@code unpark}
 * @param lon      longitude, degrees; as {@code lat}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BikeEvent(
        @JsonProperty("bike_id") String bikeId,
        @JsonProperty("operator") String operator,
        @JsonProperty("ts") long ts,
        @JsonProperty("type") String type,
        @JsonProperty("lat") Double lat,
        @JsonProperty("lon") Double lon) {
    /** Locked: a trip ends, the bike is parked at lat/lon. */
    public static final String PARK = "park";
    /** Unlocked: a trip starts. */
    public static final String UNPARK = "unpark";
    /** Periodic position of a parked bike. */
    public static final String LOCATE = "locate";
}
