package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one encoding of the wire contract: every job, test and tool reads and writes contract records through this class.
 *
 * <p>Decoding is two steps. First the payload is checked against the contract's JSON Schema
 * ({@code src/main/resources/schemas/*.schema.json}, draft 2020-12): that is where "required", "strict types" and
 * "ranges and enums" live, and where the human-readable reason comes from. Only a valid payload is then mapped to its
 * Java record with Jackson. Bad input never throws from {@link #decode}: it becomes a {@link Decoded#failure} whose
 * reason names the field, ready for {@link DeadLetter#of}.
 *
 * <p>An instance is immutable and thread-safe; {@link #create()} compiles all schemas once (slowish), after which
 * {@link #decode} is cheap. It is not {@link java.io.Serializable}: in a Flink function, get it in {@code open()}, e.g.
 * from {@link #shared()}, rather than holding it in a field set at job-graph time.
 *
 * <p>Hostile input is bounded: nesting deeper than {@value #MAX_NESTING_DEPTH} levels, a string longer than
 * {@value #MAX_STRING_CHARS} characters and a number literal longer than {@value #MAX_NUMBER_CHARS} characters are
 * rejected while parsing (no stack overflow, no huge allocation), and numbers must be finite: {@code NaN},
 * {@code Infinity} and a literal that overflows a double ({@code 1e400}) are malformed. A {@code ts} must be
 * plausible ({@link PlausibleTime}) when the record is decoded.
 *
 * <p>A {@code null} or empty Kafka value (a tombstone on a compacted topic) is not a record: {@link #decode} reports it
 * as a failure ("not JSON: empty payload"); readers of compacted topics handle tombstones before decoding.
 *
 * <p>Reference data is also checked as a whole ({@link ReferenceCheck}): a {@code network} or {@code bike.zones} record
 * breaking a rule across its elements is a failure like a schema violation, and the reference files
 * ({@link #decodeNetwork}, {@link #decodeZones}, {@link #decodeKitchens}) are refused with every error, one per line.
 */
public final class ContractCodec {
    /**
     * The top-level times a consumer takes as event time: an event's {@code ts}, a measure's {@code bin_start}, a PCD
     * cycle's {@code cycle_start} and a preemption's {@code call_ts} / {@code entry_ts} (the green-wave planner's event
     * time). Each must be plausible
     * ({@link PlausibleTime}): one far-future measure would otherwise move the planner's watermark.
     */
    private static final List<String> TIME_FIELDS = List.of("ts", "bin_start", "cycle_start", "call_ts", "entry_ts");

    /** Schemas declare {@code $id}s under this prefix; it is mapped to the classpath so {@code $ref}s resolve offline. */
    static final String SCHEMA_ID_PREFIX = "https://greenwave.city/schemas/";

    private static final int MAX_REASONS = 3;
    private static final int MAX_REASON_CHARS = 500;
    /** No contract record nests more than a few levels (network.json polygons: 5); 64 leaves room, not a stack. */
    static final int MAX_NESTING_DEPTH = 64;
    /** The longest contract string is a dead letter's payload (base64 of 64 KiB: 87 382 chars); longer is garbage. */
    static final int MAX_STRING_CHARS = 128 * 1024;
    /** A double needs at most ~25 characters; 100 allows any sane integer or decimal. */
    static final int MAX_NUMBER_CHARS = 100;

    private final ObjectMapper mapper;
    private final Map<Contract, JsonSchema> schemas;

    private ContractCodec(ObjectMapper mapper, Map<Contract, JsonSchema> schemas) {
        this.mapper = mapper;
        this.schemas = schemas;
    }

    /** One codec per class loader, created on first use: saves compiling the schemas again in every operator. */
    public static ContractCodec shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final ContractCodec INSTANCE = create();
    }

    /** A codec with every contract schema loaded and compiled. */
    public static ContractCodec create() {
        JsonFactory json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_CHARS)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .build())
                .build();
        ObjectMapper mapper = JsonMapper.builder(json)
                // A duplicated key is ambiguous (which value wins?): reject the record rather than guess.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "{...} garbage" is not one JSON object.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Producers may add fields (the records also say ignoreUnknown).
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Optional fields are left out rather than written as null.
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix(SCHEMA_ID_PREFIX, "classpath:schemas/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                // The contract's "strict types": "1" (a string) is not an integer, 1.5 is not an integer.
                .typeLoose(false)
                // JSON Schema semantics, not Java's: 1.5 is not an integer; 1.0 is (as any 2020-12 validator says).
                .javaSemantics(false)
                // Reasons name fields as "$.ts", "$.polygon[1][0]" (the default for 2020-12 would be "/ts").
                .pathType(PathType.LEGACY)
                .build();
        Map<Contract, JsonSchema> schemas = new EnumMap<>(Contract.class);
        for (Contract c : Contract.values()) {
            String id = SCHEMA_ID_PREFIX + c.schemaResource().substring("schemas/".length());
            JsonSchema schema = factory.getSchema(SchemaLocation.of(id), config);
            // Compile now (including $refs) instead of lazily on the first record, which is also not thread-safe.
            schema.initializeValidators();
            schemas.put(c, schema);
        }
        return new ContractCodec(mapper, schemas);
    }

    /** {@link #decode(Contract, byte[], Class, PlausibleTime)} with the contract's default plausible time. */
    public <T> Decoded<T> decode(Contract contract, byte[] payload, Class<T> type) {
        return decode(contract, payload, type, PlausibleTime.defaults());
    }

    /**
     * Decodes one record of a topic contract. Never throws for bad input: a payload that is not UTF-8, not JSON, not a
     * JSON object, not valid against the schema, with an implausible {@code ts} or, for reference data, failing
     * {@link ReferenceCheck} gives {@link Decoded#failure} with a short reason naming the field or element, e.g.
     * {@code "$.ts: string found, integer expected"}, {@code "zone z7: polygon is not a valid simple polygon (...)"}.
     *
     * @param type      the contract's Java type, or a subtype/supertype of it (e.g. {@code SignalMeasure.Actuations})
     * @param plausible which top-level {@code ts} values are accepted (not checked for {@code dlq}, whose {@code ts}
     *                  is a Kafka timestamp of another record)
     * @throws IllegalArgumentException for programming errors: a list-file contract or a type that does not fit
     */
    public <T> Decoded<T> decode(Contract contract, byte[] payload, Class<T> type, PlausibleTime plausible) {
        Decoded<T> decoded = decodeRecord(contract, payload, type, plausible);
        if (!decoded.ok()) {
            return decoded;
        }
        List<String> errors = referenceErrors(decoded.value());
        return errors.isEmpty() ? decoded : Decoded.failure(shorten(String.join("; ", errors)));
    }

    /** The cross-element errors of a reference record ({@link ReferenceCheck}); none for other records. */
    private static List<String> referenceErrors(Object value) {
        if (value instanceof Network network) {
            return ReferenceCheck.network(network);
        }
        if (value instanceof BikeZone zone) {
            return ReferenceCheck.zone(zone);
        }
        return List.of();
    }

    /** {@link #decode} without the reference check. */
    private <T> Decoded<T> decodeRecord(Contract contract, byte[] payload, Class<T> type, PlausibleTime plausible) {
        if (contract.kind() == Contract.Kind.LIST_FILE) {
            throw new IllegalArgumentException(contract + " holds a list; use decodeZones/decodeKitchens");
        }
        if (!type.isAssignableFrom(contract.javaType()) && !contract.javaType().isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    contract + " decodes to " + contract.javaType().getName() + ", not " + type.getName());
        }
        JsonNode node;
        try {
            node = parse(payload);
        } catch (BadPayload e) {
            return Decoded.failure(e.getMessage());
        }
        if (!node.isObject()) {
            return Decoded.failure(
                    "not a JSON object: " + node.getNodeType().name().toLowerCase() + " found");
        }
        String violation = violation(contract, node);
        if (violation != null) {
            return Decoded.failure(violation);
        }
        if (contract != Contract.DLQ) {
            for (String field : TIME_FIELDS) {
                JsonNode ts = node.get(field);
                if (ts != null && ts.canConvertToExactIntegral() && ts.canConvertToLong()) {
                    String implausible = plausible.reasonAgainst(field, ts.longValue());
                    if (implausible != null) {
                        return Decoded.failure(implausible);
                    }
                }
            }
        }
        try {
            return Decoded.ok(mapper.treeToValue(node, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Valid against the schema but not mappable, e.g. an integer too large for a Java int/long.
            return Decoded.failure(mappingReason(e));
        }
    }

    /**
     * Checks a payload against a contract's schema (any kind, list files included) without mapping it.
     *
     * @return the reason it is invalid, or empty when it is valid
     */
    public Optional<String> validate(Contract contract, byte[] payload) {
        try {
            return Optional.ofNullable(violation(contract, parse(payload)));
        } catch (BadPayload e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Reads {@code network.json} (or a record of the {@code network} topic); fails loudly on any violation, listing
     * every {@link ReferenceCheck#network} error.
     */
    public Network decodeNetwork(byte[] payload) {
        Decoded<Network> d = decodeRecord(Contract.NETWORK, payload, Network.class, PlausibleTime.defaults());
        if (!d.ok()) {
            throw new IllegalArgumentException(Contract.NETWORK.defaultName() + ": " + d.error());
        }
        return refuseIfInconsistent(Contract.NETWORK, d.value(), ReferenceCheck.network(d.value()));
    }

    /** Reads {@code zones.json}: a JSON array of zones or {"zones": [...]}; fails loudly on any violation. */
    public List<BikeZone> decodeZones(byte[] payload) {
        List<BikeZone> zones = decodeList(Contract.ZONES, "zones", payload, BikeZone.class);
        return refuseIfInconsistent(Contract.ZONES, zones, ReferenceCheck.zones(zones));
    }

    /** Reads {@code kitchens.json}: a JSON array of kitchens or {"kitchens": [...]}; fails loudly on any violation. */
    public List<Kitchen> decodeKitchens(byte[] payload) {
        List<Kitchen> kitchens = decodeList(Contract.KITCHENS, "kitchens", payload, Kitchen.class);
        return refuseIfInconsistent(Contract.KITCHENS, kitchens, ReferenceCheck.kitchens(kitchens));
    }

    /** The JSON of a contract record as UTF-8 bytes (a {@link SignalMeasure} carries its {@code "measure"}). */
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON of a contract record as a string. */
    public String toJson(Object value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /** The Kafka record key of a value (the contract's key field, e.g. {@code device_id}); null for reference files. */
    public String key(Contract contract, Object value) {
        return contract.keyOf(value);
    }

    /** {@link #key} as UTF-8 bytes, as Kafka wants it; null when there is no key. */
    public byte[] keyBytes(Contract contract, Object value) {
        String key = key(contract, value);
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------------------

    /** The reference data when it has no errors; else an exception listing them all, one per line. */
    private static <T> T refuseIfInconsistent(Contract contract, T data, List<String> errors) {
        if (errors.isEmpty()) {
            return data;
        }
        StringBuilder message = new StringBuilder(contract.defaultName())
                .append(": ")
                .append(errors.size())
                .append(errors.size() == 1 ? " error" : " errors");
        errors.forEach(e -> message.append(System.lineSeparator()).append("  ").append(e));
        throw new IllegalArgumentException(message.toString());
    }

    private <E> List<E> decodeList(Contract contract, String wrapper, byte[] payload, Class<E> elementType) {
        JsonNode node;
        try {
            node = parse(payload);
        } catch (BadPayload e) {
            throw new IllegalArgumentException(contract.defaultName() + ": " + e.getMessage());
        }
        String violation = violation(contract, node);
        if (violation != null) {
            throw new IllegalArgumentException(contract.defaultName() + ": " + violation);
        }
        JsonNode array = node.isArray() ? node : node.get(wrapper);
        List<E> out = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            try {
                out.add(mapper.treeToValue(element, elementType));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(contract.defaultName() + ": " + mappingReason(e), e);
            }
        }
        return List.copyOf(out);
    }

    /** Strict UTF-8, then JSON. */
    private JsonNode parse(byte[] payload) throws BadPayload {
        if (payload == null || payload.length == 0) {
            throw new BadPayload("not JSON: empty payload");
        }
        // Jackson alone would let some invalid UTF-8 through; the contract says UTF-8, so check it strictly.
        String text = DeadLetter.strictUtf8(payload);
        if (text == null) {
            throw new BadPayload("not UTF-8: malformed byte sequence");
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new BadPayload("not JSON: no content");
            }
            String nonFinite = nonFiniteNumber(node);
            if (nonFinite != null) {
                throw new BadPayload(shorten("$" + nonFinite + ": not a finite number (overflows a double)"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadPayload("not JSON: " + shorten(e.getOriginalMessage()) + location(e));
        } catch (IOException e) {
            throw new BadPayload("not JSON: " + shorten(e.getMessage()));
        }
    }

    /**
     * Where the first number that is not a finite double is, relative to {@code node} (e.g. {@code ".speed_mps"}),
     * or null. Jackson rejects {@code NaN} and {@code Infinity} tokens itself but reads {@code 1e400} as infinity.
     */
    private static String nonFiniteNumber(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return Double.isFinite(node.doubleValue()) ? null : "";
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String below = nonFiniteNumber(field.getValue());
                if (below != null) {
                    return "." + field.getKey() + below;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String below = nonFiniteNumber(node.get(i));
                if (below != null) {
                    return "[" + i + "]" + below;
                }
            }
        }
        return null;
    }

    /** The schema violations of a parsed payload as one short reason, or null when it is valid. */
    private String violation(Contract contract, JsonNode node) {
        Set<ValidationMessage> messages = schemas.get(contract).validate(node);
        if (messages.isEmpty()) {
            return null;
        }
        StringBuilder reason = new StringBuilder();
        Iterator<ValidationMessage> it = messages.iterator();
        for (int i = 0; i < MAX_REASONS && it.hasNext(); i++) {
            if (i > 0) {
                reason.append("; ");
            }
            // e.g. "$.ts: string found, integer expected", "$: required property 'lat' not found"
            reason.append(it.next().getMessage());
        }
        if (messages.size() > MAX_REASONS) {
            reason.append("; (").append(messages.size() - MAX_REASONS).append(" more)");
        }
        return shorten(reason.toString());
    }

    private static String mappingReason(Exception e) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder("$");
            for (JsonMappingException.Reference ref : jme.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append('.').append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path + ": " + shorten(jme.getOriginalMessage());
        }
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return "cannot map: " + shorten(message);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_REASON_CHARS ? oneLine : oneLine.substring(0, MAX_REASON_CHARS) + "...";
    }

    /** Internal: a payload that is not UTF-8 JSON, with its reason. */
    private static final class BadPayload extends Exception {
        BadPayload(String reason) {
            super(reason, null, false, false);
        }
    }
}
