package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A measure from probe-vehicle positions (topic {@code probe.measures}; schema
 * {@code schemas/probe.measures.schema.json}); see spec measures.md §1 "Control delay from probe vehicles". On the wire
 * each record carries {@code "measure"} naming its kind. Bins are 15 minutes aligned to the hour; {@code bin_start} is
 * epoch ms UTC; a sample belongs to the bin of its (last) stop-bar crossing. Durations are seconds, distances metres.
 *
 * <p>Kafka record key ({@link Contract#keyOf}): {@code device_id} for {@code probe_approach_delay} (with the signal
 * measures of the same intersection), {@code corridor_id} for {@code link_travel_time} (the green-wave planner reads a
 * whole corridor). {@link Contract#keyField()} names {@code device_id}, the key of the bulk of the records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "measure")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ProbeMeasure.ApproachDelay.class, name = "probe_approach_delay"),
    @JsonSubTypes.Type(value = ProbeMeasure.LinkTravelTime.class, name = "link_travel_time"),
})
public sealed interface ProbeMeasure {

    /** The Kafka record key: {@code device_id} or {@code corridor_id}. */
    String key();

    /** The bin start, epoch ms. */
    long eventTs();

    /**
     * Control delay of the probe vehicles that crossed an approach's stop bar in a bin.
     *
     * @param deviceId   the intersection's controller
     * @param approachId the approach
     * @param binStart   bin start, epoch ms
     * @param samples    traversals (≥ 1)
     * @param meanDelayS mean control delay, s
     * @param p85DelayS  85th percentile of the delays (linear interpolation between order statistics), s
     * @param meanStops  mean number of stops per traversal
     * @param maxQueueM  farthest stopped position upstream of the stop bar, m; null when no vehicle stopped
     * @param los        HCM level of service of the mean delay, A..F
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApproachDelay(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("approach_id") String approachId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("samples") int samples,
            @JsonProperty("mean_delay_s") double meanDelayS,
            @JsonProperty("p85_delay_s") double p85DelayS,
            @JsonProperty("mean_stops") double meanStops,
            @JsonProperty("max_queue_m") Double maxQueueM,
            @JsonProperty("los") String los)
            implements ProbeMeasure {
        @Override
        public String key() {
            return deviceId;
        }

        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /**
     * Measured stop-bar-to-stop-bar travel times between consecutive intersections of a corridor, one direction, bin
     * of the arrival at {@code to_device}.
     *
     * @param corridorId corridor
     * @param direction  the corridor direction's name (its outbound or inbound {@code direction}, e.g. {@code EB})
     * @param fromDevice upstream intersection
     * @param toDevice   downstream intersection
     * @param binStart   bin start, epoch ms
     * @param samples    trips (≥ 1)
     * @param meanS      mean travel time, s
     * @param p85S       85th percentile travel time (linear interpolation), s
     * @param meanRunningS mean running time: each trip's travel time minus its control delay at {@code to_device}, s
     *                     (what a vehicle not held by the downstream signal needs; green-wave offsets use it); null
     *                     when unknown
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LinkTravelTime(
            @JsonProperty("corridor_id") String corridorId,
            @JsonProperty("direction") String direction,
            @JsonProperty("from_device") String fromDevice,
            @JsonProperty("to_device") String toDevice,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("samples") int samples,
            @JsonProperty("mean_s") double meanS,
            @JsonProperty("p85_s") double p85S,
            @JsonProperty("mean_running_s") Double meanRunningS)
            implements ProbeMeasure {

        @JsonCreator
        public LinkTravelTime {}

        /** Without a running time (producers that do not know the downstream delay). */
        public LinkTravelTime(
                String corridorId,
                String direction,
                String fromDevice,
                String toDevice,
                long binStart,
                int samples,
                double meanS,
                double p85S) {
            this(corridorId, direction, fromDevice, toDevice, binStart, samples, meanS, p85S, null);
        }

        @Override
        public String key() {
            return corridorId;
        }

        @Override
        public long eventTs() {
            return binStart;
        }
    }
}
