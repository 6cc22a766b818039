package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One record of a controller's high-resolution event log (topic {@code signal.events}, key {@code device_id}).
 *
 * @param deviceId controller id
 * @param ts       event time, epoch milliseconds UTC
 * @param code     Indiana Hi-Resolution Data Logger enumeration (see {@link SignalCodes})
 * @param param    phase number, detector channel, or coordination value, depending on {@code code}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignalEvent(
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("ts") long ts,
        @JsonProperty("code") int code,
        @JsonProperty("param") int param) {}
