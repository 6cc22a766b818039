package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A monitored kitchen: compacted topic {@code food.kitchens} (key {@code kitchen_id}) or one entry of the file
 * {@code kitchens.json}; schema {@code schemas/food.kitchens.schema.json}.
 *
 * @param kitchenId kitchen id
 * @param name      kitchen name; may be null
 * @param kind      {@link #SCHOOL_CANTEEN}, {@link #RESTAURANT} or {@link #CENTRAL_KITCHEN}
 * @param district  administrative district; may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Kitchen(
        @JsonProperty("kitchen_id") String kitchenId,
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("district") String district) {
    public static final String SCHOOL_CANTEEN = "school_canteen";
    public static final String RESTAURANT = "restaurant";
    public static final String CENTRAL_KITCHEN = "central_kitchen";
}
