package greenwave.jobs.signal;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden test: the engine reproduces the open-source ATSPM package's results on real controller logs
 * (test resources atspm-golden). Exact duplicate events are dropped (the contract: an exact duplicate counts once; the
 * reference's loader also does {@code SELECT DISTINCT}).
 */
class AtspmGoldenTest {

    @Test
    void reproducesTheAtspmReference() throws Exception {
        Path dir = AtspmReference.dataDir();
        List<SignalEvent> events = AtspmCsv.readEvents(dir.resolve("events.csv.gz"));
        Set<SignalEvent> distinct = new HashSet<>(events);
        System.out.println("[atspm golden] events " + events.size() + ", exact duplicates dropped "
                + (events.size() - distinct.size()));
        Map<String, SignalLayout> layouts = SignalLayout.fromAtspmDetectorsCsv(dir.resolve("detectors.csv"));
        List<SignalMeasure> produced = new ArrayList<>();
        AtspmReference.eventsByDevice(events).forEach((dev, sorted) -> {
            SignalMeasureEngine engine = new SignalMeasureEngine(dev, layouts.get(dev), MeasureSettings.defaults());
            AtspmReference.run(engine, sorted, produced::add);
        });
        Path expected = dir.resolve("expected");
        List<String> diffs = AtspmReference.compare(expected, produced);
        System.out.println(
                "[atspm golden] " + AtspmReference.summary(expected, produced) + ", mismatches " + diffs.size());
        diffs.stream().limit(200).forEach(d -> System.out.println("[atspm golden] " + d));
        assertThat(diffs).as("differences from the ATSPM reference").isEmpty();

        // the written CSVs hold the reference's lines verbatim (float32 values printed as the reference does)
        Path written = Path.of("target", "atspm-golden");
        AtspmCsv.writeReference(written, produced);
        List<String> textDiffs = AtspmReference.compareCsvText(expected, written);
        textDiffs.stream().limit(50).forEach(d -> System.out.println("[atspm golden] " + d));
        assertThat(textDiffs).as("written CSV lines vs the reference's").isEmpty();
    }

    /**
     * The file holds 80 exact duplicate rows. The reference's loader reads with {@code SELECT DISTINCT}, so it counts
     * each once, like the contract; here every duplicate has a code none of the five measures reads (87, 88, 150,
     * 500-503), so keeping them changes nothing, which this test pins down.
     */
    @Test
    void theDuplicateRowsDoNotTouchTheFiveMeasures() throws Exception {
        Path dir = AtspmReference.dataDir();
        List<SignalEvent> events = AtspmCsv.readEvents(dir.resolve("events.csv.gz"));
        Set<SignalEvent> seen = new HashSet<>();
        java.util.TreeSet<Integer> dupCodes = new java.util.TreeSet<>();
        for (SignalEvent e : events) {
            if (!seen.add(e)) {
                dupCodes.add(e.code());
            }
        }
        System.out.println("[atspm golden] codes of the duplicate rows: " + dupCodes);
        assertThat(dupCodes).doesNotContain(1, 4, 5, 6, 8, 10, 81, 82);
        Map<String, SignalLayout> layouts = SignalLayout.fromAtspmDetectorsCsv(dir.resolve("detectors.csv"));
        List<SignalMeasure> produced = new ArrayList<>();
        AtspmReference.eventsByDevice(events, false)
                .forEach((dev, sorted) -> AtspmReference.run(
                        new SignalMeasureEngine(dev, layouts.get(dev), MeasureSettings.defaults()),
                        sorted,
                        produced::add));
        assertThat(AtspmReference.compare(dir.resolve("expected"), produced)).isEmpty();
    }
}
