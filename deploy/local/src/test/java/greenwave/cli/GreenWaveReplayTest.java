package greenwave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.local.LocalWarehouse;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.Decoded;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop through {@code ./greenwave replay} on the shipped SUMO corridor ({@code sim/samples/corridor3}):
 * the green-wave job plans from the measures in the same run and sends its plans, the simulated signal-control
 * system answers them, and the plan-ack job tracks the answers before the command returns.
 */
class GreenWaveReplayTest {
    private static final Path REPO =
            Path.of(System.getProperty("greenwave.repo", "..")).toAbsolutePath().normalize();
    private static final ContractCodec CODEC = ContractCodec.shared();

    @TempDir
    Path tmp;

    private static <T> List<T> decodeAll(Path file, Contract contract, Class<T> type) throws Exception {
        return Files.readAllLines(file).stream()
                .map(line -> {
                    Decoded<T> d = CODEC.decode(contract, line.getBytes(StandardCharsets.UTF_8), type);
                    assertThat(d.error()).as(line).isNull();
                    return d.value();
                })
                .toList();
    }

    @Test
    void replayingTheShippedCorridorSendsDistinctPlansAndEverySentPlanIsAcknowledged() throws Exception {
        Path out = tmp.resolve("out");
        var cli = Greenwave.commandLine();
        int code = cli.execute(
                "replay",
                "--input",
                REPO.resolve("sim/samples/corridor3").toString(),
                "--out",
                out.toString(),
                "--data-dir",
                tmp.resolve("stack").toString(),
                "--kafka-port",
                "0",
                "--web-ui-port",
                "0");
        assertThat(code).isZero();

        List<TimingPlan> plans =
                decodeAll(out.resolve("signal.timing-plans.jsonl"), Contract.SIGNAL_TIMING_PLANS, TimingPlan.class);
        assertThat(plans).as("plans sent for the corridor").isNotEmpty();
        Set<String> planIds = plans.stream().map(TimingPlan::planId).collect(Collectors.toSet());
        assertThat(planIds).as("no plan sent twice").hasSameSizeAs(plans);

        List<PlanAck> acks = decodeAll(out.resolve("signal.plan-acks.jsonl"), Contract.SIGNAL_PLAN_ACKS, PlanAck.class);
        Map<String, Set<String>> statusesByPlan = acks.stream()
                .collect(Collectors.groupingBy(
                        PlanAck::planId, Collectors.mapping(PlanAck::status, Collectors.toCollection(HashSet::new))));
        assertThat(statusesByPlan.keySet())
                .as("acks only for sent plans, and for every one")
                .isEqualTo(planIds);
        assertThat(statusesByPlan.values())
                .allSatisfy(
                        statuses -> assertThat(statuses).containsExactlyInAnyOrder(PlanAck.ACCEPTED, PlanAck.APPLIED));

        // every plan applied in time: the plan-ack job raised nothing
        assertThat(Files.readAllLines(out.resolve("alerts.jsonl"))).isEmpty();
        assertThat(Files.readAllLines(out.resolve("dlq.jsonl"))).isEmpty();

        // The demo's summary, read from the Iceberg tables: plans computed, sent and applied.
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalWarehouse warehouse = new LocalWarehouse(tmp.resolve("stack").resolve("iceberg"))) {
            new Summary(warehouse.catalog(), new PrintStream(printed, true, StandardCharsets.UTF_8)).print();
        }
        String summary = printed.toString(StandardCharsets.UTF_8);
        assertThat(summary)
                .contains(
                        "Green-wave timing plans",
                        "sent " + plans.size() + ",",
                        plans.size() + " applied, 0 rejected, 0 not applied in time; 0 alert(s) raised");
        assertThat(summary).containsPattern("traffic\\.plan_status +" + 3 * plans.size() + "\\b");
    }
}
