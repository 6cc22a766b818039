package greenwave.schemas;

import static greenwave.schemas.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code probe.measures} contract: schema/record agreement, good and bad records, round trip, keys. */
class ProbeMeasureTest {

    static final ContractCodec CODEC = ContractCodec.create();

    static final String APPROACH_DELAY = Examples.PROBE_MEASURE;
    static final String LINK = """
            {"measure": "link_travel_time", "corridor_id": "c1", "direction": "EB", "from_device": "227", "to_device": "452",
             "bin_start": 1715612400000, "samples": 9, "mean_s": 35.5, "p85_s": 44.1}""";

    @Test
    void contractEntry() {
        assertThat(Contract.PROBE_MEASURES.defaultTopic()).isEqualTo("probe.measures");
        assertThat(Contract.PROBE_MEASURES.schemaResource()).isEqualTo("schemas/probe.measures.schema.json");
        assertThat(Contract.PROBE_MEASURES.javaType()).isEqualTo(ProbeMeasure.class);
        assertThat(Contract.PROBE_MEASURES.keyField()).isEqualTo("device_id");
        assertThat(Contract.forName("probe.measures")).isEqualTo(Contract.PROBE_MEASURES);
    }

    @Test
    void everyKindMatchesItsSchemaBranch() {
        JsonNode schema = Schemas.load(Contract.PROBE_MEASURES);
        Set<String> names = new TreeSet<>();
        schema.get("properties").get("measure").get("enum").forEach(n -> names.add(n.asText()));
        JsonSubTypes subTypes = ProbeMeasure.class.getAnnotation(JsonSubTypes.class);
        Set<String> javaNames = new TreeSet<>();
        for (JsonSubTypes.Type t : subTypes.value()) {
            javaNames.add(t.name());
            JsonNode branch = schema.get("$defs").get(t.name());
            SchemaAgreementTest.assertSameFields(t.value(), branch);
            // required = the primitive components plus the non-null strings; the nullable max_queue_m and
            // mean_running_s are optional
            Set<String> required = new LinkedHashSet<>();
            branch.get("required").forEach(n -> required.add(n.asText()));
            for (RecordComponent rc : t.value().getRecordComponents()) {
                String json = SchemaAgreementTest.jsonName(rc);
                assertThat(required.contains(json))
                        .as("%s.%s required", t.name(), json)
                        .isEqualTo(!json.equals("max_queue_m") && !json.equals("mean_running_s"));
            }
        }
        assertThat(javaNames).isEqualTo(names).containsExactlyInAnyOrder("probe_approach_delay", "link_travel_time");
        assertThat(ProbeMeasure.class.getPermittedSubclasses()).hasSize(subTypes.value().length);
    }

    @Test
    void goodRecordsDecodeToTheirKind() {
        Decoded<ProbeMeasure> a = CODEC.decode(Contract.PROBE_MEASURES, utf8(APPROACH_DELAY), ProbeMeasure.class);
        assertThat(a.error()).isNull();
        assertThat(a.value())
                .isEqualTo(new ProbeMeasure.ApproachDelay(
                        "227", "227-EB", 1715612400000L, 14, 23.4, 41.2, 0.8, 85.0, "C"));
        Decoded<ProbeMeasure> l = CODEC.decode(Contract.PROBE_MEASURES, utf8(LINK), ProbeMeasure.class);
        assertThat(l.value())
                .isEqualTo(new ProbeMeasure.LinkTravelTime("c1", "EB", "227", "452", 1715612400000L, 9, 35.5, 44.1));
        String noQueue = APPROACH_DELAY.replace(", \"max_queue_m\": 85.0", "");
        assertThat(CODEC.decode(Contract.PROBE_MEASURES, utf8(noQueue), ProbeMeasure.class)
                        .value())
                .isInstanceOfSatisfying(
                        ProbeMeasure.ApproachDelay.class,
                        d -> assertThat(d.maxQueueM()).isNull());
        String nullQueue = APPROACH_DELAY.replace("\"max_queue_m\": 85.0", "\"max_queue_m\": null");
        assertThat(CODEC.validate(Contract.PROBE_MEASURES, utf8(nullQueue))).isEmpty();
        String extra = LINK.replace("\"samples\"", "\"producer\": \"x\", \"samples\"");
        assertThat(CODEC.validate(Contract.PROBE_MEASURES, utf8(extra))).isEmpty();
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of(APPROACH_DELAY.replace("\"probe_approach_delay\"", "\"approach_delay\""), "$.measure"),
                Arguments.of(APPROACH_DELAY.replace("\"measure\": \"probe_approach_delay\", ", ""), "measure"),
                Arguments.of(APPROACH_DELAY.replace("\"los\": \"C\"", "\"los\": \"G\""), "$.los"),
                Arguments.of(APPROACH_DELAY.replace(", \"los\": \"C\"", ""), "los"),
                Arguments.of(APPROACH_DELAY.replace("\"samples\": 14", "\"samples\": 0"), "$.samples"),
                Arguments.of(APPROACH_DELAY.replace("\"samples\": 14", "\"samples\": 1.5"), "$.samples"),
                Arguments.of(
                        APPROACH_DELAY.replace("\"mean_delay_s\": 23.4", "\"mean_delay_s\": -1"), "$.mean_delay_s"),
                Arguments.of(
                        APPROACH_DELAY.replace("\"p85_delay_s\": 41.2", "\"p85_delay_s\": \"41.2\""), "$.p85_delay_s"),
                Arguments.of(APPROACH_DELAY.replace("\"max_queue_m\": 85.0", "\"max_queue_m\": -3"), "$.max_queue_m"),
                Arguments.of(APPROACH_DELAY.replace("\"device_id\": \"227\", ", ""), "device_id"),
                Arguments.of(
                        APPROACH_DELAY.replace("\"approach_id\": \"227-EB\"", "\"approach_id\": \"\""),
                        "$.approach_id"),
                Arguments.of(APPROACH_DELAY.replace("1715612400000", "\"1715612400000\""), "$.bin_start"),
                Arguments.of(LINK.replace("\"corridor_id\": \"c1\", ", ""), "corridor_id"),
                Arguments.of(LINK.replace(", \"p85_s\": 44.1", ""), "p85_s"),
                Arguments.of(LINK.replace("\"mean_s\": 35.5", "\"mean_s\": -0.5"), "$.mean_s"),
                Arguments.of(LINK.replace("\"to_device\": \"452\"", "\"to_device\": 452"), "$.to_device"),
                // a link record is not an approach-delay record
                Arguments.of(LINK.replace("\"link_travel_time\"", "\"probe_approach_delay\""), "device_id"));
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void badRecordsAreRejectedNamingTheField(String json, String field) {
        Decoded<ProbeMeasure> d = CODEC.decode(Contract.PROBE_MEASURES, utf8(json), ProbeMeasure.class);
        assertThat(d.ok()).as("decoded %s", d.value()).isFalse();
        assertThat(d.error()).contains(field);
    }

    @Test
    void roundTripWritesTheMeasurePropertyAndLeavesNullsOut() {
        for (ProbeMeasure m : RecordSamples.probeMeasures()) {
            byte[] json = CODEC.encode(m);
            assertThat(CODEC.validate(Contract.PROBE_MEASURES, json))
                    .as(CODEC.toJson(m))
                    .isEmpty();
            assertThat(CODEC.decode(Contract.PROBE_MEASURES, json, ProbeMeasure.class)
                            .value())
                    .isEqualTo(m);
            // only the branch's properties (and "measure") are written
            JsonNode branch = Schemas.load(Contract.PROBE_MEASURES)
                    .get("$defs")
                    .get(m instanceof ProbeMeasure.ApproachDelay ? "probe_approach_delay" : "link_travel_time")
                    .get("properties");
            try {
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(json)
                        .fieldNames()
                        .forEachRemaining(f -> assertThat(f.equals("measure") || branch.has(f))
                                .as(f)
                                .isTrue());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThat(CODEC.toJson(new ProbeMeasure.ApproachDelay("227", "227-WB", 0, 1, 0, 0, 0, null, "A")))
                .isEqualTo(
                        "{\"measure\":\"probe_approach_delay\",\"device_id\":\"227\",\"approach_id\":\"227-WB\","
                                + "\"bin_start\":0,\"samples\":1,\"mean_delay_s\":0.0,\"p85_delay_s\":0.0,\"mean_stops\":0.0,\"los\":\"A\"}");
        assertThat(CODEC.toJson(new ProbeMeasure.LinkTravelTime("c1", "WB", "452", "227", 0, 2, 30, 31)))
                .startsWith("{\"measure\":\"link_travel_time\",\"corridor_id\":\"c1\"");
    }

    @Test
    void keysAreDeviceIdForApproachDelayAndCorridorIdForLinks() {
        assertThat(CODEC.key(
                        Contract.PROBE_MEASURES, RecordSamples.probeMeasures().get(0)))
                .isEqualTo("227");
        assertThat(CODEC.key(
                        Contract.PROBE_MEASURES, RecordSamples.probeMeasures().get(2)))
                .isEqualTo("c1");
        assertThat(RecordSamples.probeMeasures().get(2).eventTs()).isEqualTo(1715612400000L);
    }
}
