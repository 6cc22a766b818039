package greenwave.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import greenwave.schemas.Contract;
import greenwave.schemas.PlausibleTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The one configuration of every job: topics, Kafka, checkpointing and the measures' thresholds and windows.
 * Defaults live in {@code greenwave-defaults.yaml} (documented there); a user file overrides any subset of keys.
 * Unknown keys are an error, so a typo never silently falls back to a default.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record GreenwaveConfig(
        @JsonProperty("kafka") Kafka kafka,
        @JsonProperty("topics") Topics topics,
        @JsonProperty("input") Input input,
        @JsonProperty("flink") Flink flink,
        @JsonProperty("signal") Signal signal,
        @JsonProperty("probe") Probe probe,
        @JsonProperty("plan") Plan plan,
        @JsonProperty("bike") Bike bike,
        @JsonProperty("food") Food food,
        @JsonProperty("iceberg") Iceberg iceberg)
        implements Serializable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public record Kafka(
            @JsonProperty("bootstrap_servers") String bootstrapServers,
            @JsonProperty("transaction_timeout_s") int transactionTimeoutS,
            @JsonProperty("transactional_id_prefix") String transactionalIdPrefix,
            @JsonProperty("group_id") String groupId,
            @JsonProperty("client_properties") Map<String, String> clientProperties)
            implements Serializable {

        /** Settings for every Kafka client of the jobs (security, TLS, timeouts), never null. */
        public Map<String, String> clientPropertiesOrEmpty() {
            return clientProperties == null ? Map.of() : clientProperties;
        }
    }

    public record Topics(
            @JsonProperty("signal_events") String signalEvents,
            @JsonProperty("signal_measures") String signalMeasures,
            @JsonProperty("probe_measures") String probeMeasures,
            @JsonProperty("vehicle_positions") String vehiclePositions,
            @JsonProperty("bike_events") String bikeEvents,
            @JsonProperty("bike_zones") String bikeZones,
            @JsonProperty("bike_blacklist") String bikeBlacklist,
            @JsonProperty("bike_dispatch_tasks") String bikeDispatchTasks,
            @JsonProperty("food_camera_events") String foodCameraEvents,
            @JsonProperty("food_sensor_readings") String foodSensorReadings,
            @JsonProperty("food_operations") String foodOperations,
            @JsonProperty("food_kitchens") String foodKitchens,
            @JsonProperty("timing_plans") String timingPlans,
            @JsonProperty("plan_acks") String planAcks,
            @JsonProperty("network") String network,
            @JsonProperty("alerts") String alerts,
            @JsonProperty("dlq") String dlq)
            implements Serializable {

        /** The configured topic of a topic contract (e.g. {@code SIGNAL_EVENTS} -> {@link #signalEvents()}). */
        public String of(Contract contract) {
            return switch (contract) {
                case SIGNAL_EVENTS -> signalEvents;
                case VEHICLE_POSITIONS -> vehiclePositions;
                case BIKE_EVENTS -> bikeEvents;
                case BIKE_ZONES -> bikeZones;
                case BIKE_BLACKLIST -> bikeBlacklist;
                case FOOD_CAMERA_EVENTS -> foodCameraEvents;
                case FOOD_SENSOR_READINGS -> foodSensorReadings;
                case FOOD_OPERATIONS -> foodOperations;
                case FOOD_KITCHENS -> foodKitchens;
                case SIGNAL_PLAN_ACKS -> planAcks;
                case SIGNAL_MEASURES -> signalMeasures;
                case PROBE_MEASURES -> probeMeasures;
                case SIGNAL_TIMING_PLANS -> timingPlans;
                case BIKE_DISPATCH_TASKS -> bikeDispatchTasks;
                case ALERTS -> alerts;
                case DLQ -> dlq;
                case NETWORK -> network;
                case ZONES, KITCHENS -> throw new IllegalArgumentException(contract + " is a file, not a topic");
            };
        }
    }

    public record Input(@JsonProperty("max_future_s") int maxFutureS) implements Serializable {

        /** Which record times the jobs accept, against the system clock. */
        public PlausibleTime plausibleTime() {
            return new PlausibleTime(Duration.ofSeconds(maxFutureS), Clock.systemUTC());
        }
    }

    public record Flink(
            @JsonProperty("checkpoint_interval_s") int checkpointIntervalS,
            @JsonProperty("checkpoint_timeout_s") int checkpointTimeoutS,
            @JsonProperty("tolerable_checkpoint_failures") int tolerableCheckpointFailures,
            @JsonProperty("parallelism") int parallelism)
            implements Serializable {}

    public record Signal(
            @JsonProperty("bin_minutes") int binMinutes,
            @JsonProperty("max_out_of_orderness_s") int maxOutOfOrdernessS,
            @JsonProperty("source_idleness_s") int sourceIdlenessS,
            @JsonProperty("device_idle_ttl_s") int deviceIdleTtlS,
            @JsonProperty("aog_latency_offset_s") double aogLatencyOffsetS,
            @JsonProperty("detector_on_gap_s") double detectorOnGapS,
            @JsonProperty("split_failure_red_window_s") double splitFailureRedWindowS,
            @JsonProperty("split_failure_green_occupancy") double splitFailureGreenOccupancy,
            @JsonProperty("split_failure_red_occupancy") double splitFailureRedOccupancy,
            @JsonProperty("saturation_flow_vphpl") double saturationFlowVphpl,
            @JsonProperty("result_max_wait_s") int resultMaxWaitS)
            implements Serializable {}

    public record Probe(
            @JsonProperty("max_out_of_orderness_s") int maxOutOfOrdernessS,
            @JsonProperty("source_idleness_s") int sourceIdlenessS,
            @JsonProperty("lane_width_m") double laneWidthM,
            @JsonProperty("gps_margin_m") double gpsMarginM,
            @JsonProperty("heading_tolerance_deg") double headingToleranceDeg,
            @JsonProperty("stop_speed_mps") double stopSpeedMps,
            @JsonProperty("move_speed_mps") double moveSpeedMps,
            @JsonProperty("max_sample_gap_s") double maxSampleGapS,
            @JsonProperty("max_link_travel_s") double maxLinkTravelS)
            implements Serializable {}

    /** Green-wave timing plans (spec measures.md §2); see the {@code plan:} section of the defaults file. */
    public record Plan(
            @JsonProperty("period_minutes") int periodMinutes,
            @JsonProperty("window_minutes") int windowMinutes,
            @JsonProperty("lost_time_per_phase_s") double lostTimePerPhaseS,
            @JsonProperty("critical_y_max") double criticalYMax,
            @JsonProperty("max_cycle_step_s") int maxCycleStepS,
            @JsonProperty("min_yellow_s") double minYellowS,
            @JsonProperty("min_red_clear_s") double minRedClearS,
            @JsonProperty("min_improvement") double minImprovement,
            @JsonProperty("min_travel_time_samples") int minTravelTimeSamples,
            @JsonProperty("effective_after_s") int effectiveAfterS,
            @JsonProperty("validity_minutes") int validityMinutes,
            @JsonProperty("ack_timeout_s") int ackTimeoutS)
            implements Serializable {}

    /** Shared-bike zone overflow (spec measures.md §3); see the {@code bike:} section of the defaults file. */
    public record Bike(
            @JsonProperty("max_out_of_orderness_s") int maxOutOfOrdernessS,
            @JsonProperty("source_idleness_s") int sourceIdlenessS,
            @JsonProperty("overflow_factor") double overflowFactor,
            @JsonProperty("overflow_open_after_s") int overflowOpenAfterS,
            @JsonProperty("overflow_close_after_s") int overflowCloseAfterS,
            @JsonProperty("dispatch_deadline_s") int dispatchDeadlineS,
            @JsonProperty("max_escalation_level") int maxEscalationLevel,
            @JsonProperty("reflow_episode_s") int reflowEpisodeS,
            @JsonProperty("disorderly_grid_deg") double disorderlyGridDeg,
            @JsonProperty("snapshot_minutes") int snapshotMinutes,
            @JsonProperty("bike_idle_ttl_s") long bikeIdleTtlS,
            @JsonProperty("blacklist_lifted_keep_s") long blacklistLiftedKeepS)
            implements Serializable {}

    /** Food-safety violations (spec measures.md §4); see the {@code food:} section of the defaults file. */
    public record Food(
            @JsonProperty("max_out_of_orderness_s") int maxOutOfOrdernessS,
            @JsonProperty("source_idleness_s") int sourceIdlenessS,
            @JsonProperty("min_confidence") double minConfidence,
            @JsonProperty("cold_chain_grace_s") int coldChainGraceS,
            @JsonProperty("cold_chain_critical_after_s") int coldChainCriticalAfterS,
            @JsonProperty("cold_chain_critical_celsius") double coldChainCriticalCelsius,
            @JsonProperty("hot_holding_grace_s") int hotHoldingGraceS,
            @JsonProperty("hygiene_count") int hygieneCount,
            @JsonProperty("hygiene_window_s") int hygieneWindowS,
            @JsonProperty("hazard_join_s") int hazardJoinS,
            @JsonProperty("sample_window_s") int sampleWindowS,
            @JsonProperty("sample_min_grams") double sampleMinGrams,
            @JsonProperty("disinfection_lookback_s") int disinfectionLookbackS,
            @JsonProperty("disinfection_min_minutes") double disinfectionMinMinutes,
            @JsonProperty("offline_gap_s") int offlineGapS,
            @JsonProperty("receipt_retention_days") int receiptRetentionDays,
            @JsonProperty("silent_sensor_close_s") long silentSensorCloseS,
            @JsonProperty("thresholds") Map<String, FoodThresholds> thresholds)
            implements Serializable {}

    /** Temperature limits of one kitchen kind (or {@code default}); a missing key falls back to {@code default}. */
    public record FoodThresholds(
            @JsonProperty("fridge_max_c") Double fridgeMaxC,
            @JsonProperty("sample_fridge_max_c") Double sampleFridgeMaxC,
            @JsonProperty("freezer_max_c") Double freezerMaxC,
            @JsonProperty("hot_holding_min_c") Double hotHoldingMinC)
            implements Serializable {}

    /**
     * The Iceberg catalog the jobs commit to; see the {@code iceberg:} section of the defaults file. An empty
     * {@code catalog} means the local stack's own warehouse (the {@code ./greenwave} commands); on a cluster it holds
     * Iceberg catalog properties ({@code type} rest/jdbc/hadoop or {@code catalog-impl}, {@code uri},
     * {@code warehouse}, {@code io-impl}, ...).
     */
    public record Iceberg(
            @JsonProperty("catalog_name") String catalogName,
            @JsonProperty("catalog") Map<String, String> catalog) implements Serializable {

        /** Catalog properties as given, never null. */
        public Map<String, String> catalogProperties() {
            return catalog == null ? Map.of() : catalog;
        }
    }

    /** The shipped defaults. */
    public static GreenwaveConfig defaults() {
        return load(null);
    }

    /** Defaults overridden by the keys present in {@code userFile} (null: defaults only). */
    public static GreenwaveConfig load(Path userFile) {
        try {
            JsonNode merged = readDefaults();
            if (userFile != null) {
                JsonNode user = YAML.readTree(Files.readAllBytes(userFile));
                if (user != null && !user.isMissingNode() && !user.isNull()) {
                    if (!user.isObject()) {
                        throw new IllegalArgumentException(userFile + ": the configuration must be a YAML mapping");
                    }
                    merge((ObjectNode) merged, user);
                }
            }
            return YAML.treeToValue(merged, GreenwaveConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read configuration " + (userFile == null ? "defaults" : userFile) + ": " + e.getMessage(),
                    e);
        }
    }

    /** A copy with other Kafka bootstrap servers (the local stack's broker). */
    public GreenwaveConfig withBootstrapServers(String bootstrapServers) {
        return new GreenwaveConfig(
                new Kafka(
                        bootstrapServers,
                        kafka.transactionTimeoutS,
                        kafka.transactionalIdPrefix,
                        kafka.groupId,
                        kafka.clientProperties),
                topics,
                input,
                flink,
                signal,
                probe,
                plan,
                bike,
                food,
                iceberg);
    }

    private static JsonNode readDefaults() throws IOException {
        try (InputStream in = GreenwaveConfig.class.getResourceAsStream("/greenwave-defaults.yaml")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("greenwave-defaults.yaml missing from the classpath"));
            }
            return YAML.readTree(in);
        }
    }

    /** Deep-merges {@code override} into {@code base}: mappings merge key by key, anything else replaces. */
    private static void merge(ObjectNode base, JsonNode override) {
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject
                    && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }
}
