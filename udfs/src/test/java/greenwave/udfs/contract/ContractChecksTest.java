package greenwave.udfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContractChecksTest {
    private static final String EVENT = "{\"device_id\": \"227\", \"ts\": 1715612400100, \"code\": 82, \"param\": 27}";
    private static final String ZONE =
            "{\"zone_id\": \"z-7\", \"polygon\": [[104.0, 30.0], [104.1, 30.0], [104.1, 30.1]], \"capacity\": 4}";

    @Test
    void contractsByTheirDefaultTopicOrFileName() {
        assertThat(ContractChecks.contract("signal.events")).isEqualTo(Contract.SIGNAL_EVENTS);
        assertThat(ContractChecks.contract("zones.json")).isEqualTo(Contract.ZONES);
        assertThat(ContractChecks.contract("signal.event")).isNull();
        assertThat(ContractChecks.contract("SIGNAL_EVENTS")).isNull();
        assertThat(ContractChecks.contract(null)).isNull();
        assertThat(ContractChecks.names()).contains("signal.events", "bike.zones", "dlq");
    }

    @Test
    void validRecordsHaveNoErrorAndTheirKey() {
        assertThat(ContractChecks.error(Contract.SIGNAL_EVENTS, EVENT)).isNull();
        assertThat(ContractChecks.key(Contract.SIGNAL_EVENTS, EVENT)).isEqualTo("227");
        assertThat(ContractChecks.error(Contract.BIKE_ZONES, ZONE)).isNull();
        assertThat(ContractChecks.key(Contract.BIKE_ZONES, ZONE)).isEqualTo("z-7");
        assertThat(ContractChecks.error(Contract.ZONES, "[" + ZONE + "]")).isNull();
        assertThat(ContractChecks.key(Contract.ZONES, "[" + ZONE + "]")).isNull(); // a file has no key
    }

    /** The reason is the one the jobs' decoder gives, i.e. what the record would carry to dlq. */
    @Test
    void invalidRecordsHaveTheDeadLetterReasonAndNoKey() {
        String stringTs = EVENT.replace("1715612400100", "\"1715612400100\"");
        assertThat(ContractChecks.error(Contract.SIGNAL_EVENTS, stringTs))
                .isEqualTo("$.ts: string found, integer expected");
        assertThat(ContractChecks.key(Contract.SIGNAL_EVENTS, stringTs)).isNull();
        assertThat(ContractChecks.error(Contract.SIGNAL_EVENTS, "{\"device_id\": \"227\""))
                .startsWith("not JSON: ");
        assertThat(ContractChecks.error(Contract.SIGNAL_EVENTS, "")).isEqualTo("not JSON: empty payload");
        assertThat(ContractChecks.error(Contract.SIGNAL_EVENTS, "[1]")).isEqualTo("not a JSON object: array found");
        String phase256 = EVENT.replace("\"code\": 82, \"param\": 27", "\"code\": 1, \"param\": 256");
        assertThat(ContractChecks.error(Contract.SIGNAL_EVENTS, phase256)).contains("$.param");
        for (String json : new String[] {stringTs, phase256, "{}", "null"}) {
            assertThat(ContractChecks.error(Contract.SIGNAL_EVENTS, json))
                    .isEqualTo(ContractCodec.shared()
                            .decode(Contract.SIGNAL_EVENTS, json.getBytes(StandardCharsets.UTF_8), Object.class)
                            .error());
        }
        assertThat(ContractChecks.error(Contract.ZONES, "[{\"zone_id\": \"z\"}]"))
                .contains("polygon");
    }
}
