package greenwave.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContractTest {

    @Test
    void namesTypesAndKeys() {
        assertThat(Contract.SIGNAL_EVENTS.defaultName()).isEqualTo("signal.events");
        assertThat(Contract.SIGNAL_EVENTS.javaType()).isEqualTo(SignalEvent.class);
        assertThat(Contract.SIGNAL_EVENTS.keyField()).isEqualTo("device_id");
        assertThat(Contract.SIGNAL_EVENTS.schemaResource()).isEqualTo("schemas/signal.events.schema.json");
        assertThat(Contract.NETWORK.defaultName()).isEqualTo("network.json");
        assertThat(Contract.NETWORK.schemaResource()).isEqualTo("schemas/network.schema.json");
        assertThat(Contract.NETWORK.javaType()).isEqualTo(Network.class);
        assertThat(Contract.NETWORK.defaultTopic()).isNull();
        assertThat(Contract.ZONES.schemaResource()).isEqualTo("schemas/zones.schema.json");
        assertThat(Contract.KITCHENS.schemaResource()).isEqualTo("schemas/kitchens.schema.json");
        assertThat(Contract.SIGNAL_MEASURES.javaType()).isEqualTo(SignalMeasure.class);
        assertThat(Contract.DLQ.javaType()).isEqualTo(DeadLetter.class);
        assertThat(Contract.FOOD_CAMERA_EVENTS.defaultTopic()).isEqualTo("food.camera-events");
        assertThat(Contract.VEHICLE_POSITIONS.keyField()).isEqualTo("vehicle_id");
        assertThat(Contract.BIKE_EVENTS.keyField()).isEqualTo("bike_id");
        assertThat(Contract.BIKE_ZONES.keyField()).isEqualTo("zone_id");
        assertThat(Contract.BIKE_BLACKLIST.keyField()).isEqualTo("bike_id");
        assertThat(Contract.FOOD_OPERATIONS.keyField()).isEqualTo("kitchen_id");
        assertThat(Contract.FOOD_KITCHENS.keyField()).isEqualTo("kitchen_id");
        assertThat(Contract.SIGNAL_TIMING_PLANS.keyField()).isEqualTo("device_id");
        assertThat(Contract.SIGNAL_PLAN_ACKS.keyField()).isEqualTo("device_id");
        assertThat(Contract.BIKE_DISPATCH_TASKS.keyField()).isEqualTo("zone_id");
        assertThat(Contract.ALERTS.keyField()).isEqualTo("subject_id");
        assertThat(Contract.topics()).hasSize(Contract.values().length - 3).doesNotContain(Contract.NETWORK);
    }

    @Test
    void theCommandTopicsAreThePlansAndTheDispatchTasks() {
        assertThat(Contract.commandTopics())
                .containsExactly(Contract.SIGNAL_TIMING_PLANS, Contract.BIKE_DISPATCH_TASKS);
        assertThat(Contract.SIGNAL_TIMING_PLANS.command().writer()).isEqualTo("the green-wave planner");
        assertThat(Contract.SIGNAL_PLAN_ACKS.isCommandTopic()).isFalse();
        assertThat(Contract.SIGNAL_PLAN_ACKS.command()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Contract.class)
    void everySchemaResourceExistsAndForNameFindsIt(Contract contract) {
        assertThat(getClass().getClassLoader().getResource(contract.schemaResource()))
                .isNotNull();
        assertThat(Contract.forName(contract.defaultName())).isEqualTo(contract);
    }

    @ParameterizedTest
    @EnumSource(Contract.class)
    void keyFieldIsARequiredStringOfTheSchema(Contract contract) {
        if (contract.keyField() == null) {
            assertThat(contract.kind()).isNotEqualTo(Contract.Kind.TOPIC);
            return;
        }
        var schema = Schemas.load(contract);
        if (contract == Contract.SIGNAL_MEASURES) {
            schema.get("$defs")
                    .forEach(def -> assertThat(def.get("required").toString()).contains("\"device_id\""));
        } else if (contract == Contract.PROBE_MEASURES) {
            // keyed per kind (ProbeMeasure.key()): device_id for approach delay, corridor_id for link travel times
            assertThat(schema.get("$defs")
                            .get("probe_approach_delay")
                            .get("required")
                            .toString())
                    .contains("\"device_id\"");
            assertThat(schema.get("$defs")
                            .get("link_travel_time")
                            .get("required")
                            .toString())
                    .contains("\"corridor_id\"");
        } else {
            assertThat(schema.get("required").toString()).contains("\"" + contract.keyField() + "\"");
            assertThat(schema.get("properties")
                            .get(contract.keyField())
                            .get("type")
                            .asText())
                    .isEqualTo("string");
        }
    }

    @Test
    void unknownNameFails() {
        assertThatThrownBy(() -> Contract.forName("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
