package greenwave.jobs;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.bike.BikeJob;
import greenwave.jobs.common.ContractGate;
import greenwave.jobs.common.IcebergTable;
import greenwave.jobs.food.FoodJob;
import greenwave.jobs.plan.GreenWaveJob;
import greenwave.jobs.plan.PlanAckJob;
import greenwave.jobs.probe.ProbeDelayJob;
import greenwave.jobs.signal.SignalPipeline;
import greenwave.schemas.Contract;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The service topology, built the same way wherever it runs: {@code ./greenwave run}, {@code replay} and
 * {@code demo} on the local stack and {@link greenwave.cluster.ClusterJob} on a Flink cluster. The jobs in one
 * program: signal measures, probe delay (with a network), green-wave plans (with corridors), plan acks, bike zones,
 * food safety and the contract gate over the input topics no job reads; a {@link Selection} says which run (on a
 * cluster and in {@code ./greenwave run}: {@link Selection#all every one the reference data allows}).
 */
public final class GreenwaveTopology {
    private GreenwaveTopology() {}

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
    public static Set<String> topicsReadByJobs(
            GreenwaveConfig config, boolean probes, boolean planAcks, boolean bikes, boolean food) {
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
            for (Namespace namespace :
                    tables().stream().map(t -> t.id().namespace()).distinct().toList()) {
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
     * Which jobs run, and which input topics the contract gate checks. The signal measures job always runs.
     *
     * @param probes    the probe-delay job (needs a network)
     * @param greenWave the green-wave job (needs corridors in the network, and the probe-delay job's measures)
     * @param planAcks  the plan-ack job
     * @param bikes     the bike job
     * @param food      the food job
     * @param gated     the input topics the contract gate checks (topic → contract), in order; empty: no gate
     */
    public record Selection(
            boolean probes,
            boolean greenWave,
            boolean planAcks,
            boolean bikes,
            boolean food,
            Map<String, Contract> gated) {
        public Selection {
            if (greenWave && !probes) {
                throw new IllegalArgumentException("the green-wave job plans from the probe-delay job's measures");
            }
            gated = Collections.unmodifiableMap(new LinkedHashMap<>(gated));
        }

        /** The same selection without the plan-ack job. */
        public Selection withoutPlanAcks() {
            return new Selection(probes, greenWave, false, bikes, food, gated);
        }

        /**
         * Every job the reference data allows, as on a cluster and in {@code ./greenwave run}: probe delay with a
         * {@code network}, green waves with its corridors, and with {@code gate} the contract gate over the input
         * topics no job reads.
         */
        public static Selection all(GreenwaveConfig config, Network network, boolean gate) {
            boolean probes = network != null;
            Map<String, Contract> unread = new LinkedHashMap<>();
            if (gate) {
                unread.putAll(inputTopics(config));
                unread.keySet().removeAll(topicsReadByJobs(config, probes));
            }
            return new Selection(probes, probes && !network.corridors().isEmpty(), true, true, true, unread);
        }
    }

    /**
     * Where the Kafka sources start.
     *
     * @param inputs     the input topics (events, positions, the contract gate's topics)
     * @param references the bike job's reference topics (zones, blacklist)
     * @param planAcks   the plan-ack job's topics (the plans it tracks and their acks)
     */
    public record Offsets(OffsetsInitializer inputs, OffsetsInitializer references, OffsetsInitializer planAcks) {
        /** Every source starts from {@code offsets}. */
        public static Offsets everywhere(OffsetsInitializer offsets) {
            return new Offsets(offsets, offsets, offsets);
        }
    }

    /**
     * Adds the selected jobs to {@code env}.
     *
     * @param reference the reference data: the signal measures job's layouts, the probe-delay and green-wave jobs'
     *                  network, the bike job's zones and the food job's kitchens
     * @param bounded   the Kafka sources stop at the offsets current when the job starts
     */
    public static void add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            ReferenceData reference,
            Selection selection,
            CatalogLoader catalogLoader,
            boolean bounded,
            Offsets offsets) {
        if (selection.probes() && reference.network() == null) {
            throw new IllegalArgumentException("the probe-delay job needs a network");
        }
        DataStream<SignalMeasure> signalMeasures =
                SignalPipeline.add(env, config, reference.layouts(), catalogLoader, bounded, offsets.inputs());
        DataStream<ProbeMeasure> probeMeasures = null;
        if (selection.probes()) {
            probeMeasures =
                    ProbeDelayJob.add(env, config, reference.network(), catalogLoader, bounded, offsets.inputs());
        }
        if (selection.greenWave()) {
            GreenWaveJob.add(env, config, reference.network(), catalogLoader, signalMeasures, probeMeasures);
        }
        if (selection.planAcks()) {
            addPlanAcks(env, config, catalogLoader, bounded, offsets.planAcks());
        }
        if (selection.bikes()) {
            BikeJob.add(env, config, reference.zones(), catalogLoader, bounded, offsets.inputs(), offsets.references());
        }
        if (selection.food()) {
            FoodJob.add(env, config, reference.kitchens(), catalogLoader, bounded, offsets.inputs());
        }
        if (!selection.gated().isEmpty()) {
            ContractGate.add(env, config, selection.gated(), catalogLoader, bounded, offsets.inputs());
        }
    }

    /**
     * Adds the plan-ack job alone, as a bounded batch runs it once the batch is done: a bounded job cannot track the
     * plans it writes itself, so the batch's plans and acks are tracked by a second job.
     */
    public static void addPlanAcks(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            CatalogLoader catalogLoader,
            boolean bounded,
            OffsetsInitializer offsets) {
        PlanAckJob.add(env, config, catalogLoader, bounded, offsets);
    }
}
