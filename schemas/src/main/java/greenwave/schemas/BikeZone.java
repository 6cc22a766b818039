package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A shared-bike parking zone (electronic fence): compacted topic {@code bike.zones} (key {@code zone_id}) or one entry
 * of the file {@code zones.json}; schema {@code schemas/bike.zones.schema.json}.
 *
 * @param zoneId    zone id
 * @param name      zone name, may be null
 * @param polygon   ring of {@code [lon, lat]} points in degrees (closed or not), at least 3 points, a valid simple
 *                  polygon ({@link ReferenceCheck#zone})
 * @param capacity  bikes the zone holds, all operators together
 * @param operators operators allowed to park there; null or empty means any operator
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BikeZone(
        @JsonProperty("zone_id") String zoneId,
        @JsonProperty("name") String name,
        @JsonProperty("polygon") List<List<Double>> polygon,
        @JsonProperty("capacity") int capacity,
        @JsonProperty("operators") List<String> operators) {}
