package greenwave.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL columns of a topic contract, derived from its JSON Schema file, so SQL tables over the topics use the one
 * encoding in {@code schemas/} instead of a second, hand-written copy of every field.
 *
 * <p>The columns are the schema's top-level {@code properties}, then the properties its {@code allOf} branches add
 * ({@code then} / {@code $ref} into {@code $defs}; e.g. each {@code measure} kind of {@code signal.measures}), in order
 * of first appearance. Types, as Flink SQL type strings:
 * <pre>
 *   string  -> STRING        integer -> BIGINT       number -> DOUBLE     boolean -> BOOLEAN
 *   array   -> ARRAY&lt;items&gt; (a tuple of one type, e.g. [lon, lat]: ARRAY of that type)
 *   object with properties -> ROW&lt;...&gt;
 *   object without properties (free-form, e.g. an alert's details) -> MAP&lt;STRING, STRING&gt;: read, each value
 *       as text (a nested value as its JSON); written, a JSON object, as the contract requires
 *   anything else -> STRING (the JSON text of the value)
 * </pre>
 * A {@code ["number", "null"]} type is its non-null part. A field that two branches type differently (integer in one,
 * number in another) gets the wider type (DOUBLE; STRING if nothing wider fits). Every column is nullable: a record of
 * one {@code measure} kind leaves the other kinds' fields empty.
 */
public final class SqlColumns {

    /** One column: its JSON field name, Flink SQL type and the schema's description. */
    public record Column(String name, String sqlType, String description) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each topic's columns, derived once: every SQL session's catalog asks for all of them. */
    private static final Map<Contract, List<Column>> COLUMNS = new ConcurrentHashMap<>();

    private static final Map<Contract, String> DESCRIPTIONS = new ConcurrentHashMap<>();

    private SqlColumns() {}

    /** The columns of a topic contract, in order. */
    public static List<Column> of(Contract contract) {
        if (contract.kind() != Contract.Kind.TOPIC) {
            throw new IllegalArgumentException(contract + " is a reference file, not a topic");
        }
        return COLUMNS.computeIfAbsent(contract, SqlColumns::derive);
    }

    private static List<Column> derive(Contract contract) {
        JsonNode root = load(contract.schemaResource());
        Map<String, Column> columns = new LinkedHashMap<>();
        collect(root, root, columns);
        // a field no branch types fully (e.g. an array without items) is its JSON text
        return columns.values().stream()
                .map(c -> c.sqlType() != null ? c : new Column(c.name(), "STRING", c.description()))
                .toList();
    }

    /** The schema's own description (the table comment). */
    public static String description(Contract contract) {
        return DESCRIPTIONS.computeIfAbsent(
                contract, c -> load(c.schemaResource()).path("description").asText(""));
    }

    private static void collect(JsonNode root, JsonNode schema, Map<String, Column> columns) {
        JsonNode node = resolve(root, schema);
        Iterator<Map.Entry<String, JsonNode>> fields = node.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode property = resolve(root, field.getValue());
            String type = sqlType(root, property);
            Column known = columns.get(field.getKey());
            if (known == null) {
                columns.put(
                        field.getKey(),
                        new Column(
                                field.getKey(),
                                type,
                                property.path("description").asText("")));
            } else if (known.sqlType() == null) {
                columns.put(field.getKey(), new Column(known.name(), type, known.description()));
            } else if (type != null && !known.sqlType().equals(type)) {
                columns.put(
                        field.getKey(), new Column(known.name(), wider(known.sqlType(), type), known.description()));
            }
        }
        for (JsonNode branch : node.path("allOf")) {
            collect(root, branch, columns);
            if (branch.has("then")) {
                collect(root, branch.get("then"), columns);
            }
            if (branch.has("else")) {
                collect(root, branch.get("else"), columns);
            }
        }
    }

    /**
     * The SQL type of a property, or null when this schema does not say enough (an array without {@code items}, a
     * branch that only adds a constraint): another branch may.
     */
    private static String sqlType(JsonNode root, JsonNode schema) {
        JsonNode node = resolve(root, schema);
        String type = jsonType(node);
        switch (type) {
            case "string":
                return "STRING";
            case "integer":
                return "BIGINT";
            case "number":
                return "DOUBLE";
            case "boolean":
                return "BOOLEAN";
            case "array": {
                String items = node.has("items") ? sqlType(root, node.get("items")) : tupleType(root, node);
                return items == null ? null : "ARRAY<" + items + ">";
            }
            case "object": {
                JsonNode properties = node.path("properties");
                if (properties.isEmpty()) {
                    return "MAP<STRING, STRING>";
                }
                List<String> fields = new ArrayList<>();
                properties
                        .fields()
                        .forEachRemaining(f -> fields.add("`" + f.getKey() + "` " + sqlType(root, f.getValue())));
                return "ROW<" + String.join(", ", fields) + ">";
            }
            case "":
                return null;
            default:
                return "STRING";
        }
    }

    /** A tuple ({@code prefixItems}, e.g. a [lon, lat] point) whose items share one type: that type; else null. */
    private static String tupleType(JsonNode root, JsonNode node) {
        String type = null;
        for (JsonNode item : node.path("prefixItems")) {
            String t = sqlType(root, item);
            if (t == null || (type != null && !type.equals(t))) {
                return null;
            }
            type = t;
        }
        return type;
    }

    /** The schema's JSON type without {@code null}; "" when it names none or several. */
    private static String jsonType(JsonNode node) {
        JsonNode type = node.get("type");
        if (type == null) {
            return "";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        String found = "";
        for (JsonNode t : type) {
            if (!"null".equals(t.asText())) {
                if (!found.isEmpty()) {
                    return "";
                }
                found = t.asText();
            }
        }
        return found;
    }

    private static String wider(String a, String b) {
        boolean numeric = (a.equals("BIGINT") || a.equals("DOUBLE")) && (b.equals("BIGINT") || b.equals("DOUBLE"));
        return numeric ? "DOUBLE" : "STRING";
    }

    /** Follows a local {@code $ref} ("#/$defs/x"); other nodes are returned as they are. */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null || !ref.asText().startsWith("#/")) {
            return node;
        }
        return resolve(root, root.at(ref.asText().substring(1)));
    }

    private static JsonNode load(String resource) {
        try (InputStream in = SqlColumns.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
