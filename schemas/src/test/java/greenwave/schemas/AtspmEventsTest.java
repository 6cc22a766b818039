package greenwave.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Every event of the real controller logs of the ATSPM golden data ({@code jobs/src/test/resources/atspm-golden}), converted to the wire format as
 * that data's README says, is a valid {@code signal.events} record: the schema must not dead-letter real data
 * (vendor codes above 255, parameters of -1).
 */
class AtspmEventsTest {

    @Test
    void everyRealEventIsAValidSignalEvent() throws Exception {
        assertThat(rejected(0)).isEmpty();
    }

    /**
     * The same controllers wired to detector channels 191..254 (NTCIP 1202 v3 controllers log channels up to 255):
     * still no dead letter.
     */
    @Test
    void theRealEventsOnChannelsAbove64AreValidToo() throws Exception {
        assertThat(rejected(190)).isEmpty();
    }

    /** The real events that the contract rejects (at most 10), with each detector channel moved up by {@code shift}. */
    private static List<String> rejected(int shift) throws Exception {
        Path events = Path.of(
                System.getProperty("greenwave.repo", ".."), "jobs/src/test/resources/atspm-golden", "events.csv.gz");
        assertThat(events).as("the ATSPM golden data").isRegularFile();
        ContractCodec codec = ContractCodec.shared();
        List<String> rejected = new ArrayList<>();
        int n = 0;
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(events)), StandardCharsets.UTF_8))) {
            in.readLine(); // header
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                long ts = LocalDateTime.parse(f[0].replace(' ', 'T'))
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli();
                int code = Integer.parseInt(f[2]);
                int param = Integer.parseInt(f[3]) + (code == 81 || code == 82 ? shift : 0);
                String json = "{\"device_id\": \"" + f[1] + "\", \"ts\": " + ts + ", \"code\": " + code
                        + ", \"param\": " + param + "}";
                Decoded<SignalEvent> d =
                        codec.decode(Contract.SIGNAL_EVENTS, json.getBytes(StandardCharsets.UTF_8), SignalEvent.class);
                if (!d.ok() && rejected.size() < 10) {
                    rejected.add(line + " -> " + d.error());
                }
                n++;
            }
        }
        assertThat(n).isEqualTo(149_498);
        return rejected;
    }
}
