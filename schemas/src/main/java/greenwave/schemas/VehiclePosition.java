package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One probe-vehicle position (topic {@code vehicle.positions}, key {@code vehicle_id}; schema
 * {@code schemas/vehicle.positions.schema.json}).
 *
 * @param vehicleId  anonymised vehicle id, stable for one trip
 * @param ts         sample time, epoch milliseconds UTC
 * @param lat        latitude, degrees −90..90
 * @param lon        longitude, degrees −180..180
 * @param speedMps   speed, m/s, ≥ 0
 * @param headingDeg heading, degrees clockwise from north, 0..360
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VehiclePosition(
        @JsonProperty("vehicle_id") String vehicleId,
        @JsonProperty("ts") long ts,
        @JsonProperty("lat") double lat,
        @JsonProperty("lon") double lon,
        @JsonProperty("speed_mps") double speedMps,
        @JsonProperty("heading_deg") double headingDeg) {}
