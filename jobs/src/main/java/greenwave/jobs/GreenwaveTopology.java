package greenwave.jobs;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.bike.BikeJob;
import greenwave.jobs.common.ContractGate;
import greenwave.jobs.food.FoodJob;
import greenwave.jobs.plan.GreenWaveJob;
import greenwave.jobs.plan.PlanAckJob;
import greenwave.jobs.probe.ProbeDelayJob;
import greenwave.jobs.signal.SignalLayout;
import greenwave.jobs.signal.SignalPipeline;
import greenwave.schemas.BikeZone;
import greenwave.schemas.Contract;
import greenwave.schemas.Kitchen;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import greenwave.jobs.common.IcebergTable;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service topology, built the same way wherever it runs: {@code ./greenwave run} on the local stack and
 * {@link greenwave.cluster.ClusterJob} on a Flink cluster. Every job in one program: signal measures, probe delay
 * (with a {@code network}), green-wave plans (with corridors), plan acks, bike zones, food safety and, with
 * {@code gate}, the contract gate over the input topics no job reads.
 */
public final class GreenwaveTopology {
    private GreenwaveTopology() {
    }

    /** Input topic name (as configured) → its contract. */
    public static Map<String, Contract> inputTopics(GreenwaveConfig config) {
        GreenwaveConfig.Topics t = config.topics();
        Map<String, Contract> m = new LinkedHashMap<>();
        m.put(t.signalEvents(), Contract.SIGNAL_EVENTS);
        m.put(t.vehiclePositions(), Contract.VEHICLE_POSITIONS);
        m.put(t.bikeEvents(), Contract.BIKE_EVENTS);
        m.put(t.bikeZones(), Contract.BIKE_ZONES);
        m.put(t.bikeBlacklist(), Contract.BIKE_BLACKLIST);
        m.put(t.foodCameraEvents(), Contract.FOOD_CAMERA_EVENTS);
        m.put(t.foodSensorReadings(), Contract.FOOD_SENSOR_READINGS);
        m.put(t.foodOperations(), Contract.FOOD_OPERATIONS);
        m.put(t.foodKitchens(), Contract.FOOD_KITCHENS);
        m.put(t.planAcks(), Contract.SIGNAL_PLAN_ACKS);
        return m;
    }

    /** The input topics the service's jobs read themselves (with a network the probe job reads positions). */
    public static Set<String> topicsReadByJobs(GreenwaveConfig config, boolean probes) {
        return topicsReadByJobs(config, probes, true, true, true);
    }

    /**
     * The input topics the jobs read themselves (checking every record against the contract), given which of the
     * optional jobs run; the contract gate checks the others.
     */
    public static Set<String> topicsReadByJobs(GreenwaveConfig config, boolean probes, boolean planAcks,
            boolean bikes, boolean food) {
        GreenwaveConfig.Topics t = config.topics();
        Set<String> read = new HashSet<>(List.of(t.signalEvents()));
        if (probes) {
            read.add(t.vehiclePositions());
        }
        if (planAcks) {
            read.add(t.planAcks());
        }
        if (bikes) {
            read.addAll(List.of(t.bikeEvents(), t.bikeZones(), t.bikeBlacklist()));
        }
        if (food) {
            read.addAll(foodTopics(config));
        }
        return read;
    }

    /** The topics the food job reads. */
    public static List<String> foodTopics(GreenwaveConfig config) {
        GreenwaveConfig.Topics t = config.topics();
        return List.of(t.foodCameraEvents(), t.foodSensorReadings(), t.foodOperations());
    }

    /** Every Iceberg table the jobs write. */
    public static List<IcebergTable<?>> tables() {
        List<IcebergTable<?>> tables = new ArrayList<>();
        tables.addAll(SignalPipeline.tables());
        tables.addAll(ProbeDelayJob.tables());
        tables.addAll(GreenWaveJob.tables());
        tables.addAll(PlanAckJob.tables());
        tables.addAll(BikeJob.tables());
        tables.addAll(FoodJob.tables());
        return tables;
    }

    /** Creates every Iceberg namespace and table the jobs write (idempotent). */
    public static void ensureTables(Catalog catalog) {
        // Namespaces first, with a mutable (empty) property map: Iceberg 1.10's REST client NPEs on Map.of() there
        // (CreateNamespaceRequest asks the map for a null key), which TableSetup would pass.
        if (catalog instanceof SupportsNamespaces namespaces) {
            for (Namespace namespace : tables().stream().map(t -> t.id().namespace()).distinct().toList()) {
                if (!namespaces.namespaceExists(namespace)) {
                    try {
                        namespaces.createNamespace(namespace, new HashMap<>());
                    } catch (AlreadyExistsException raced) {
                        // created concurrently: fine
                    }
                }
            }
        }
        SignalPipeline.ensureTables(catalog);
        ProbeDelayJob.ensureTables(catalog);
        GreenWaveJob.ensureTables(catalog);
        PlanAckJob.ensureTables(catalog);
        BikeJob.ensureTables(catalog);
        FoodJob.ensureTables(catalog);
    }

    /**
     * Adds every job to {@code env}.
     *
     * @param layouts  detector layouts (network.json and/or detectors.csv)
     * @param network  the signal inventory, or null (then no probe-delay and no green-wave job)
     * @param zones    bike parking zones of zones.json, or null (zones from the bike.zones topic alone)
     * @param kitchens kitchens of kitchens.json, or null (default thresholds)
     * @param bounded  the Kafka sources stop at the offsets current when the job starts
     * @param offsets  where the sources start (reference topics of the bike job too)
     * @param gate     check the input topics no job reads against the contract
     */
    public static void add(StreamExecutionEnvironment env, GreenwaveConfig config, Map<String, SignalLayout> layouts,
                           Network network, List<BikeZone> zones, List<Kitchen> kitchens, CatalogLoader catalogLoader,
                           boolean bounded, OffsetsInitializer offsets, boolean gate) {
        DataStream<SignalMeasure> signalMeasures = SignalPipeline.add(env, config, layouts, catalogLoader, bounded,
                offsets);
        if (network != null) {
            DataStream<ProbeMeasure> probeMeasures = ProbeDelayJob.add(env, config, network, catalogLoader, bounded,
                    offsets);
            if (!network.corridors().isEmpty()) {
                GreenWaveJob.add(env, config, network, catalogLoader, signalMeasures, probeMeasures);
            }
        }
        PlanAckJob.add(env, config, catalogLoader, bounded, offsets);
        BikeJob.add(env, config, zones, catalogLoader, bounded, offsets, offsets);
        FoodJob.add(env, config, kitchens, catalogLoader, bounded, offsets);
        if (gate) {
            Map<String, Contract> unread = new LinkedHashMap<>(inputTopics(config));
            unread.keySet().removeAll(topicsReadByJobs(config, network != null));
            if (!unread.isEmpty()) {
                ContractGate.add(env, config, unread, catalogLoader, bounded, offsets);
            }
        }
    }
}
