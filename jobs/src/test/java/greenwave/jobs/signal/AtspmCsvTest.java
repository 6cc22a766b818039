package greenwave.jobs.signal;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtspmCsvTest {
    static final long T0 = 1_715_612_400_000L; // 2024-05-13 15:00:00 UTC

    @Test
    void readsEventsWithOptionalFractionsAsUtc() throws Exception {
        List<SignalEvent> events = AtspmCsv.readEvents(new StringReader("""
                TimeStamp,DeviceId,EventId,Parameter
                2024-05-13 15:00:00,227,82,27
                2024-05-13 15:00:00.1,452,1,2
                2024-05-13 15:23:18.483,227,500,30
                """));
        assertThat(events)
                .containsExactly(
                        new SignalEvent("227", T0, 82, 27),
                        new SignalEvent("452", T0 + 100, 1, 2),
                        new SignalEvent("227", T0 + 23 * 60_000 + 18_483, 500, 30));
    }

    @Test
    void readsTheAtspmDetectorConfiguration() throws Exception {
        Map<String, SignalLayout> layouts = SignalLayout.fromAtspmDetectorsCsv(new StringReader("""
                DeviceId,Phase,Function,Parameter
                227,2,Advance,3
                227,2,Presence,5
                227,5,Stopbar Count,35
                452,1,Yellow_Red,41
                """));
        assertThat(layouts).containsOnlyKeys("227", "452");
        SignalLayout l = layouts.get("227");
        assertThat(l.phasesWith(SignalLayout.Function.ADVANCE)).containsExactly(2);
        assertThat(l.detectorsOf(35))
                .containsExactly(new SignalLayout.Detector(35, 5, SignalLayout.Function.STOPBAR_COUNT, null, null));
        assertThat(l.lanes(2)).isNull();
        assertThat(layouts.get("452").detectors())
                .extracting(SignalLayout.Detector::function)
                .containsExactly(SignalLayout.Function.YELLOW_RED);
    }

    @Test
    void writesTheReferenceFilesSortedWithTheReferenceColumns(@TempDir Path dir) throws Exception {
        AtspmCsv.writeReference(
                dir,
                List.of(
                        new SignalMeasure.Actuations("452", T0, 14, 11),
                        new SignalMeasure.Actuations("227", T0, 5, 3),
                        new SignalMeasure.Actuations("227", T0 - 900_000, 9, 1),
                        new SignalMeasure.Terminations("227", T0, 2, "ForceOff", 7),
                        new SignalMeasure.ArrivalsOnGreen("452", T0, 2, 203, 127, 127.0 / 203),
                        new SignalMeasure.ArrivalsOnGreen("452", T0, 4, 10, 0, 0.0),
                        new SignalMeasure.SplitFailures("227", T0, 6, 7, 69.95, 0.47173423, 0.3, 0),
                        new SignalMeasure.YellowRedActuations("452", T0, 1, 10, 0.0, 2),
                        new SignalMeasure.YellowRedActuations("452", T0, 1, 8, -0.0, 1),
                        new SignalMeasure.YellowRedActuations("227", T0, 6, 1, -6.5, 3)));
        assertThat(Files.readString(dir.resolve("actuations.csv"))).isEqualTo("""
                TimeStamp,DeviceId,Detector,Total
                2024-05-13 14:45:00,227,9,1
                2024-05-13 15:00:00,227,5,3
                2024-05-13 15:00:00,452,14,11
                """);
        assertThat(Files.readString(dir.resolve("terminations.csv"))).isEqualTo("""
                TimeStamp,DeviceId,Phase,PerformanceMeasure,Total
                2024-05-13 15:00:00,227,2,ForceOff,7
                """);
        assertThat(Files.readString(dir.resolve("arrival_on_green.csv"))).isEqualTo("""
                TimeStamp,DeviceId,Phase,Total_Actuations,Percent_AOG
                2024-05-13 15:00:00,452,2,203,0.6256158
                """);
        assertThat(Files.readString(dir.resolve("split_failures.csv"))).isEqualTo("""
                TimeStamp,DeviceId,Phase,Green_Time,Green_Occupancy,Red_Occupancy,Split_Failure
                2024-05-13 15:00:00,227,6,69.95,0.47173423,0.3,0
                """);
        assertThat(Files.readString(dir.resolve("yellow_red.csv"))).isEqualTo("""
                TimeStamp,DeviceId,Phase,Signal_State,Red_Offset,Count
                2024-05-13 15:00:00,227,6,1,-6.5,3.0
                2024-05-13 15:00:00,452,1,8,-0.0,1.0
                2024-05-13 15:00:00,452,1,10,0.0,2.0
                """);
    }
}
