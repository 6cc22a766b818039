package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The road network and signal inventory: file {@code network.json} or the compacted topic {@code network} (one whole
 * document per record); schema {@code schemas/network.schema.json}, plus the rules across its elements of
 * {@link ReferenceCheck#network}. Read it with {@link ContractCodec#decodeNetwork}.
 *
 * @param intersections signalised intersections
 * @param corridors     coordinated corridors; never null (empty when the document has none)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Network(
        @JsonProperty("intersections") List<Intersection> intersections,
        @JsonProperty("corridors") List<Corridor> corridors) {

    public Network {
        intersections = intersections == null ? List.of() : intersections;
        corridors = corridors == null ? List.of() : corridors;
    }

    /** The intersection with this {@code device_id}, if any. */
    public Optional<Intersection> intersection(String deviceId) {
        return intersections.stream().filter(i -> i.deviceId().equals(deviceId)).findFirst();
    }

    /** The corridor with this {@code corridor_id}, if any. */
    public Optional<Corridor> corridor(String corridorId) {
        return corridors.stream().filter(c -> c.corridorId().equals(corridorId)).findFirst();
    }

    /**
     * One signalised intersection.
     *
     * @param deviceId   controller id (the {@code device_id} of its {@code signal.events})
     * @param name       name; may be null
     * @param lat        latitude, degrees
     * @param lon        longitude, degrees
     * @param approaches its approaches
     * @param timing     its current signal timing
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Intersection(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("name") String name,
            @JsonProperty("lat") double lat,
            @JsonProperty("lon") double lon,
            @JsonProperty("approaches") List<Approach> approaches,
            @JsonProperty("timing") Timing timing) {}

    /**
     * One approach (incoming leg).
     *
     * @param approachId    approach id, e.g. {@code 227-EB}
     * @param direction     direction of travel, e.g. {@code EB}
     * @param bearingDeg    direction of travel of vehicles, degrees clockwise from north (EB = 90)
     * @param phase         NEMA phase serving it, 1..255
     * @param lanes         number of lanes, ≥ 1
     * @param stopbarLat    stop-bar latitude (where the delay zone ends), degrees
     * @param stopbarLon    stop-bar longitude, degrees
     * @param speedLimitMps speed limit, m/s, > 0
     * @param zoneLengthM   delay-zone length upstream of the stop bar, metres, > 0
     * @param detectors     its detectors
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Approach(
            @JsonProperty("approach_id") String approachId,
            @JsonProperty("direction") String direction,
            @JsonProperty("bearing_deg") double bearingDeg,
            @JsonProperty("phase") int phase,
            @JsonProperty("lanes") int lanes,
            @JsonProperty("stopbar_lat") double stopbarLat,
            @JsonProperty("stopbar_lon") double stopbarLon,
            @JsonProperty("speed_limit_mps") double speedLimitMps,
            @JsonProperty("zone_length_m") double zoneLengthM,
            @JsonProperty("detectors") List<Detector> detectors) {}

    /**
     * One detector.
     *
     * @param channel   controller channel 1..255 (the {@code param} of its events 81/82)
     * @param function  {@link #ADVANCE}, {@link #PRESENCE}, {@link #STOPBAR_COUNT} or {@link #YELLOW_RED}
     * @param distanceM distance upstream of the stop bar, metres
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Detector(
            @JsonProperty("channel") int channel,
            @JsonProperty("function") String function,
            @JsonProperty("distance_m") double distanceM) {
        public static final String ADVANCE = "advance";
        public static final String PRESENCE = "presence";
        public static final String STOPBAR_COUNT = "stopbar_count";
        public static final String YELLOW_RED = "yellow_red";
    }

    /**
     * Signal timing of an intersection.
     *
     * @param cycleS            cycle length, seconds
     * @param offsetS           seconds from cycle zero (midnight UTC, then every cycle) to the start of green of
     *                          {@code coordinatedPhases.get(0)}
     * @param coordinatedPhases coordinated phases, e.g. [2, 6]; may be empty
     * @param phases            per-phase timing
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Timing(
            @JsonProperty("cycle_s") int cycleS,
            @JsonProperty("offset_s") int offsetS,
            @JsonProperty("coordinated_phases") List<Integer> coordinatedPhases,
            @JsonProperty("phases") List<PhaseTiming> phases) {}

    /**
     * Timing of one phase, seconds.
     *
     * @param phase     NEMA phase, 1..255
     * @param greenS    programmed green
     * @param minGreenS minimum green
     * @param maxGreenS maximum green
     * @param yellowS   yellow change interval
     * @param redClearS red clearance interval
     * @param pedClearS pedestrian clearance; null when the phase has no pedestrian movement
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PhaseTiming(
            @JsonProperty("phase") int phase,
            @JsonProperty("green_s") double greenS,
            @JsonProperty("min_green_s") double minGreenS,
            @JsonProperty("max_green_s") double maxGreenS,
            @JsonProperty("yellow_s") double yellowS,
            @JsonProperty("red_clear_s") double redClearS,
            @JsonProperty("ped_clear_s") Double pedClearS) {}

    /**
     * A coordinated corridor.
     *
     * @param corridorId     corridor id
     * @param name           name; may be null
     * @param devices        device ids in outbound order
     * @param linkLengthM    stop-bar-to-stop-bar distances between consecutive devices, metres
     * @param designSpeedMps design progression speed, m/s
     * @param minCycleS      minimum common cycle, seconds; null = the default (60)
     * @param maxCycleS      maximum common cycle, seconds; null = the default (180)
     * @param outbound       the outbound direction
     * @param inbound        the inbound direction
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Corridor(
            @JsonProperty("corridor_id") String corridorId,
            @JsonProperty("name") String name,
            @JsonProperty("devices") List<String> devices,
            @JsonProperty("link_length_m") List<Double> linkLengthM,
            @JsonProperty("design_speed_mps") double designSpeedMps,
            @JsonProperty("min_cycle_s") Integer minCycleS,
            @JsonProperty("max_cycle_s") Integer maxCycleS,
            @JsonProperty("outbound") CorridorDirection outbound,
            @JsonProperty("inbound") CorridorDirection inbound) {
        public static final int DEFAULT_MIN_CYCLE_S = 60;
        public static final int DEFAULT_MAX_CYCLE_S = 180;

        /** {@code min_cycle_s}, or the default 60 s when absent. */
        public int minCycleOrDefault() {
            return minCycleS == null ? DEFAULT_MIN_CYCLE_S : minCycleS;
        }

        /** {@code max_cycle_s}, or the default 180 s when absent. */
        public int maxCycleOrDefault() {
            return maxCycleS == null ? DEFAULT_MAX_CYCLE_S : maxCycleS;
        }
    }

    /**
     * One travel direction of a corridor.
     *
     * @param direction     direction name, e.g. {@code EB}
     * @param phaseByDevice phase serving this direction at each device (device_id → phase)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CorridorDirection(
            @JsonProperty("direction") String direction,
            @JsonProperty("phase_by_device") Map<String, Integer> phaseByDevice) {}
}
