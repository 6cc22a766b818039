package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWaveJobFixtures.DEVICES;
import static greenwave.jobs.plan.GreenWaveJobFixtures.MINUTE;
import static greenwave.jobs.plan.GreenWaveJobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;
import greenwave.schemas.TimingPlan;
import greenwave.testing.FlinkMiniCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job's topology on a MiniCluster: measure streams in, plans and decisions out, in event time. */
class GreenWaveJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.withSlots(2);

    record Result(List<TimingPlan> plans, List<PlanDecision> decisions) {}

    private static Result run(Network network, List<SignalMeasure> signals, List<ProbeMeasure> probes)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        GreenWaveJob job = new GreenWaveJob(GreenwaveConfig.defaults(), network);
        GreenWaveJob.Outputs outputs = job.build(
                env.fromData(signals, TypeInformation.of(SignalMeasure.class)),
                env.fromData(probes, TypeInformation.of(ProbeMeasure.class)));
        List<TimingPlan> plans = new ArrayList<>();
        List<PlanDecision> decisions = new ArrayList<>();
        try (CloseableIterator<TimingPlan> p = outputs.plans().collectAsync();
                CloseableIterator<PlanDecision> d = outputs.decisions().collectAsync()) {
            env.execute("green wave test");
            p.forEachRemaining(plans::add);
            d.forEachRemaining(decisions::add);
        }
        plans.sort(Comparator.comparing(TimingPlan::planId));
        decisions.sort(Comparator.comparing(x -> x.plan().planId()));
        return new Result(plans, decisions);
    }

    /** Two hours of the corridor's measures, plus measures the planner has no use for or no corridor for. */
    private static List<SignalMeasure> signalsWithNoise() {
        List<SignalMeasure> signals = new ArrayList<>(GreenWaveJobFixtures.signalMeasures(T0, 120));
        signals.add(new SignalMeasure.Actuations("101", T0, 3, 40)); // a kind the planner does not read
        signals.add(new SignalMeasure.ApproachDelay("999", T0, 2, 10, 40, 100, 10, 5, 0.5, 0.5, 1)); // on no corridor
        signals.sort(Comparator.comparingLong(SignalMeasure::eventTs));
        return signals;
    }

    @Test
    void plansEveryBoundaryOfTheCorridorAndTheSameInputGivesTheSameOutput() throws Exception {
        Network network = GreenWaveJobFixtures.corridor3WithPoorSplits();
        List<ProbeMeasure> probes = GreenWaveJobFixtures.probeMeasures(T0, 120);
        Result first = run(network, signalsWithNoise(), probes);
        Result second = run(network, signalsWithNoise(), probes);

        assertThat(first.decisions()).hasSize(8 * DEVICES.size());
        assertThat(first.decisions()).extracting(d -> d.plan().issuedAt()).allSatisfy(t -> {
            assertThat((t - T0) % (15 * MINUTE)).isZero();
            assertThat(t).isBetween(T0 + 15 * MINUTE, T0 + 120 * MINUTE);
        });
        assertThat(first.decisions()).extracting(d -> d.plan().deviceId()).containsOnly("101", "102", "103");
        assertThat(first.plans())
                .allSatisfy(p -> assertThat(first.decisions()).anySatisfy(d -> {
                    assertThat(d.plan()).isEqualTo(p);
                    assertThat(d.verdict()).isEqualTo(PlanDecision.SENT);
                }));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aCorridorWhereNoPlanIsSafeSendsNothing() throws Exception {
        Result result = run(
                GreenWaveJobFixtures.corridor3WithImpossibleSideStreet(),
                GreenWaveJobFixtures.signalMeasures(T0, 120),
                GreenWaveJobFixtures.probeMeasures(T0, 120));
        assertThat(result.plans()).isEmpty();
        assertThat(result.decisions())
                .hasSize(8 * DEVICES.size())
                .allSatisfy(d -> assertThat(d.verdict()).isEqualTo(PlanDecision.UNSAFE));
    }
}
