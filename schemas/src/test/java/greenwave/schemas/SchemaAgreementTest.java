package greenwave.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The field names of every Java record are exactly the properties of its schema (object), in both directions. */
class SchemaAgreementTest {

    @ParameterizedTest
    @EnumSource(
            value = Contract.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"SIGNAL_MEASURES", "PROBE_MEASURES", "ZONES", "KITCHENS", "NETWORK"})
    void topLevelRecordsMatchTheirSchema(Contract contract) {
        assertSameFields(contract.javaType(), Schemas.load(contract));
    }

    @Test
    void listFilesUseTheSingleRecordSchemas() {
        assertThat(Schemas.load(Contract.ZONES).toString()).contains("bike.zones.schema.json");
        assertThat(Schemas.load(Contract.KITCHENS).toString()).contains("food.kitchens.schema.json");
    }

    @Test
    void nestedRecordsMatchTheirSchema() {
        JsonNode network = Schemas.load(Contract.NETWORK);
        assertSameFields(Network.class, network);
        JsonNode defs = network.get("$defs");
        assertSameFields(Network.Intersection.class, defs.get("intersection"));
        assertSameFields(Network.Approach.class, defs.get("approach"));
        assertSameFields(Network.Detector.class, defs.get("detector"));
        assertSameFields(Network.Timing.class, defs.get("timing"));
        assertSameFields(Network.PhaseTiming.class, defs.get("phase_timing"));
        assertSameFields(Network.Corridor.class, defs.get("corridor"));
        assertSameFields(Network.CorridorDirection.class, defs.get("corridor_direction"));

        JsonNode plan = Schemas.load(Contract.SIGNAL_TIMING_PLANS).get("properties");
        assertSameFields(TimingPlan.PhaseSplit.class, plan.get("phases").get("items"));
        assertSameFields(TimingPlan.Prediction.class, plan.get("predicted"));
    }

    @Test
    void everySignalMeasureMatchesItsSchemaBranch() {
        JsonNode schema = Schemas.load(Contract.SIGNAL_MEASURES);
        Set<String> names = new TreeSet<>();
        schema.get("properties").get("measure").get("enum").forEach(n -> names.add(n.asText()));
        com.fasterxml.jackson.annotation.JsonSubTypes subTypes =
                SignalMeasure.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        Set<String> javaNames = new TreeSet<>();
        for (var t : subTypes.value()) {
            javaNames.add(t.name());
            assertSameFields(t.value(), schema.get("$defs").get(t.name()));
        }
        assertThat(javaNames)
                .isEqualTo(names)
                .containsExactlyInAnyOrder(
                        "actuations",
                        "terminations",
                        "arrivals_on_green",
                        "split_failures",
                        "approach_delay",
                        "pcd_cycle",
                        "degree_of_saturation",
                        "yellow_red_actuations",
                        "preemption",
                        "coordination_change",
                        "cycle_length");
        assertThat(SignalMeasure.class.getPermittedSubclasses()).hasSize(subTypes.value().length);
    }

    /** Required schema fields are exactly the primitive (non-nullable) record components, except for conditionally required ones. */
    @ParameterizedTest
    @EnumSource(
            value = Contract.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"SIGNAL_MEASURES", "PROBE_MEASURES", "ZONES", "KITCHENS", "NETWORK"})
    void primitiveComponentsAreRequired(Contract contract) {
        JsonNode required = Schemas.load(contract).get("required");
        Set<String> req = new LinkedHashSet<>();
        required.forEach(n -> req.add(n.asText()));
        for (RecordComponent rc : contract.javaType().getRecordComponents()) {
            if (rc.getType().isPrimitive()) {
                assertThat(req).as("%s.%s is primitive", contract, rc.getName()).contains(jsonName(rc));
            }
        }
    }

    static void assertSameFields(Class<?> type, JsonNode schema) {
        assertThat(type.isRecord()).as(type.getName()).isTrue();
        Set<String> javaNames = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).forEach(rc -> javaNames.add(jsonName(rc)));
        Set<String> schemaNames = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(schemaNames::add);
        assertThat(javaNames).as("fields of %s", type.getSimpleName()).isEqualTo(schemaNames);
    }

    static String jsonName(RecordComponent rc) {
        JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null) {
            p = rc.getAnnotation(JsonProperty.class);
        }
        assertThat(p).as("@JsonProperty on %s", rc).isNotNull();
        return p.value();
    }
}
