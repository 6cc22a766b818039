package greenwave.jobs.signal;

import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden test: the engine reproduces the open-source ATSPM package's results on real controller logs
 * (shared/data/atspm). Exact duplicate events are dropped (the contract: an exact duplicate counts once; the
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
        System.out.println("[atspm golden] " + AtspmReference.summary(expected, produced) + ", mismatches "
                + diffs.size());
        diffs.stream().limit(200).forEach(d -> System.out.println("[atspm golden] " + d));
        assertThat(diffs).as("differences from the ATSPM reference").isEmpty();
    }
}
