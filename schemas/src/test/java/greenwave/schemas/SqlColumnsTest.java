package greenwave.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlColumnsTest {

    private static List<String> columns(Contract contract) {
        return SqlColumns.of(contract).stream()
                .map(c -> c.name() + " " + c.sqlType())
                .toList();
    }

    @Test
    void signalEventsAreFourTypedColumns() {
        assertThat(columns(Contract.SIGNAL_EVENTS))
                .containsExactly("device_id STRING", "ts BIGINT", "code BIGINT", "param BIGINT");
        assertThat(SqlColumns.of(Contract.SIGNAL_EVENTS).get(1).description()).contains("epoch milliseconds");
    }

    @Test
    void measureKindsAddTheirFieldsFromTheDefs() {
        List<String> measures = columns(Contract.SIGNAL_MEASURES);
        assertThat(measures.get(0)).isEqualTo("measure STRING");
        // fields of different measure kinds, each once
        assertThat(measures)
                .contains("device_id STRING", "bin_start BIGINT", "split_failures BIGINT", "green_occupancy DOUBLE");
        assertThat(measures).doesNotHaveDuplicates();
        assertThat(columns(Contract.PROBE_MEASURES)).contains("measure STRING", "mean_running_s DOUBLE");
    }

    @Test
    void nullableTypesArraysAndObjects() {
        List<String> plans = columns(Contract.SIGNAL_TIMING_PLANS);
        assertThat(plans)
                .contains(
                        "reason STRING",
                        "coordinated_phases ARRAY<BIGINT>",
                        "phases ARRAY<ROW<`phase` BIGINT, `green_s` DOUBLE, `yellow_s` DOUBLE, `red_clear_s` DOUBLE>>",
                        "predicted ROW<`bandwidth_outbound_s` DOUBLE, `bandwidth_inbound_s` DOUBLE, `delay_s_per_veh` DOUBLE>");
        // an object without declared properties is a map (written back as a JSON object)
        assertThat(columns(Contract.ALERTS)).contains("details MAP<STRING, STRING>", "opened_at BIGINT");
        assertThat(columns(Contract.BIKE_EVENTS)).contains("lat DOUBLE", "lon DOUBLE");
        // a branch that only adds minItems keeps the type; a [lon, lat] tuple is an array of numbers
        assertThat(columns(Contract.BIKE_DISPATCH_TASKS)).contains("bike_ids ARRAY<STRING>");
        assertThat(columns(Contract.BIKE_ZONES)).contains("polygon ARRAY<ARRAY<DOUBLE>>");
    }

    @Test
    void everyTopicHasItsKeyFieldAndADescription() {
        for (Contract c : Contract.topics()) {
            assertThat(SqlColumns.of(c)).as(c.name()).isNotEmpty();
            assertThat(SqlColumns.of(c).stream().map(SqlColumns.Column::name))
                    .as(c.name())
                    .contains(c.keyField());
            assertThat(SqlColumns.description(c)).as(c.name()).isNotBlank();
        }
    }

    @Test
    void referenceFilesAreNotTables() {
        assertThatThrownBy(() -> SqlColumns.of(Contract.NETWORK)).isInstanceOf(IllegalArgumentException.class);
    }
}
