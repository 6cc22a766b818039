package greenwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's closed loop in SUMO, on the 3-signal preset: the untuned baseline runs, its converted streams are
 * replayed through the pipeline (this build's classes, in a JVM of their own), the plan in force when the demand ends
 * is applied to the simulation, and the same vehicles run again. The pipeline's plan must cut the mean delay by at
 * least 25 % (measured: 59 %). SUMO's own tools and the 5-signal preset are in the README's table
 * ({@code ./greenwave sim evaluate}); they take longer and are not repeated here. Needs SUMO ({@code sim/install.sh}).
 */
class GreenWaveClosedLoopTest {
    private static final Path REPO =
            Path.of(System.getProperty("greenwave.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** A launcher for the evaluation: {@code greenwave.cli.Greenwave} on this test's classpath, Flink's opens included. */
    private Path launcher() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String opens = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dlog4j2"))
                .map(a -> "'" + a + "'")
                .collect(Collectors.joining(" "));
        Path script = tmp.resolve("greenwave");
        Files.writeString(
                script,
                "#!/bin/sh\nexec '" + java + "' " + opens + " -cp '" + System.getProperty("java.class.path")
                        + "' greenwave.cli.Greenwave \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void thePipelinesPlansCutTheBaselinesDelayByAQuarterAtLeast() throws Exception {
        Assumptions.assumeTrue(
                onPath("sumo") && onPath("netconvert"),
                "SUMO not installed (sim/install.sh installs it): the closed loop is not evaluated");
        Path out = tmp.resolve("evaluation");
        Process p = new ProcessBuilder(
                        REPO.resolve("sim/greenwave-sim").toString(),
                        "evaluate",
                        "--out",
                        out.toString(),
                        "--preset",
                        "c3",
                        "--strategies",
                        "baseline,pipeline",
                        "--iterations",
                        "1",
                        "--greenwave",
                        launcher().toString())
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(900, TimeUnit.SECONDS))
                .as("evaluation finished in time")
                .isTrue();
        System.out.println(log);
        assertThat(p.exitValue()).as(log).isZero();

        JsonNode rows = new ObjectMapper()
                .readTree(out.resolve("evaluation.json").toFile())
                .get("rows");
        assertThat(rows).hasSize(2);
        JsonNode baseline = rows.get(0);
        JsonNode pipeline = rows.get(1);
        assertThat(pipeline.get("strategy").asText()).isEqualTo("pipeline (iteration 1)");
        assertThat(pipeline.has("error")).as(pipeline.toString()).isFalse();
        assertThat(pipeline.get("vehicles").asInt())
                .isEqualTo(baseline.get("vehicles").asInt())
                .isGreaterThan(1000);
        assertThat(pipeline.get("unfinished").asInt()).isZero();
        assertThat(pipeline.get("change_pct").asDouble()).as(log).isLessThan(-25.0);
        // the simulation ran the plan the pipeline sent: a shorter common cycle than the baseline's 120 s
        assertThat(pipeline.get("timing").get("cycle_s").asInt())
                .isLessThan(120)
                .isEqualTo(lastPlanCycle(out.resolve("pipeline-1/replay/signal.timing-plans.jsonl")));
    }

    /** The cycle of the plans the pipeline sent during the demand hour (07:00-08:00 UTC), the last of them. */
    private static int lastPlanCycle(Path plans) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long demandEnd = 1_715_587_200_000L;
        int cycle = -1;
        long latest = Long.MIN_VALUE;
        for (String line : Files.readAllLines(plans)) {
            JsonNode plan = json.readTree(line);
            long effective = plan.get("effective_at").asLong();
            if (effective <= demandEnd && effective >= latest) {
                latest = effective;
                cycle = plan.get("cycle_s").asInt();
            }
        }
        return cycle;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
