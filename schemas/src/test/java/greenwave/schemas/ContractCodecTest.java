package greenwave.schemas;

import static greenwave.schemas.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ContractCodecTest {

    static final ContractCodec CODEC = ContractCodec.create();
    static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- good records

    @ParameterizedTest
    @EnumSource(Contract.class)
    void everyContractHasAValidExample(Contract contract) {
        assertThat(Examples.GOOD).containsKey(contract);
        assertThat(CODEC.validate(contract, utf8(Examples.GOOD.get(contract)))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("recordContracts")
    void contractExamplesDecode(Contract contract) {
        Decoded<?> d = CODEC.decode(contract, utf8(Examples.GOOD.get(contract)), contract.javaType());
        assertThat(d.error()).isNull();
        assertThat(d.ok()).isTrue();
        assertThat(d.value()).isInstanceOf(contract.javaType());
    }

    static Stream<Contract> recordContracts() {
        return Stream.of(Contract.values()).filter(c -> c.kind() != Contract.Kind.LIST_FILE);
    }

    @Test
    void decodesFieldsWithTheirJavaNames() {
        SignalEvent e = CODEC.decode(Contract.SIGNAL_EVENTS, utf8(Examples.SIGNAL_EVENT), SignalEvent.class)
                .value();
        assertThat(e).isEqualTo(new SignalEvent("227", 1715612400100L, 82, 27));

        VehiclePosition v = CODEC.decode(
                        Contract.VEHICLE_POSITIONS, utf8(Examples.VEHICLE_POSITION), VehiclePosition.class)
                .value();
        assertThat(v).isEqualTo(new VehiclePosition("v-88231", 1715612400000L, 30.6571, 104.0657, 11.2, 87.0));

        BikeEvent b = CODEC.decode(Contract.BIKE_EVENTS, utf8(Examples.BIKE_EVENT), BikeEvent.class)
                .value();
        assertThat(b)
                .isEqualTo(new BikeEvent("hb-102938", "hellobike", 1715612400000L, BikeEvent.PARK, 30.5467, 104.0621));

        SignalMeasure m = CODEC.decode(Contract.SIGNAL_MEASURES, utf8(Examples.MEASURE), SignalMeasure.class)
                .value();
        assertThat(m).isEqualTo(new SignalMeasure.Actuations("227", 1715612400000L, 3, 41));

        Alert a =
                CODEC.decode(Contract.ALERTS, utf8(Examples.ALERT), Alert.class).value();
        assertThat(a.closedAt()).isNull();
        assertThat(a.details()).containsEntry("occupancy", 62);
    }

    @Test
    void unknownFieldsAreIgnoredEverywhere() {
        String json = """
                {"device_id": "227", "ts": 1715612400100, "code": 82, "param": 27, "vendor": {"x": [1, 2]}, "seq": 9}""";
        Decoded<SignalEvent> d = CODEC.decode(Contract.SIGNAL_EVENTS, utf8(json), SignalEvent.class);
        assertThat(d.ok()).isTrue();
        assertThat(d.value()).isEqualTo(new SignalEvent("227", 1715612400100L, 82, 27));

        String network = Examples.NETWORK
                .replace("\"cycle_s\": 90,", "\"cycle_s\": 90, \"vendor_plan\": 3,")
                .replace("\"channel\": 3,", "\"channel\": 3, \"lane\": 1,");
        assertThat(CODEC.decodeNetwork(utf8(network)).intersections()).hasSize(3);
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        assertOk(Contract.BIKE_EVENTS, """
                {"bike_id": "b", "operator": "o", "ts": 1715612400000, "type": "unpark"}""");
        assertOk(Contract.BIKE_EVENTS, """
                {"bike_id": "b", "operator": "o", "ts": 1715612400000, "type": "unpark", "lat": null, "lon": null}""");
        assertOk(Contract.FOOD_CAMERA_EVENTS, """
                {"kitchen_id": "k", "camera_id": "c", "ts": 1715612400000, "type": "rodent", "confidence": 1}""");
        assertOk(Contract.FOOD_KITCHENS, """
                {"kitchen_id": "k", "kind": "restaurant"}""");
        assertOk(Contract.SIGNAL_PLAN_ACKS, """
                {"plan_id": "p", "device_id": "227", "ts": 1715612400000, "status": "applied"}""");
    }

    @Test
    void foodOperationsOfEveryTypeDecode() {
        assertOk(Contract.FOOD_OPERATIONS, """
                {"kitchen_id": "k", "ts": 1715612400000, "type": "sample_retained", "meal": "lunch", "dish": "rice", "grams": 125}""");
        assertOk(Contract.FOOD_OPERATIONS, """
                {"kitchen_id": "k", "ts": 1715612400000, "type": "disinfection_done", "minutes": 30}""");
        assertOk(Contract.FOOD_OPERATIONS, """
                {"kitchen_id": "k", "ts": 1715612400000, "type": "ingredient_received", "ingredient": "pork", "supplier": "s1",
                 "trace_code": "T-1", "expiry_ts": 1716000000000}""");
        KitchenOperation used = assertOk(Contract.FOOD_OPERATIONS, """
                {"kitchen_id": "k", "ts": 1715612400000, "type": "ingredient_used", "ingredient": "pork", "trace_code": "T-1"}""");
        assertThat(used)
                .isEqualTo(new KitchenOperation(
                        "k",
                        1715612400000L,
                        KitchenOperation.INGREDIENT_USED,
                        null,
                        null,
                        null,
                        null,
                        "pork",
                        null,
                        "T-1",
                        null));
    }

    /** JSON Schema 2020-12: a number with a zero fractional part is an integer; any standard validator agrees. */
    @Test
    void integralValuedDecimalsAreIntegers() {
        SignalEvent e = assertOk(Contract.SIGNAL_EVENTS, """
                {"device_id": "227", "ts": 1715612400100.0, "code": 82, "param": 27}""");
        assertThat(e.ts()).isEqualTo(1715612400100L);
    }

    @Test
    void signalEventParamIsOnlyRangeCheckedForPhaseAndDetectorCodes() {
        assertOk(Contract.SIGNAL_EVENTS, """
                {"device_id": "227", "ts": 1715612400000, "code": 132, "param": 100}""");
        assertOk(Contract.SIGNAL_EVENTS, """
                {"device_id": "227", "ts": 1715612400000, "code": 82, "param": 64}""");
        assertOk(Contract.SIGNAL_EVENTS, """
                {"device_id": "227", "ts": 1715612400000, "code": 1, "param": 16}""");
        assertOk(Contract.SIGNAL_EVENTS, """
                {"device_id": "227", "ts": 1715612400000, "code": 200, "param": 0}""");
        // vendor codes above 255 with -1 occur in real logs (see AtspmEventsTest): kept, not interpreted
        assertOk(Contract.SIGNAL_EVENTS, """
                {"device_id": "227", "ts": 1715612400000, "code": 400, "param": -1}""");
    }

    @Test
    void everySignalMeasureDecodesToItsRecord() {
        for (SignalMeasure m : RecordSamples.measures()) {
            Decoded<SignalMeasure> d = CODEC.decode(Contract.SIGNAL_MEASURES, CODEC.encode(m), SignalMeasure.class);
            assertThat(d.error()).isNull();
            assertThat(d.value()).isEqualTo(m);
        }
        // a subtype may be asked for directly
        Decoded<SignalMeasure.Actuations> a =
                CODEC.decode(Contract.SIGNAL_MEASURES, utf8(Examples.MEASURE), SignalMeasure.Actuations.class);
        assertThat(a.value().total()).isEqualTo(41);
    }

    // ---------------------------------------------------------------- bad records

    /** contract, payload, a fragment the reason must contain (the field). */
    static Stream<Arguments> badRecords() {
        return Stream.of(
                // signal.events
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": \"1715612400100\", \"code\": 82, \"param\": 27}",
                        "$.ts"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400100.5, \"code\": 82, \"param\": 27}",
                        "$.ts"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": \"82\", \"param\": 27}",
                        "$.code"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": 227, \"ts\": 1715612400100, \"code\": 82, \"param\": 27}",
                        "$.device_id"),
                bad(Contract.SIGNAL_EVENTS, "{\"ts\": 1715612400100, \"code\": 82, \"param\": 27}", "device_id"),
                bad(Contract.SIGNAL_EVENTS, "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 82}", "param"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 82, \"param\": 256}",
                        "$.param"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 81, \"param\": 0}",
                        "$.param"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 1, \"param\": 256}",
                        "$.param"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 21, \"param\": 0}",
                        "$.param"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": -1, \"param\": 1}",
                        "$.code"),
                bad(Contract.SIGNAL_EVENTS, "{\"device_id\": \"227\", \"ts\": -5, \"code\": 82, \"param\": 1}", "$.ts"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"\", \"ts\": 1715612400000, \"code\": 82, \"param\": 1}",
                        "$.device_id"),
                bad(
                        Contract.SIGNAL_EVENTS,
                        "{\"device_id\": \"227\", \"ts\": 1715612400000, \"code\": 132, \"param\": 9999999999}",
                        "$.param"),
                // vehicle.positions
                bad(Contract.VEHICLE_POSITIONS, Examples.VEHICLE_POSITION.replace("30.6571", "91"), "$.lat"),
                bad(Contract.VEHICLE_POSITIONS, Examples.VEHICLE_POSITION.replace("30.6571", "-90.5"), "$.lat"),
                bad(Contract.VEHICLE_POSITIONS, Examples.VEHICLE_POSITION.replace("104.0657", "-180.1"), "$.lon"),
                bad(Contract.VEHICLE_POSITIONS, Examples.VEHICLE_POSITION.replace("87.0", "360.5"), "$.heading_deg"),
                bad(Contract.VEHICLE_POSITIONS, Examples.VEHICLE_POSITION.replace("11.2", "-0.1"), "$.speed_mps"),
                bad(Contract.VEHICLE_POSITIONS, Examples.VEHICLE_POSITION.replace("11.2", "\"11.2\""), "$.speed_mps"),
                bad(
                        Contract.VEHICLE_POSITIONS,
                        Examples.VEHICLE_POSITION.replace(", \"heading_deg\": 87.0", ""),
                        "heading_deg"),
                // bike.events
                bad(Contract.BIKE_EVENTS, Examples.BIKE_EVENT.replace("\"park\"", "\"stolen\""), "$.type"),
                bad(
                        Contract.BIKE_EVENTS,
                        "{\"bike_id\": \"b\", \"operator\": \"o\", \"ts\": 1715612400000, \"type\": \"park\", \"lon\": 104.0}",
                        "lat"),
                bad(
                        Contract.BIKE_EVENTS,
                        "{\"bike_id\": \"b\", \"operator\": \"o\", \"ts\": 1715612400000, \"type\": \"locate\", \"lat\": 30.5}",
                        "lon"),
                bad(
                        Contract.BIKE_EVENTS,
                        "{\"bike_id\": \"b\", \"operator\": \"o\", \"ts\": 1715612400000, \"type\": \"park\", \"lat\": null, \"lon\": 104.0}",
                        "$.lat"),
                bad(Contract.BIKE_EVENTS, Examples.BIKE_EVENT.replace("30.5467", "\"30.5467\""), "$.lat"),
                bad(
                        Contract.BIKE_EVENTS,
                        "{\"bike_id\": \"b\", \"operator\": \"o\", \"ts\": 1715612400000, \"type\": \"unpark\", \"lat\": 99}",
                        "$.lat"),
                bad(Contract.BIKE_EVENTS, Examples.BIKE_EVENT.replace("\"operator\": \"hellobike\", ", ""), "operator"),
                // bike.zones
                bad(
                        Contract.BIKE_ZONES,
                        "{\"zone_id\": \"z\", \"polygon\": [[104.0, 30.0], [104.1, 30.0]], \"capacity\": 4}",
                        "$.polygon"),
                bad(
                        Contract.BIKE_ZONES,
                        "{\"zone_id\": \"z\", \"polygon\": [[104.0, 30.0], [104.1, 95.0], [104.1, 30.1]], \"capacity\": 4}",
                        "$.polygon[1][1]"),
                bad(
                        Contract.BIKE_ZONES,
                        "{\"zone_id\": \"z\", \"polygon\": [[104.0, 30.0], [104.1, 30.0, 3], [104.1, 30.1]], \"capacity\": 4}",
                        "$.polygon[1]"),
                bad(
                        Contract.BIKE_ZONES,
                        "{\"zone_id\": \"z\", \"polygon\": [[104.0, 30.0], [104.1, 30.0], [104.1, 30.1]], \"capacity\": -1}",
                        "$.capacity"),
                bad(
                        Contract.BIKE_ZONES,
                        "{\"zone_id\": \"z\", \"polygon\": [[104.0, 30.0], [104.1, 30.0], [104.1, 30.1]], \"capacity\": \"40\"}",
                        "$.capacity"),
                bad(Contract.BIKE_ZONES, "{\"zone_id\": \"z\", \"capacity\": 4}", "polygon"),
                // bike.blacklist
                bad(Contract.BIKE_BLACKLIST, Examples.BLACKLIST.replace("true", "\"true\""), "$.active"),
                bad(Contract.BIKE_BLACKLIST, Examples.BLACKLIST.replace(", \"active\": true", ""), "active"),
                // food.camera-events
                bad(Contract.FOOD_CAMERA_EVENTS, Examples.CAMERA_EVENT.replace("0.91", "1.2"), "$.confidence"),
                bad(Contract.FOOD_CAMERA_EVENTS, Examples.CAMERA_EVENT.replace("0.91", "-0.01"), "$.confidence"),
                bad(Contract.FOOD_CAMERA_EVENTS, Examples.CAMERA_EVENT.replace("0.91", "\"0.91\""), "$.confidence"),
                bad(Contract.FOOD_CAMERA_EVENTS, Examples.CAMERA_EVENT.replace("no_mask", "dancing"), "$.type"),
                bad(
                        Contract.FOOD_CAMERA_EVENTS,
                        Examples.CAMERA_EVENT.replace("\"camera_id\": \"cam-2\", ", ""),
                        "camera_id"),
                // food.sensor-readings
                bad(Contract.FOOD_SENSOR_READINGS, Examples.SENSOR_READING.replace("fridge\"", "oven\""), "$.kind"),
                bad(Contract.FOOD_SENSOR_READINGS, Examples.SENSOR_READING.replace("4.2", "\"4.2\""), "$.celsius"),
                bad(Contract.FOOD_SENSOR_READINGS, Examples.SENSOR_READING.replace("4.2", "-300"), "$.celsius"),
                bad(
                        Contract.FOOD_SENSOR_READINGS,
                        Examples.SENSOR_READING.replace(", \"celsius\": 4.2", ""),
                        "celsius"),
                // food.operations
                bad(Contract.FOOD_OPERATIONS, Examples.OPERATION.replace("meal_served", "meal_eaten"), "$.type"),
                bad(
                        Contract.FOOD_OPERATIONS,
                        "{\"kitchen_id\": \"k\", \"ts\": 1715612400000, \"type\": \"sample_retained\", \"dish\": \"rice\"}",
                        "grams"),
                bad(
                        Contract.FOOD_OPERATIONS,
                        "{\"kitchen_id\": \"k\", \"ts\": 1715612400000, \"type\": \"sample_retained\", \"dish\": \"rice\", \"grams\": \"125\"}",
                        "$.grams"),
                bad(
                        Contract.FOOD_OPERATIONS,
                        "{\"kitchen_id\": \"k\", \"ts\": 1715612400000, \"type\": \"disinfection_done\"}",
                        "minutes"),
                bad(
                        Contract.FOOD_OPERATIONS,
                        "{\"kitchen_id\": \"k\", \"ts\": 1715612400000, \"type\": \"ingredient_received\", \"ingredient\": \"pork\", \"supplier\": \"s\", \"trace_code\": \"T\"}",
                        "expiry_ts"),
                bad(
                        Contract.FOOD_OPERATIONS,
                        "{\"kitchen_id\": \"k\", \"ts\": 1715612400000, \"type\": \"ingredient_received\", \"ingredient\": \"pork\", \"supplier\": \"s\", \"trace_code\": \"T\", \"expiry_ts\": 1.5}",
                        "$.expiry_ts"),
                bad(
                        Contract.FOOD_OPERATIONS,
                        "{\"kitchen_id\": \"k\", \"ts\": 1715612400000, \"type\": \"ingredient_used\", \"ingredient\": \"pork\"}",
                        "trace_code"),
                bad(
                        Contract.FOOD_OPERATIONS,
                        "{\"kitchen_id\": \"k\", \"ts\": 1715612400000, \"type\": \"ingredient_used\", \"ingredient\": \"pork\", \"trace_code\": null}",
                        "$.trace_code"),
                // food.kitchens
                bad(Contract.FOOD_KITCHENS, Examples.KITCHEN.replace("school_canteen", "canteen"), "$.kind"),
                bad(Contract.FOOD_KITCHENS, "{\"name\": \"x\", \"kind\": \"restaurant\"}", "kitchen_id"),
                // signal.plan-acks
                bad(Contract.SIGNAL_PLAN_ACKS, Examples.PLAN_ACK.replace("rejected", "done"), "$.status"),
                bad(
                        Contract.SIGNAL_PLAN_ACKS,
                        Examples.PLAN_ACK.replace("\"plan_id\": \"c1-20240513T1515-227\", ", ""),
                        "plan_id"),
                // network.json
                bad(
                        Contract.NETWORK,
                        Examples.NETWORK.replace("\"advance\"", "\"loop\""),
                        "$.intersections[0].approaches[0].detectors[0].function"),
                bad(
                        Contract.NETWORK,
                        Examples.NETWORK.replace("\"channel\": 3", "\"channel\": 256"),
                        "$.intersections[0].approaches[0].detectors[0].channel"),
                bad(
                        Contract.NETWORK,
                        Examples.NETWORK.replace("\"lat\": 30.65", "\"lat\": 130.65"),
                        "$.intersections[0].lat"),
                bad(
                        Contract.NETWORK,
                        Examples.NETWORK.replace("\"phase\": 2, \"lanes\"", "\"phase\": 256, \"lanes\""),
                        "$.intersections[0].approaches[0].phase"),
                bad(
                        Contract.NETWORK,
                        Examples.NETWORK.replace("\"cycle_s\": 90", "\"cycle_s\": \"90\""),
                        "$.intersections[0].timing.cycle_s"),
                bad(
                        Contract.NETWORK,
                        Examples.NETWORK.replace("\"227\": 6", "\"227\": 0"),
                        "$.corridors[0].inbound.phase_by_device.227"),
                bad(
                        Contract.NETWORK,
                        Examples.NETWORK.replace("\"speed_limit_mps\": 13.9", "\"speed_limit_mps\": 0"),
                        "speed_limit_mps"),
                bad(Contract.NETWORK, "{\"corridors\": []}", "intersections"),
                // signal.measures
                bad(Contract.SIGNAL_MEASURES, Examples.MEASURE.replace("actuations", "occupancy"), "$.measure"),
                bad(Contract.SIGNAL_MEASURES, Examples.MEASURE.replace("\"measure\": \"actuations\", ", ""), "measure"),
                bad(
                        Contract.SIGNAL_MEASURES,
                        Examples.MEASURE.replace("\"detector\": 3", "\"detector\": 256"),
                        "$.detector"),
                bad(Contract.SIGNAL_MEASURES, Examples.MEASURE.replace(", \"total\": 41", ""), "total"),
                bad(
                        Contract.SIGNAL_MEASURES,
                        Examples.MEASURE.replace("1715612400000", "\"1715612400000\""),
                        "$.bin_start"),
                bad(
                        Contract.SIGNAL_MEASURES,
                        "{\"measure\": \"arrivals_on_green\", \"device_id\": \"227\", \"bin_start\": 0, \"phase\": 2, \"total_actuations\": 10, \"green_actuations\": 5, \"percent_aog\": 1.5}",
                        "$.percent_aog"),
                bad(
                        Contract.SIGNAL_MEASURES,
                        "{\"measure\": \"terminations\", \"device_id\": \"227\", \"bin_start\": 0, \"phase\": 2, \"termination\": \"gapout\", \"total\": 3}",
                        "$.termination"),
                // signal.timing-plans
                bad(
                        Contract.SIGNAL_TIMING_PLANS,
                        Examples.TIMING_PLAN.replace("{\"phase\": 2,", "{\"phase\": 256,"),
                        "$.phases[0].phase"),
                bad(
                        Contract.SIGNAL_TIMING_PLANS,
                        Examples.TIMING_PLAN.replace("\"cycle_s\": 100", "\"cycle_s\": \"100\""),
                        "$.cycle_s"),
                bad(
                        Contract.SIGNAL_TIMING_PLANS,
                        Examples.TIMING_PLAN.replace("\"plan_id\": \"c1-20240513T1515-227\", ", ""),
                        "plan_id"),
                bad(Contract.SIGNAL_TIMING_PLANS, Examples.TIMING_PLAN.replace("\"green_s\": 48,", ""), "green_s"),
                // bike.dispatch-tasks
                bad(
                        Contract.BIKE_DISPATCH_TASKS,
                        Examples.DISPATCH_TASK.replace("remove_bikes", "move_bikes"),
                        "$.kind"),
                bad(
                        Contract.BIKE_DISPATCH_TASKS,
                        Examples.DISPATCH_TASK
                                .replace("remove_bikes", "remove_blacklisted")
                                .replace("\"bike_ids\": [\"hb-1\", \"hb-2\"], ", ""),
                        "bike_ids"),
                bad(
                        Contract.BIKE_DISPATCH_TASKS,
                        Examples.DISPATCH_TASK.replace("\"count\": 14", "\"count\": 0"),
                        "$.count"),
                bad(
                        Contract.BIKE_DISPATCH_TASKS,
                        Examples.DISPATCH_TASK.replace("\"escalation_level\": 0", "\"escalation_level\": 0.5"),
                        "$.escalation_level"),
                // alerts
                bad(Contract.ALERTS, Examples.ALERT.replace("\"bike\"", "\"weather\""), "$.domain"),
                bad(Contract.ALERTS, Examples.ALERT.replace("\"warning\"", "\"high\""), "$.severity"),
                bad(Contract.ALERTS, Examples.ALERT.replace("\"subject_id\": \"z-17\", ", ""), "subject_id"),
                bad(
                        Contract.ALERTS,
                        Examples.ALERT.replace("\"closed_at\": null", "\"closed_at\": \"later\""),
                        "$.closed_at"),
                // dlq
                bad(
                        Contract.DLQ,
                        Examples.DEAD_LETTER.replace("\"partition\": 3", "\"partition\": \"3\""),
                        "$.partition"),
                bad(Contract.DLQ, Examples.DEAD_LETTER.replace("\"offset\": 12345, ", ""), "offset"));
    }

    static Arguments bad(Contract contract, String json, String field) {
        return Arguments.of(contract, json, field);
    }

    @ParameterizedTest(name = "[{index}] {0} rejects, naming {2}")
    @MethodSource("badRecords")
    void badRecordsAreRejectedWithAReasonNamingTheField(Contract contract, String json, String field) {
        Decoded<?> d = CODEC.decode(contract, utf8(json), contract.javaType());
        assertThat(d.ok()).as("decoded %s", d.value()).isFalse();
        assertThat(d.value()).isNull();
        assertThat(d.error()).contains(field);
    }

    /** Generated from the schema files: every required field of every topic schema, removed, is named in the reason. */
    @ParameterizedTest
    @MethodSource("recordContracts")
    void missingRequiredFieldsAreNamed(Contract contract) throws Exception {
        ObjectNode good = (ObjectNode) JSON.readTree(Examples.GOOD.get(contract));
        for (JsonNode required : Schemas.load(contract).path("required")) {
            ObjectNode copy = good.deepCopy();
            copy.remove(required.asText());
            Decoded<?> d = CODEC.decode(contract, JSON.writeValueAsBytes(copy), contract.javaType());
            assertThat(d.error()).as("%s without %s", contract, required).contains("'" + required.asText() + "'");
        }
    }

    /** Generated from the schema files: a number or boolean given as a string is rejected (no type loosening). */
    @ParameterizedTest
    @MethodSource("recordContracts")
    void numbersAndBooleansInStringsAreRejected(Contract contract) throws Exception {
        ObjectNode good = (ObjectNode) JSON.readTree(Examples.GOOD.get(contract));
        var fields = good.fields();
        int checked = 0;
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode v = field.getValue();
            if (v.isNumber() || v.isBoolean()) {
                ObjectNode copy = good.deepCopy();
                copy.put(field.getKey(), v.asText());
                Decoded<?> d = CODEC.decode(contract, JSON.writeValueAsBytes(copy), contract.javaType());
                assertThat(d.error())
                        .as("%s with %s as a string", contract, field.getKey())
                        .contains("$." + field.getKey());
                checked++;
            }
        }
        assertThat(checked > 0 || contract == Contract.NETWORK || contract == Contract.FOOD_KITCHENS)
                .isTrue();
    }

    /** Every top-level integer field rejects a fractional value (as the contract says for ts). */
    @ParameterizedTest
    @MethodSource("recordContracts")
    void fractionalIntegersAreRejected(Contract contract) throws Exception {
        ObjectNode good = (ObjectNode) JSON.readTree(Examples.GOOD.get(contract));
        JsonNode properties = Schemas.load(contract).path("properties");
        var fields = good.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode type = properties.path(field.getKey()).path("type");
            if (type.asText().equals("integer") && field.getValue().isIntegralNumber()) {
                ObjectNode copy = good.deepCopy();
                copy.put(field.getKey(), field.getValue().asLong() + 0.5);
                Decoded<?> d = CODEC.decode(contract, JSON.writeValueAsBytes(copy), contract.javaType());
                assertThat(d.error())
                        .as("%s with fractional %s", contract, field.getKey())
                        .contains("$." + field.getKey());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("recordContracts")
    void payloadsThatAreNotJsonObjectsAreRejected(Contract contract) {
        Class<?> type = contract.javaType();
        assertThat(CODEC.decode(contract, utf8("{\"device_id\": \"227\", "), type)
                        .error())
                .startsWith("not JSON");
        assertThat(CODEC.decode(contract, utf8("227,1715612400100,82,27"), type).error())
                .startsWith("not JSON");
        assertThat(CODEC.decode(contract, new byte[0], type).error()).startsWith("not JSON");
        assertThat(CODEC.decode(contract, null, type).error()).startsWith("not JSON");
        assertThat(CODEC.decode(contract, utf8("   "), type).error()).startsWith("not JSON");
        assertThat(CODEC.decode(contract, utf8("[1, 2]"), type).error()).startsWith("not a JSON object");
        assertThat(CODEC.decode(contract, utf8("null"), type).error()).startsWith("not a JSON object");
        assertThat(CODEC.decode(contract, utf8("\"x\""), type).error()).startsWith("not a JSON object");
        assertThat(CODEC.decode(contract, utf8(Examples.GOOD.get(contract) + " {}"), type)
                        .error())
                .startsWith("not JSON");
        byte[] latin1 = "{\"device_id\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(CODEC.decode(contract, latin1, type).error()).startsWith("not UTF-8");
    }

    @Test
    void duplicateKeysAndNanAreRejected() {
        assertThat(CODEC.decode(
                                Contract.SIGNAL_EVENTS,
                                utf8("{\"device_id\": \"227\", \"ts\": 1, \"ts\": 2, \"code\": 82, \"param\": 1}"),
                                SignalEvent.class)
                        .error())
                .startsWith("not JSON")
                .contains("ts");
        assertThat(CODEC.decode(
                                Contract.VEHICLE_POSITIONS,
                                utf8(Examples.VEHICLE_POSITION.replace("11.2", "NaN")),
                                VehiclePosition.class)
                        .ok())
                .isFalse();
    }

    @Test
    void numbersThatOverflowADoubleAreRejected() {
        assertThat(CODEC.decode(
                                Contract.VEHICLE_POSITIONS,
                                utf8(Examples.VEHICLE_POSITION.replace("11.2", "1e400")),
                                VehiclePosition.class)
                        .error())
                .isEqualTo("$.speed_mps: not a finite number (overflows a double)");
        assertThat(CODEC.decode(
                                Contract.FOOD_SENSOR_READINGS,
                                utf8(Examples.SENSOR_READING.replace("4.2", "-1e400")),
                                SensorReading.class)
                        .error())
                .startsWith("$.celsius: not a finite number");
        assertThat(CODEC.decode(
                                Contract.VEHICLE_POSITIONS,
                                utf8(Examples.VEHICLE_POSITION.replace("11.2", "Infinity")),
                                VehiclePosition.class)
                        .error())
                .startsWith("not JSON");
        // Anywhere, also in fields the contract does not know.
        assertThat(CODEC.validate(
                        Contract.BIKE_ZONES, utf8(Examples.BIKE_ZONE.replace("104.0800, 30.6550", "104.08, 1E999"))))
                .contains("$.polygon[2][1]: not a finite number (overflows a double)");
        assertThat(CODEC.decode(
                                Contract.SIGNAL_EVENTS,
                                utf8(Examples.SIGNAL_EVENT.replace("}", ", \"x\": {\"y\": [9e9999]}}")),
                                SignalEvent.class)
                        .error())
                .startsWith("$.x.y[0]: not a finite number");
        // A tiny number rounds to zero: finite, fine.
        assertThat(CODEC.decode(
                                Contract.VEHICLE_POSITIONS,
                                utf8(Examples.VEHICLE_POSITION.replace("11.2", "1e-400")),
                                VehiclePosition.class)
                        .ok())
                .isTrue();
    }

    @Test
    void deepNestingIsRejectedWithoutAStackOverflow() {
        String deep = "[".repeat(400) + "]".repeat(400);
        Decoded<SignalEvent> d = CODEC.decode(
                Contract.SIGNAL_EVENTS,
                utf8(Examples.SIGNAL_EVENT.replace("}", ", \"x\": " + deep + "}")),
                SignalEvent.class);
        assertThat(d.error()).startsWith("not JSON").contains("nesting depth");
        String nested64 =
                "[".repeat(ContractCodec.MAX_NESTING_DEPTH - 1) + "]".repeat(ContractCodec.MAX_NESTING_DEPTH - 1);
        assertThat(CODEC.decode(
                                Contract.SIGNAL_EVENTS,
                                utf8(Examples.SIGNAL_EVENT.replace("}", ", \"x\": " + nested64 + "}")),
                                SignalEvent.class)
                        .ok())
                .isTrue();
    }

    @Test
    void hugeStringsAndNumberLiteralsAreRejected() {
        String huge = "x".repeat(ContractCodec.MAX_STRING_CHARS + 1);
        assertThat(CODEC.decode(
                                Contract.SIGNAL_EVENTS,
                                utf8(Examples.SIGNAL_EVENT.replace("\"227\"", "\"" + huge + "\"")),
                                SignalEvent.class)
                        .error())
                .startsWith("not JSON")
                .contains("String value length");
        assertThat(CODEC.decode(
                                Contract.SIGNAL_EVENTS,
                                utf8(Examples.SIGNAL_EVENT.replace("27}", "1" + "0".repeat(1000) + "}")),
                                SignalEvent.class)
                        .error())
                .startsWith("not JSON")
                .contains("Number value length");
    }

    @Test
    void implausibleTsIsRejectedAgainstTheWallClock() {
        Instant now = Instant.parse("2024-05-13T15:00:00Z");
        PlausibleTime plausible = new PlausibleTime(Duration.ofSeconds(300), Clock.fixed(now, ZoneOffset.UTC));
        Function<Long, Decoded<SignalEvent>> decodeAt = ts -> CODEC.decode(
                Contract.SIGNAL_EVENTS,
                utf8("{\"device_id\": \"227\", \"ts\": " + ts + ", \"code\": 82, \"param\": 1}"),
                SignalEvent.class,
                plausible);

        assertThat(decodeAt.apply(now.toEpochMilli() + 300_000).ok()).isTrue();
        assertThat(decodeAt.apply(now.toEpochMilli() + 300_001).error())
                .isEqualTo(
                        "$.ts: implausible, 2024-05-13T15:05:00.001Z is more than 300 s ahead of the wall clock (2024-05-13T15:00:00Z)");
        assertThat(decodeAt.apply(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
                        .error())
                .startsWith("$.ts: implausible");
        assertThat(decodeAt.apply(Long.MAX_VALUE).error()).startsWith("$.ts: implausible");
        // Old logs replay fine; only before 2000 is implausible.
        assertThat(decodeAt.apply(PlausibleTime.EARLIEST_MS).ok()).isTrue();
        assertThat(decodeAt.apply(PlausibleTime.EARLIEST_MS - 1).error())
                .isEqualTo("$.ts: implausible, 946684799999 is before 2000-01-01T00:00:00Z");
        // The configured bound is used.
        PlausibleTime strict = new PlausibleTime(Duration.ZERO, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(CODEC.decode(
                                Contract.SIGNAL_EVENTS,
                                utf8("{\"device_id\": \"227\", \"ts\": " + (now.toEpochMilli() + 1)
                                        + ", \"code\": 82, \"param\": 1}"),
                                SignalEvent.class,
                                strict)
                        .error())
                .startsWith("$.ts: implausible");
        // A dead letter's ts is another record's Kafka timestamp: not checked.
        assertThat(CODEC.decode(
                                Contract.DLQ,
                                CODEC.encode(DeadLetter.of("t", 0, 0, 0, "r", new byte[] {1})),
                                DeadLetter.class,
                                plausible)
                        .ok())
                .isTrue();
    }

    /** NTCIP 1202 v3 controllers log detector channels and phases up to 255: valid, not dead letters. */
    @Test
    void channelsAndPhasesUpTo255AreValid() {
        for (String event : List.of(
                "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 82, \"param\": 65}",
                "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 81, \"param\": 255}",
                "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 1, \"param\": 17}",
                "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 45, \"param\": 200}")) {
            assertThat(CODEC.decode(Contract.SIGNAL_EVENTS, utf8(event), SignalEvent.class)
                            .error())
                    .as(event)
                    .isNull();
        }
    }

    /** A measure's bin_start is the green-wave planner's event time: it is held to the same bounds as a ts. */
    @Test
    void implausibleBinStartOfAMeasureIsRejected() {
        Instant now = Instant.parse("2024-05-13T15:00:00Z");
        PlausibleTime plausible = new PlausibleTime(Duration.ofSeconds(300), Clock.fixed(now, ZoneOffset.UTC));
        Function<Long, Decoded<SignalMeasure>> decodeAt = binStart -> CODEC.decode(
                Contract.SIGNAL_MEASURES,
                utf8("{\"measure\": \"actuations\", \"device_id\": \"227\", \"bin_start\": " + binStart
                        + ", \"detector\": 5, \"total\": 42}"),
                SignalMeasure.class,
                plausible);

        assertThat(decodeAt.apply(now.toEpochMilli() - 900_000).ok()).isTrue();
        assertThat(decodeAt.apply(Instant.parse("2034-05-13T15:00:00Z").toEpochMilli())
                        .error())
                .startsWith("$.bin_start: implausible, 2034-05-13T15:00:00Z is more than 300 s ahead");
        assertThat(decodeAt.apply(0L).error()).isEqualTo("$.bin_start: implausible, 0 is before 2000-01-01T00:00:00Z");
    }

    @Test
    void reasonsAreShortAndReadable() {
        Decoded<SignalEvent> d = CODEC.decode(
                Contract.SIGNAL_EVENTS,
                utf8("{\"device_id\": \"227\", \"ts\": \"1715612400100\", \"code\": 82, \"param\": 27}"),
                SignalEvent.class);
        assertThat(d.error()).isEqualTo("$.ts: string found, integer expected");
        Decoded<SignalEvent> many = CODEC.decode(Contract.SIGNAL_EVENTS, utf8("{\"x\": 1}"), SignalEvent.class);
        assertThat(many.error()).contains("device_id").contains("more").hasSizeLessThan(300);
    }

    @Test
    void decodeRejectsProgrammingErrorsLoudly() {
        assertThatThrownBy(() -> CODEC.decode(Contract.SIGNAL_EVENTS, utf8(Examples.SIGNAL_EVENT), Alert.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CODEC.decode(Contract.ZONES, utf8(Examples.ZONES), BikeZone.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- reference files

    @Test
    void networkDecodes() {
        Network n = CODEC.decodeNetwork(utf8(Examples.NETWORK));
        Network.Intersection i = n.intersection("227").orElseThrow();
        assertThat(i.approaches().get(0).detectors())
                .extracting(Network.Detector::function)
                .containsExactly(Network.Detector.ADVANCE, Network.Detector.PRESENCE);
        assertThat(i.timing().coordinatedPhases()).containsExactly(2, 6);
        assertThat(i.timing().phases().get(0).pedClearS()).isEqualTo(12.0);
        Network.Corridor c = n.corridor("c1").orElseThrow();
        assertThat(c.outbound().phaseByDevice()).containsEntry("452", 2);
        assertThat(c.linkLengthM()).containsExactly(310.0, 295.0);
        assertThat(c.maxCycleOrDefault()).isEqualTo(180);
    }

    @Test
    void networkWithoutCorridorsHasAnEmptyList() {
        Network n = CODEC.decodeNetwork(utf8("{\"intersections\": []}"));
        assertThat(n.corridors()).isEmpty();
    }

    @Test
    void badNetworkFailsLoudly() {
        assertThatThrownBy(() -> CODEC.decodeNetwork(utf8(Examples.NETWORK.replace("\"advance\"", "\"loop\""))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function");
        assertThatThrownBy(() -> CODEC.decodeNetwork(utf8("not json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void zonesFileIsAnArrayOrAWrapper() {
        List<BikeZone> plain = CODEC.decodeZones(utf8(Examples.ZONES));
        List<BikeZone> wrapped = CODEC.decodeZones(utf8("{\"zones\": " + Examples.ZONES + ", \"version\": 3}"));
        assertThat(plain).hasSize(1).isEqualTo(wrapped);
        assertThat(plain.get(0).polygon()).hasSize(4).first().isEqualTo(List.of(104.0790, 30.6540));
        assertThat(plain.get(0).capacity()).isEqualTo(40);
        assertThat(CODEC.decodeZones(utf8("[]"))).isEmpty();
    }

    @Test
    void badZonesFileFailsLoudly() {
        assertThatThrownBy(() ->
                        CODEC.decodeZones(utf8(Examples.ZONES.replace("\"capacity\": 40", "\"capacity\": \"40\""))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
        assertThatThrownBy(() -> CODEC.decodeZones(utf8("{\"fences\": []}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zones");
        assertThatThrownBy(() -> CODEC.decodeZones(utf8("42"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kitchensFileIsAnArrayOrAWrapper() {
        List<Kitchen> wrapped = CODEC.decodeKitchens(utf8(Examples.KITCHENS));
        List<Kitchen> plain = CODEC.decodeKitchens(utf8("[" + Examples.KITCHEN + "]"));
        assertThat(wrapped)
                .isEqualTo(plain)
                .containsExactly(
                        new Kitchen("sc-0451", "No. 7 Primary School canteen", Kitchen.SCHOOL_CANTEEN, "Jinjiang"));
        assertThatThrownBy(
                        () -> CODEC.decodeKitchens(utf8("[" + Examples.KITCHEN.replace("school_canteen", "bar") + "]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind");
    }

    // ---------------------------------------------------------------- keys, concurrency

    @Test
    void keysAreTheContractKeyFields() {
        assertThat(CODEC.key(Contract.SIGNAL_EVENTS, new SignalEvent("227", 1, 82, 3)))
                .isEqualTo("227");
        assertThat(CODEC.key(Contract.BIKE_EVENTS, new BikeEvent("b-1", "o", 1, "unpark", null, null)))
                .isEqualTo("b-1");
        assertThat(CODEC.key(Contract.ALERTS, RecordSamples.alert())).isEqualTo("z-17");
        assertThat(CODEC.key(Contract.BIKE_DISPATCH_TASKS, RecordSamples.dispatchTask()))
                .isEqualTo("z-17");
        assertThat(CODEC.key(Contract.SIGNAL_MEASURES, new SignalMeasure.Actuations("454", 0, 1, 2)))
                .isEqualTo("454");
        assertThat(CODEC.keyBytes(Contract.DLQ, DeadLetter.of("bike.events", 0, 1, 2, "r", new byte[] {1})))
                .isEqualTo(utf8("bike.events"));
        assertThat(CODEC.key(Contract.NETWORK, new Network(List.of(), List.of())))
                .isNull();
        assertThatThrownBy(() -> CODEC.key(Contract.ALERTS, new SignalEvent("227", 1, 82, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("recordContracts")
    void keyOfADecodedRecordIsTheValueOfItsKeyField(Contract contract) throws Exception {
        Object value = CODEC.decode(contract, utf8(Examples.GOOD.get(contract)), contract.javaType())
                .value();
        String expected = contract.keyField() == null
                ? null
                : JSON.readTree(Examples.GOOD.get(contract))
                        .get(contract.keyField())
                        .asText();
        assertThat(CODEC.key(contract, value)).isEqualTo(expected);
    }

    @Test
    void decodeIsThreadSafe() {
        long ok = IntStream.range(0, 20_000)
                .parallel()
                .mapToObj(i -> "{\"device_id\": \"" + (i % 50) + "\", \"ts\": " + (1715612400000L + i)
                        + ", \"code\": 82, \"param\": " + (1 + i % 64) + "}")
                .map(s -> CODEC.decode(Contract.SIGNAL_EVENTS, utf8(s), SignalEvent.class))
                .filter(Decoded::isOk)
                .count();
        assertThat(ok).isEqualTo(20_000);
    }

    // ----------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static <T> T assertOk(Contract contract, String json) {
        Decoded<?> d = CODEC.decode(contract, utf8(json), contract.javaType());
        assertThat(d.error()).as(json).isNull();
        return (T) d.value();
    }
}
