package greenwave.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schema files are valid draft 2020-12 schemas and document every field (they are read by integrators). */
class SchemaFilesTest {

    @ParameterizedTest
    @EnumSource(Contract.class)
    void isAValidDraft202012Schema(Contract contract) {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<ValidationMessage> errors = meta.validate(Schemas.load(contract));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Contract.class)
    void hasIdTitleDescriptionAndOpenObjects(Contract contract) {
        JsonNode schema = Schemas.load(contract);
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText())
                .isEqualTo(ContractCodec.SCHEMA_ID_PREFIX
                        + contract.schemaResource().substring("schemas/".length()));
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
        List<String> problems = new ArrayList<>();
        walk(schema, "$", problems);
        assertThat(problems).isEmpty();
    }

    /** Every property has a description; no object forbids unknown fields. */
    private static void walk(JsonNode node, String path, List<String> problems) {
        if (node.isObject()) {
            if (node.path("additionalProperties").isBoolean()
                    && !node.path("additionalProperties").asBoolean()) {
                problems.add(path + " forbids additional properties");
            }
            JsonNode props = node.get("properties");
            boolean inCondition = path.contains(".if") || path.contains(".then");
            if (props != null && props.isObject() && !inCondition) {
                for (Map.Entry<String, JsonNode> p : (Iterable<Map.Entry<String, JsonNode>>) props::fields) {
                    if (!p.getValue().has("description") && !p.getValue().has("$ref")) {
                        problems.add(path + ".properties." + p.getKey() + " has no description");
                    }
                }
            }
            node.fields().forEachRemaining(e -> walk(e.getValue(), path + "." + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }
}
