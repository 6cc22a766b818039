package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An operation logged by a kitchen (topic {@code food.operations}, key {@code kitchen_id}; schema
 * {@code schemas/food.operations.schema.json}). Which optional fields are set depends on {@code type}; the schema
 * guarantees them for valid records:
 * <ul>
 *   <li>{@link #SAMPLE_RETAINED}: {@code dish}, {@code grams}</li>
 *   <li>{@link #DISINFECTION_DONE}: {@code minutes}</li>
 *   <li>{@link #INGREDIENT_RECEIVED}: {@code ingredient}, {@code supplier}, {@code traceCode}, {@code expiryTs}</li>
 *   <li>{@link #INGREDIENT_USED}: {@code ingredient}, {@code traceCode}</li>
 * </ul>
 *
 * @param kitchenId  kitchen id
 * @param ts         time of the operation (for a disinfection run: its end), epoch milliseconds UTC
 * @param type       one of the constants below
 * @param meal       which meal (free text, e.g. {@code lunch}); may be null
 * @param dish       dish sampled
 * @param grams      sample weight, grams
 * @param minutes    disinfection run length, minutes
 * @param ingredient ingredient name
 * @param supplier   supplier
 * @param traceCode  traceability code of the batch
 * @param expiryTs   batch expiry, epoch milliseconds UTC
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KitchenOperation(
        @JsonProperty("kitchen_id") String kitchenId,
        @JsonProperty("ts") long ts,
        @JsonProperty("type") String type,
        @JsonProperty("meal") String meal,
        @JsonProperty("dish") String dish,
        @JsonProperty("grams") Double grams,
        @JsonProperty("minutes") Double minutes,
        @JsonProperty("ingredient") String ingredient,
        @JsonProperty("supplier") String supplier,
        @JsonProperty("trace_code") String traceCode,
        @JsonProperty("expiry_ts") Long expiryTs) {
    public static final String MEAL_SERVED = "meal_served";
    public static final String SAMPLE_RETAINED = "sample_retained";
    public static final String DISINFECTION_DONE = "disinfection_done";
    public static final String INGREDIENT_RECEIVED = "ingredient_received";
    public static final String INGREDIENT_USED = "ingredient_used";
}
