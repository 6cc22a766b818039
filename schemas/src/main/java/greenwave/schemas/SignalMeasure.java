package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A signal performance measure (topic {@code signal.measures}, key {@code device_id}); see spec measures.md §1.
 * On the wire each record carries {@code "measure"} naming its kind. Bins are 15 minutes aligned to the hour;
 * {@code bin_start} is epoch ms UTC. Ratios are fractions 0..1, durations seconds, volumes vehicles per hour.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "measure")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SignalMeasure.Actuations.class, name = "actuations"),
    @JsonSubTypes.Type(value = SignalMeasure.Terminations.class, name = "terminations"),
    @JsonSubTypes.Type(value = SignalMeasure.ArrivalsOnGreen.class, name = "arrivals_on_green"),
    @JsonSubTypes.Type(value = SignalMeasure.SplitFailures.class, name = "split_failures"),
    @JsonSubTypes.Type(value = SignalMeasure.ApproachDelay.class, name = "approach_delay"),
    @JsonSubTypes.Type(value = SignalMeasure.PcdCycle.class, name = "pcd_cycle"),
    @JsonSubTypes.Type(value = SignalMeasure.DegreeOfSaturation.class, name = "degree_of_saturation"),
    @JsonSubTypes.Type(value = SignalMeasure.YellowRedActuations.class, name = "yellow_red_actuations"),
    @JsonSubTypes.Type(value = SignalMeasure.Preemption.class, name = "preemption"),
    @JsonSubTypes.Type(value = SignalMeasure.CoordinationChange.class, name = "coordination_change"),
    @JsonSubTypes.Type(value = SignalMeasure.CycleLength.class, name = "cycle_length"),
})
public sealed interface SignalMeasure {

    String deviceId();

    /** The event time the record is filed under: a bin start, or a cycle start for PCD cycles. */
    long eventTs();

    /** Detector-on events of one channel in a bin. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Actuations(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("detector") int detector,
            @JsonProperty("total") long total)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /** Phase terminations of one kind in a bin: {@code GapOut}, {@code MaxOut} or {@code ForceOff} (ATSPM names). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Terminations(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("phase") int phase,
            @JsonProperty("termination") String termination,
            @JsonProperty("total") long total)
            implements SignalMeasure {
        public static final String GAP_OUT = "GapOut";
        public static final String MAX_OUT = "MaxOut";
        public static final String FORCE_OFF = "ForceOff";

        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /** Advance-detector arrivals of a phase in a bin and the share that arrived on green. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ArrivalsOnGreen(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("phase") int phase,
            @JsonProperty("total_actuations") long totalActuations,
            @JsonProperty("green_actuations") long greenActuations,
            @JsonProperty("percent_aog") double percentAog)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /** Split-failure measures of a phase (by approach: its presence detectors OR-ed) over the cycles ending in a bin. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SplitFailures(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("phase") int phase,
            @JsonProperty("cycles") int cycles,
            @JsonProperty("green_time_s") double greenTimeS,
            @JsonProperty("green_occupancy") double greenOccupancy,
            @JsonProperty("red_occupancy") double redOccupancy,
            @JsonProperty("split_failures") int splitFailures)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /** ATSPM approach delay of a phase in a bin, from advance-detector arrivals moved to the stop bar. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApproachDelay(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("phase") int phase,
            @JsonProperty("arrivals") long arrivals,
            @JsonProperty("volume_vph") double volumeVph,
            @JsonProperty("total_delay_s") double totalDelayS,
            @JsonProperty("delay_per_veh_s") double delayPerVehS,
            @JsonProperty("arrivals_on_green") long arrivalsOnGreen,
            @JsonProperty("percent_arrivals_on_green") double percentArrivalsOnGreen,
            @JsonProperty("percent_green_time") double percentGreenTime,
            @JsonProperty("platoon_ratio") double platoonRatio)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /**
     * One cycle of a phase's Purdue coordination diagram: the cycle runs from begin green to the next begin green;
     * times are epoch ms, arrivals are seconds since {@code cycle_start} (at the stop bar).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PcdCycle(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("phase") int phase,
            @JsonProperty("cycle_start") long cycleStart,
            @JsonProperty("yellow_start") Long yellowStart,
            @JsonProperty("red_start") Long redStart,
            @JsonProperty("cycle_end") long cycleEnd,
            @JsonProperty("arrivals_s") List<Double> arrivalsS)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return cycleStart;
        }
    }

    /** Volume over capacity of a phase in a bin: volume / (saturation flow × lanes × green time / elapsed time). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DegreeOfSaturation(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("phase") int phase,
            @JsonProperty("volume_vph") double volumeVph,
            @JsonProperty("lanes") int lanes,
            @JsonProperty("green_ratio") double greenRatio,
            @JsonProperty("saturation_flow_vphpl") double saturationFlowVphpl,
            @JsonProperty("degree_of_saturation") double degreeOfSaturation)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /**
     * Yellow and red actuations (red-light running): detector-ons of a phase's Yellow_Red detectors, moved earlier by
     * the latency offset, counted by the phase state they met (1 green, 8 yellow, 10 red) and their offset in seconds
     * from the cycle's begin red clearance (rounded to 0.5 s), over the cycles whose begin red clearance lies in the
     * bin.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record YellowRedActuations(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("phase") int phase,
            @JsonProperty("signal_state") int signalState,
            @JsonProperty("red_offset_s") double redOffsetS,
            @JsonProperty("total") long total)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return binStart;
        }
    }

    /**
     * One preemption cycle of a preempt input (ATSPM 5 "Preemption Details"): times are epoch ms (null when the
     * controller did not log that step), durations seconds. {@code entry_ts} is required: a call that never entered
     * preemption is not a cycle.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Preemption(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("preempt_number") int preemptNumber,
            @JsonProperty("call_ts") Long callTs,
            @JsonProperty("entry_ts") long entryTs,
            @JsonProperty("track_clear_ts") Long trackClearTs,
            @JsonProperty("dwell_ts") Long dwellTs,
            @JsonProperty("exit_ts") Long exitTs,
            @JsonProperty("input_off_ts") Long inputOffTs,
            @JsonProperty("delay_s") Double delayS,
            @JsonProperty("time_to_service_s") Double timeToServiceS,
            @JsonProperty("dwell_time_s") Double dwellTimeS,
            @JsonProperty("track_clear_s") Double trackClearS,
            @JsonProperty("max_presence_exceeded") boolean maxPresenceExceeded)
            implements SignalMeasure {
        /** The call if it was logged, else the entry. */
        @Override
        public long eventTs() {
            return callTs != null ? callTs : entryTs;
        }
    }

    /** A coordination change logged by the controller: new pattern (131), cycle length (132) or offset (133). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CoordinationChange(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("ts") long ts,
            @JsonProperty("kind") String kind,
            @JsonProperty("value") int value)
            implements SignalMeasure {
        public static final String PATTERN = "pattern";
        public static final String CYCLE_LENGTH = "cycle_length";
        public static final String OFFSET = "offset";

        @Override
        public long eventTs() {
            return ts;
        }
    }

    /** Observed cycle lengths of a phase (begin green to the next begin green) for the cycles ending in a bin. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CycleLength(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("bin_start") long binStart,
            @JsonProperty("phase") int phase,
            @JsonProperty("cycles") int cycles,
            @JsonProperty("mean_cycle_s") double meanCycleS,
            @JsonProperty("min_cycle_s") double minCycleS,
            @JsonProperty("max_cycle_s") double maxCycleS)
            implements SignalMeasure {
        @Override
        public long eventTs() {
            return binStart;
        }
    }
}
