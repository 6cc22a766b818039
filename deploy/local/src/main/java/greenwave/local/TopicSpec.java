package greenwave.local;

import greenwave.config.GreenwaveConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a topic of the local broker is laid out: its partition count and topic-level configs.
 *
 * @param partitions number of partitions (at least 1)
 * @param configs    topic configs, e.g. {@code cleanup.policy=compact}
 */
public record TopicSpec(int partitions, Map<String, String> configs) {

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
    }

    /** A plain (delete-retention) topic. */
    public static TopicSpec of(int partitions) {
        return new TopicSpec(partitions, Map.of());
    }

    /** A log-compacted topic ({@code cleanup.policy=compact}), for reference data keyed by entity id. */
    public static TopicSpec compacted(int partitions) {
        return new TopicSpec(partitions, Map.of("cleanup.policy", "compact"));
    }

    /**
     * Every topic of {@code config}: {@code partitions} partitions each, the reference topics (network, zones,
     * blacklist, kitchens) compacted with one.
     */
    public static Map<String, TopicSpec> allOf(GreenwaveConfig config, int partitions) {
        GreenwaveConfig.Topics t = config.topics();
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        for (String name : List.of(
                t.signalEvents(),
                t.signalMeasures(),
                t.probeMeasures(),
                t.vehiclePositions(),
                t.bikeEvents(),
                t.bikeDispatchTasks(),
                t.foodCameraEvents(),
                t.foodSensorReadings(),
                t.foodOperations(),
                t.timingPlans(),
                t.planAcks(),
                t.alerts(),
                t.dlq())) {
            topics.put(name, of(partitions));
        }
        for (String name : List.of(t.network(), t.bikeZones(), t.bikeBlacklist(), t.foodKitchens())) {
            topics.put(name, compacted(1));
        }
        return topics;
    }

    /** This spec with one more topic config. */
    public TopicSpec with(String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(configs);
        c.put(key, value);
        return new TopicSpec(partitions, c);
    }

    public boolean isCompacted() {
        return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
    }
}
