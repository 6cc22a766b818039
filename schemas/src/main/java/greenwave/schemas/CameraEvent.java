package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A kitchen camera detection (topic {@code food.camera-events}, key {@code kitchen_id}; schema
 * {@code schemas/food.camera-events.schema.json}).
 *
 * @param kitchenId  kitchen id
 * @param cameraId   camera id within the kitchen
 * @param ts         detection time, epoch milliseconds UTC
 * @param type       one of the constants below ({@link #NO_MASK} ...)
 * @param confidence model confidence, 0..1
 * @param snapshot   snapshot location (e.g. {@code s3://...}); may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CameraEvent(
        @JsonProperty("kitchen_id") String kitchenId,
        @JsonProperty("camera_id") String cameraId,
        @JsonProperty("ts") long ts,
        @JsonProperty("type") String type,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("snapshot") String snapshot) {
    public static final String NO_MASK = "no_mask";
    public static final String NO_HAT = "no_hat";
    public static final String NO_UNIFORM = "no_uniform";
    public static final String SMOKING = "smoking";
    public static final String PHONE = "phone";
    public static final String RODENT = "rodent";
    public static final String BARE_HANDS = "bare_hands";
    public static final String TRASH_UNCOVERED = "trash_uncovered";
    public static final String UNATTENDED_FIRE = "unattended_fire";
}
