package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A kitchen temperature reading (topic {@code food.sensor-readings}, key {@code kitchen_id}; schema
 * {@code schemas/food.sensor-readings.schema.json}). A sensor is identified by ({@code kitchen_id}, {@code device_id}).
 *
 * @param kitchenId kitchen id
 * @param deviceId  sensor id within the kitchen
 * @param kind      one of the constants below
 * @param ts        reading time, epoch milliseconds UTC
 * @param celsius   temperature, °C
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SensorReading(
        @JsonProperty("kitchen_id") String kitchenId,
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("kind") String kind,
        @JsonProperty("ts") long ts,
        @JsonProperty("celsius") double celsius) {
    public static final String FRIDGE = "fridge";
    public static final String FREEZER = "freezer";
    public static final String HOT_HOLDING = "hot_holding";
    public static final String DISINFECTION_CABINET = "disinfection_cabinet";
    public static final String SAMPLE_FRIDGE = "sample_fridge";
}
