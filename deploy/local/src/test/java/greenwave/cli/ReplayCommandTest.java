package greenwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code replay} and {@code atspm} commands as a user runs them: real broker, real Flink, real Iceberg, files in
 * and files out; malformed input on any input topic ends in {@code dlq}; each batch's output holds only its own.
 */
class ReplayCommandTest {
    private static final long T0 = 1_715_612_400_000L; // 2024-05-13 15:00 UTC

    @TempDir
    Path tmp;

    private static final String NETWORK = """
            {"intersections": [{"device_id": "227", "name": "Main & 1st", "lat": 30.65, "lon": 104.06,
              "approaches": [{"approach_id": "227-EB", "direction": "EB", "bearing_deg": 90.0, "phase": 2, "lanes": 2,
                "stopbar_lat": 30.64995, "stopbar_lon": 104.0599, "speed_limit_mps": 13.9, "zone_length_m": 250.0,
                "detectors": [{"channel": 3, "function": "advance", "distance_m": 120.0},
                              {"channel": 5, "function": "presence", "distance_m": 0.0}]}],
              "timing": {"cycle_s": 90, "offset_s": 0, "coordinated_phases": [2, 6],
                "phases": [{"phase": 2, "green_s": 46, "min_green_s": 10, "max_green_s": 70, "yellow_s": 4,
                            "red_clear_s": 1, "ped_clear_s": 12}]}}]}
            """;

    private record Run(int exitCode, String out, String err) {}

    private static Run greenwave(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Greenwave.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String event(long ts, int code, int param) {
        return "{\"device_id\":\"227\",\"ts\":" + ts + ",\"code\":" + code + ",\"param\":" + param + "}";
    }

    private Path batch(String name, List<String> signalEvents, List<String> positions) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("network.json"), NETWORK);
        Files.write(dir.resolve("signal.events.jsonl"), signalEvents);
        if (positions != null) {
            Files.write(dir.resolve("vehicle.positions.jsonl"), positions);
        }
        return dir;
    }

    private Run replay(Path input, Path out) {
        return greenwave(
                "replay",
                "--input",
                input.toString(),
                "--out",
                out.toString(),
                "--data-dir",
                tmp.resolve("stack").toString(),
                "--kafka-port",
                "0",
                "--web-ui-port",
                "0");
    }

    @Test
    void replaysBatchesAndWritesEachBatchsOutputTopics() throws Exception {
        Path first = batch(
                "first",
                List.of(
                        event(T0 + 1_000, 1, 2),
                        event(T0 + 5_000, 82, 3),
                        event(T0 + 6_000, 82, 3),
                        "{\"device_id\": 227, \"ts\": 1715612400000, \"code\": 82, \"param\": 3}"),
                List.of(
                        "{\"vehicle_id\":\"v-1\",\"ts\":1715612400000,\"lat\":30.6571,\"lon\":104.0657,\"speed_mps\":11.2,\"heading_deg\":87.0}",
                        "{\"vehicle_id\":\"v-2\",\"ts\":1715612400000,\"lat\":95.0,\"lon\":104.0657,\"speed_mps\":11.2,\"heading_deg\":87.0}"));
        Path out1 = tmp.resolve("out1");
        Run run1 = replay(first, out1);
        assertThat(run1.exitCode()).as(run1.err()).isZero();

        List<String> measures = Files.readAllLines(out1.resolve("signal.measures.jsonl"));
        assertThat(measures)
                .filteredOn(l -> l.contains("\"measure\":\"actuations\""))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("\"detector\":3", "\"total\":2"));
        assertThat(measures)
                .anySatisfy(l -> assertThat(l).contains("\"measure\":\"arrivals_on_green\"", "\"green_actuations\":2"));
        List<String> dlq = Files.readAllLines(out1.resolve("dlq.jsonl"));
        assertThat(dlq).hasSize(2);
        assertThat(dlq).anySatisfy(l -> assertThat(l).contains("\"source_topic\":\"signal.events\"", "$.device_id"));
        assertThat(dlq).anySatisfy(l -> assertThat(l).contains("\"source_topic\":\"vehicle.positions\"", "$.lat"));

        // A second batch on the same stack: its output files hold only what it produced.
        Path second = batch("second", List.of(event(T0 + 3_600_000, 82, 3)), null);
        Path out2 = tmp.resolve("out2");
        Run run2 = replay(second, out2);
        assertThat(run2.exitCode()).as(run2.err()).isZero();
        assertThat(Files.readAllLines(out2.resolve("signal.measures.jsonl")))
                .filteredOn(l -> l.contains("\"measure\":\"actuations\""))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("\"bin_start\":" + (T0 + 3_600_000)));
        assertThat(Files.readAllLines(out2.resolve("dlq.jsonl"))).isEmpty();
    }

    @Test
    void aNetworkFailingTheReferenceCheckIsRefusedWithOneLinePerErrorBeforeTheStackStarts() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("bad-reference"));
        Path network = input.resolve("network.json");
        Files.writeString(network, NETWORK.strip().replaceFirst("}$", """
                , "corridors": [{"corridor_id": "c1", "devices": ["227", "999"], "link_length_m": [300.0],
                  "design_speed_mps": 13.9, "outbound": {"direction": "EB", "phase_by_device": {"227": 2, "999": 2}},
                  "inbound": {"direction": "WB", "phase_by_device": {"227": 6, "999": 6}}}]}"""));

        Run run = replay(input, tmp.resolve("out"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines())
                .containsExactly(
                        "greenwave: bad reference file " + network + ": network.json: 2 errors",
                        "  corridor c1: device 999 is not an intersection of network.json",
                        "  corridor c1: inbound phase_by_device gives device 227 phase 6, which intersection 227 does not time");
        assertThat(tmp.resolve("stack")).doesNotExist();
    }

    @Test
    void wrongArgumentsGiveOneClearLine() {
        Run missing = greenwave(
                "atspm",
                "--events",
                tmp.resolve("nope.csv").toString(),
                "--detectors",
                tmp.resolve("d.csv").toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip())
                .startsWith("greenwave: cannot read the events file")
                .doesNotContain("\n");

        Run unknown = greenwave("replay", "--input", "in", "--out", "out", "--web-ui-prot", "0");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown options: '--web-ui-prot'").contains("greenwave replay --help");
    }
}
