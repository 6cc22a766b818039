package greenwave.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Alert;
import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import greenwave.testing.FlinkMiniCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The last gate before the Kafka sink ({@link GreenWaveJob#gate}, as {@code sinkToKafkaAndIceberg} wires it) on a
 * MiniCluster: only safe, schema-valid plans come out; the others become critical {@code plan_blocked} alerts, and
 * the job finishes normally.
 */
class PlanGateTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.withSlots(1);

    private static final Network NETWORK = GreenWaveJobFixtures.corridor3();

    /** Device's plan at {@code cycleS}: the allocator's splits of its network.json timing, its network.json offset. */
    private static TimingPlan plan(String planId, String device, int cycleS) {
        Network.Timing timing = NETWORK.intersection(device).orElseThrow().timing();
        return new TimingPlan(
                planId,
                GreenWaveJobFixtures.CORRIDOR,
                device,
                0,
                60_000,
                3_660_000,
                cycleS,
                timing.offsetS() % cycleS,
                timing.coordinatedPhases(),
                SplitAllocator.allocate(timing, Map.of(), cycleS),
                "test",
                null,
                null);
    }

    /** A 5 s cycle with no yellow at all. */
    private static TimingPlan unsafe(String planId, String device) {
        List<TimingPlan.PhaseSplit> phases = List.of(
                new TimingPlan.PhaseSplit(2, 2.5, 0, 0),
                new TimingPlan.PhaseSplit(6, 2.5, 0, 0),
                new TimingPlan.PhaseSplit(4, 2.5, 0, 0),
                new TimingPlan.PhaseSplit(8, 2.5, 0, 0));
        return new TimingPlan(
                planId,
                GreenWaveJobFixtures.CORRIDOR,
                device,
                0,
                60_000,
                3_660_000,
                5,
                0,
                List.of(2, 6),
                phases,
                "test",
                null,
                null);
    }

    @Test
    void onlySafePlansThatFitTheSchemaPassTheGate() throws Exception {
        TimingPlan safe = plan("safe-101", "101", 90);
        TimingPlan noYellow = unsafe("unsafe-102", "102");
        TimingPlan emptyId = plan("", "101", 90); // safe, but the schema wants a plan_id
        // the cycle step is measured from the cycle last let through to the device: 90 → 110 → 89 fails the last step
        TimingPlan longer = plan("longer-103", "103", 110);
        TimingPlan tooBigAStep = plan("step-103", "103", 89);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        SingleOutputStreamOperator<TimingPlan> gated = new GreenWaveJob(GreenwaveConfig.defaults(), NETWORK)
                .gate(env.fromData(
                        List.of(safe, noYellow, emptyId, longer, tooBigAStep), TypeInformation.of(TimingPlan.class)));
        List<TimingPlan> passed = new ArrayList<>();
        List<Alert> blocked = new ArrayList<>();
        try (CloseableIterator<TimingPlan> p = gated.collectAsync();
                CloseableIterator<Alert> b =
                        gated.getSideOutput(PlanGate.BLOCKED).collectAsync()) {
            env.execute("plan gate test");
            p.forEachRemaining(passed::add);
            b.forEachRemaining(blocked::add);
        }

        assertThat(passed).containsExactly(safe, longer);
        assertThat(blocked).extracting(Alert::subjectId).containsExactly("102", "101", "103");
        assertThat(blocked).allSatisfy(a -> {
            assertThat(a.kind()).isEqualTo(PlanGate.KIND_BLOCKED);
            assertThat(a.severity()).isEqualTo(Alert.CRITICAL);
            assertThat(a.domain()).isEqualTo(Alert.TRAFFIC);
        });
        assertThat(blocked.get(0).alertId()).isEqualTo("plan_blocked:unsafe-102");
        assertThat(reasons(blocked.get(0)))
                .contains("phase 2 yellow 0.0 s below the floor 3.0 s", "cycle 5 s outside the corridor's [60, 180] s");
        assertThat(reasons(blocked.get(1))).singleElement().asString().startsWith("schema: $.plan_id");
        assertThat(reasons(blocked.get(2))).containsExactly("cycle 89 s moves more than 20 s from the running 110 s");
    }

    @SuppressWarnings("unchecked")
    private static List<String> reasons(Alert alert) {
        return (List<String>) alert.details().get("reasons");
    }
}
