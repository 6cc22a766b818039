package greenwave.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guards that the Java records and the schema files agree: every record the Java side writes is valid against its
 * schema, and reads back equal.
 */
class RoundTripTest {

    static final ContractCodec CODEC = ContractCodec.create();

    @ParameterizedTest
    @EnumSource(
            value = Contract.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"ZONES", "KITCHENS"})
    void encodedRecordsAreValidAndDecodeEqual(Contract contract) {
        List<?> samples = RecordSamples.all().get(contract);
        assertThat(samples).as("samples for %s", contract).isNotEmpty();
        for (Object sample : samples) {
            byte[] json = CODEC.encode(sample);
            assertThat(CODEC.validate(contract, json)).as(CODEC.toJson(sample)).isEmpty();
            Decoded<?> back = CODEC.decode(contract, json, contract.javaType());
            assertThat(back.error()).isNull();
            assertThat(back.value()).isEqualTo(sample);
        }
    }

    /** Helper methods on records (isX/getX) must not leak onto the wire: written fields are schema properties. */
    @ParameterizedTest
    @EnumSource(
            value = Contract.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"ZONES", "KITCHENS", "NETWORK", "SIGNAL_MEASURES", "PROBE_MEASURES"})
    void encodedFieldsAreSchemaProperties(Contract contract) throws Exception {
        var properties = Schemas.load(contract).get("properties");
        for (Object sample : RecordSamples.all().get(contract)) {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(CODEC.encode(sample));
            node.fieldNames()
                    .forEachRemaining(f -> assertThat(properties.has(f))
                            .as("%s writes %s", contract, f)
                            .isTrue());
        }
    }

    @Test
    void listFilesRoundTrip() {
        List<BikeZone> zones = (List<BikeZone>) RecordSamples.all().get(Contract.BIKE_ZONES);
        assertThat(CODEC.decodeZones(CODEC.encode(zones))).isEqualTo(zones);
        List<Kitchen> kitchens = (List<Kitchen>) RecordSamples.all().get(Contract.FOOD_KITCHENS);
        assertThat(CODEC.decodeKitchens(CODEC.encode(java.util.Map.of("kitchens", kitchens))))
                .isEqualTo(kitchens);
    }

    @Test
    void signalMeasuresCarryTheirMeasureProperty() {
        assertThat(CODEC.toJson(new SignalMeasure.Actuations("227", 1715612400000L, 3, 41)))
                .isEqualTo(
                        "{\"measure\":\"actuations\",\"device_id\":\"227\",\"bin_start\":1715612400000,\"detector\":3,\"total\":41}");
        assertThat(CODEC.toJson(new SignalMeasure.DegreeOfSaturation("227", 0, 2, 1, 1, 0.5, 1800, 0.1)))
                .startsWith("{\"measure\":\"degree_of_saturation\"");
    }

    @Test
    void optionalFieldsAreLeftOutNotWrittenAsNull() {
        String json = CODEC.toJson(RecordSamples.minimalTimingPlan());
        assertThat(json).doesNotContain("null").doesNotContain("supersedes").contains("\"plan_id\"");
        assertThat(CODEC.toJson(new SignalEvent("227", 1, 82, 3)))
                .isEqualTo("{\"device_id\":\"227\",\"ts\":1,\"code\":82,\"param\":3}");
    }

    @Test
    void encodingIsUtf8() {
        String json = CODEC.toJson(new Kitchen("k-1", "成都七中食堂", Kitchen.SCHOOL_CANTEEN, "锦江区"));
        assertThat(new String(
                        CODEC.encode(new Kitchen("k-1", "成都七中食堂", Kitchen.SCHOOL_CANTEEN, "锦江区")),
                        java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(json)
                .contains("成都七中食堂");
    }
}
