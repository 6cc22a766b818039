package greenwave.jobs.bike;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.BikeEvent;
import greenwave.schemas.BikeZone;
import greenwave.schemas.BlacklistEntry;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The demo's shipped bike sample is what the generator makes, and fits the contract (but its 4 planted bad records). */
class BikeDemoSampleTest {
    static final ContractCodec CODEC = ContractCodec.shared();

    static InputStream resource(String name) {
        InputStream in = BikeDemoSampleTest.class.getClassLoader().getResourceAsStream("demo/bikes/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    @Test
    void theShippedSampleIsTheGeneratedDemoScenarioAndFitsTheContract() throws Exception {
        BikeScenario.Scenario expected = BikeScenario.generate(BikeScenario.Options.demo());
        List<BikeZone> zones;
        try (InputStream in = resource("zones.json")) {
            zones = CODEC.decodeZones(in.readAllBytes());
        }
        assertThat(zones).isEqualTo(expected.zones());
        try (var r =
                new BufferedReader(new InputStreamReader(resource("bike.blacklist.jsonl"), StandardCharsets.UTF_8))) {
            List<String> lines = r.lines().toList();
            assertThat(lines)
                    .hasSameSizeAs(expected.blacklist())
                    .allSatisfy(l -> assertThat(CODEC.decode(
                                            Contract.BIKE_BLACKLIST,
                                            l.getBytes(StandardCharsets.UTF_8),
                                            BlacklistEntry.class)
                                    .ok())
                            .as(l)
                            .isTrue());
        }
        try (var r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(resource("bike.events.jsonl.gz")), StandardCharsets.UTF_8))) {
            List<String> lines = r.lines().toList();
            assertThat(lines).isEqualTo(expected.eventLines());
            long bad = lines.stream()
                    .filter(l -> !CODEC.decode(
                                    Contract.BIKE_EVENTS, l.getBytes(StandardCharsets.UTF_8), BikeEvent.class)
                            .ok())
                    .count();
            assertThat(bad).isEqualTo(expected.malformed());
        }
    }
}
