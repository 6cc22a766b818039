package greenwave.schemas;

import java.util.Arrays;
import java.util.List;

/**
 * Every schema of the wire contract ({@code spec/contract.md}): its default topic or file name, its JSON Schema
 * resource and the Java type it decodes to. Topic names are defaults only; jobs take the real names from configuration.
 * Decode and encode with {@link ContractCodec}.
 */
public enum Contract {
    // ---- inputs
    SIGNAL_EVENTS("signal.events", SignalEvent.class, "device_id", Kind.TOPIC),
    VEHICLE_POSITIONS("vehicle.positions", VehiclePosition.class, "vehicle_id", Kind.TOPIC),
    BIKE_EVENTS("bike.events", BikeEvent.class, "bike_id", Kind.TOPIC),
    /** One zone per record (compacted topic). For the file {@code zones.json} see {@link #ZONES}. */
    BIKE_ZONES("bike.zones", BikeZone.class, "zone_id", Kind.TOPIC),
    BIKE_BLACKLIST("bike.blacklist", BlacklistEntry.class, "bike_id", Kind.TOPIC),
    FOOD_CAMERA_EVENTS("food.camera-events", CameraEvent.class, "kitchen_id", Kind.TOPIC),
    FOOD_SENSOR_READINGS("food.sensor-readings", SensorReading.class, "kitchen_id", Kind.TOPIC),
    FOOD_OPERATIONS("food.operations", KitchenOperation.class, "kitchen_id", Kind.TOPIC),
    /** One kitchen per record (compacted topic). For the file {@code kitchens.json} see {@link #KITCHENS}. */
    FOOD_KITCHENS("food.kitchens", Kitchen.class, "kitchen_id", Kind.TOPIC),
    /** Signal-control system acknowledgements: an input to the pipeline, listed with the outputs in the contract. */
    SIGNAL_PLAN_ACKS("signal.plan-acks", PlanAck.class, "device_id", Kind.TOPIC),

    // ---- reference files
    /**
     * The road network: file {@code network.json}, or one whole document per record on the compacted topic
     * {@code network} (the contract names no key there; {@link #keyField()} is null). Use
     * {@link ContractCodec#decodeNetwork}.
     */
    NETWORK("network.json", Network.class, null, Kind.FILE),
    /** The file {@code zones.json}: an array of {@link BikeZone} or {"zones": [...]}; use {@link ContractCodec#decodeZones}. */
    ZONES("zones.json", BikeZone.class, null, Kind.LIST_FILE),
    /** The file {@code kitchens.json}: an array of {@link Kitchen} or {"kitchens": [...]}; use {@link ContractCodec#decodeKitchens}. */
    KITCHENS("kitchens.json", Kitchen.class, null, Kind.LIST_FILE),

    // ---- outputs
    SIGNAL_MEASURES("signal.measures", SignalMeasure.class, "device_id", Kind.TOPIC),
    /**
     * Probe-vehicle measures ({@link ProbeMeasure}). Keyed per record kind: {@code device_id} for approach delay,
     * {@code corridor_id} for link travel times ({@link #keyOf}); {@link #keyField()} names {@code device_id}.
     */
    PROBE_MEASURES("probe.measures", ProbeMeasure.class, "device_id", Kind.TOPIC),
    SIGNAL_TIMING_PLANS(
            "signal.timing-plans",
            TimingPlan.class,
            "device_id",
            Kind.TOPIC,
            new Command("the signal-control system", "the green-wave planner")),
    BIKE_DISPATCH_TASKS(
            "bike.dispatch-tasks",
            DispatchTask.class,
            "zone_id",
            Kind.TOPIC,
            new Command("the bike operators", "the shared-bike job")),
    ALERTS("alerts", Alert.class, "subject_id", Kind.TOPIC),
    /** Dead letters. The contract names no key; we key by {@code source_topic}. */
    DLQ("dlq", DeadLetter.class, "source_topic", Kind.TOPIC);

    /** How records of a schema travel. */
    public enum Kind {
        /** One JSON object per Kafka record. */
        TOPIC,
        /** A reference file holding one JSON object. */
        FILE,
        /** A reference file holding a list: a JSON array or an object wrapping it. */
        LIST_FILE
    }

    /**
     * What makes a topic a command topic: its records are orders that a system outside the pipeline carries out
     * (a controller runs the timing, an operator sends a crew), so only the one job that is checked to send safe
     * commands may write it.
     *
     * @param recipient who carries the commands out, e.g. "the signal-control system"
     * @param writer    the only writer, e.g. "the green-wave planner"
     */
    public record Command(String recipient, String writer) {}

    private final String defaultName;
    private final Class<?> javaType;
    private final String keyField;
    private final Kind kind;
    private final Command command;

    Contract(String defaultName, Class<?> javaType, String keyField, Kind kind) {
        this(defaultName, javaType, keyField, kind, null);
    }

    Contract(String defaultName, Class<?> javaType, String keyField, Kind kind, Command command) {
        this.defaultName = defaultName;
        this.javaType = javaType;
        this.keyField = keyField;
        this.kind = kind;
        this.command = command;
    }

    /** The default topic name (e.g. {@code signal.events}) or file name (e.g. {@code network.json}). */
    public String defaultName() {
        return defaultName;
    }

    /** The default topic, or null for the reference files. */
    public String defaultTopic() {
        return kind == Kind.TOPIC ? defaultName : null;
    }

    /** The classpath resource of the JSON Schema, e.g. {@code schemas/signal.events.schema.json}. */
    public String schemaResource() {
        String base =
                kind == Kind.TOPIC ? defaultName : defaultName.substring(0, defaultName.length() - ".json".length());
        return "schemas/" + base + ".schema.json";
    }

    /** The Java type of one record; for {@link Kind#LIST_FILE} schemas, the type of one list element. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The JSON field whose value is the Kafka record key (e.g. {@code device_id}); null for the reference files. */
    public String keyField() {
        return keyField;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this is a command topic: only its one job writes it (no SQL table, tool or other principal). */
    public boolean isCommandTopic() {
        return command != null;
    }

    /** Who carries out this command topic's records and who alone writes them; null unless a command topic. */
    public Command command() {
        return command;
    }

    /** The contract with this default topic or file name. */
    public static Contract forName(String defaultName) {
        return Arrays.stream(values())
                .filter(c -> c.defaultName.equals(defaultName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no contract named " + defaultName));
    }

    /** The contracts of Kafka topics (everything except the reference files). */
    public static List<Contract> topics() {
        return Arrays.stream(values()).filter(c -> c.kind == Kind.TOPIC).toList();
    }

    /** The command topics ({@link #isCommandTopic()}). */
    public static List<Contract> commandTopics() {
        return Arrays.stream(values()).filter(Contract::isCommandTopic).toList();
    }

    /**
     * The record key of a value of this contract: the value of {@link #keyField()}, or null when the contract has no
     * key field. Accessors instead of reflection: this runs per record.
     *
     * @throws IllegalArgumentException if {@code value} is not of this contract's type
     */
    public String keyOf(Object value) {
        if (!javaType.isInstance(value)) {
            throw new IllegalArgumentException(name() + " expects " + javaType.getName() + ", got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return switch (this) {
            case SIGNAL_EVENTS -> ((SignalEvent) value).deviceId();
            case VEHICLE_POSITIONS -> ((VehiclePosition) value).vehicleId();
            case BIKE_EVENTS -> ((BikeEvent) value).bikeId();
            case BIKE_ZONES -> ((BikeZone) value).zoneId();
            case BIKE_BLACKLIST -> ((BlacklistEntry) value).bikeId();
            case FOOD_CAMERA_EVENTS -> ((CameraEvent) value).kitchenId();
            case FOOD_SENSOR_READINGS -> ((SensorReading) value).kitchenId();
            case FOOD_OPERATIONS -> ((KitchenOperation) value).kitchenId();
            case FOOD_KITCHENS -> ((Kitchen) value).kitchenId();
            case SIGNAL_PLAN_ACKS -> ((PlanAck) value).deviceId();
            case SIGNAL_MEASURES -> ((SignalMeasure) value).deviceId();
            case PROBE_MEASURES -> ((ProbeMeasure) value).key();
            case SIGNAL_TIMING_PLANS -> ((TimingPlan) value).deviceId();
            case BIKE_DISPATCH_TASKS -> ((DispatchTask) value).zoneId();
            case ALERTS -> ((Alert) value).subjectId();
            case DLQ -> ((DeadLetter) value).sourceTopic();
            case NETWORK, ZONES, KITCHENS -> null;
        };
    }
}
