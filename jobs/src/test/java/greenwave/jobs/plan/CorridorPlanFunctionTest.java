package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWaveJobFixtures.CORRIDOR;
import static greenwave.jobs.plan.GreenWaveJobFixtures.DEVICES;
import static greenwave.jobs.plan.GreenWaveJobFixtures.MINUTE;
import static greenwave.jobs.plan.GreenWaveJobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-corridor planning function in event time: boundaries, ids, stability and safety verdicts, state. */
class CorridorPlanFunctionTest {
    private static final PlanSettings SETTINGS = PlanSettings.of(GreenwaveConfig.defaults());
    private static final long OUT_OF_ORDERNESS_MS = 300_000;

    /** What one run of the function produced. */
    record Run(
            List<TimingPlan> plans,
            List<PlanDecision> decisions,
            List<PlanOutcome> outcomes,
            int stateEntries,
            int timers) {}

    static Run run(Network network, List<CorridorMeasure> measures) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CorridorPlanFunction(network, SETTINGS)),
                CorridorMeasure::corridorId,
                Types.STRING);
        harness.open();
        feed(harness, measures, () -> {});
        harness.processWatermark(new Watermark(Long.MAX_VALUE)); // end of input
        List<PlanDecision> decisions = new ArrayList<>();
        harness.getSideOutput(CorridorPlanFunction.DECISIONS).forEach(r -> decisions.add(r.getValue()));
        List<PlanOutcome> outcomes = new ArrayList<>();
        var outcomeRecords = harness.getSideOutput(CorridorPlanFunction.OUTCOMES);
        if (outcomeRecords != null) {
            outcomeRecords.forEach(r -> outcomes.add(r.getValue()));
        }
        Run run = new Run(
                harness.extractOutputValues(),
                decisions,
                outcomes,
                harness.numKeyedStateEntries(),
                harness.numEventTimeTimers());
        harness.close();
        return run;
    }

    /**
     * Feeds the measures in order, the watermark following them at the 5 min out-of-orderness; {@code afterWatermark}
     * runs after each watermark step.
     */
    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, CorridorMeasure, TimingPlan> harness,
            List<CorridorMeasure> measures,
            ThrowingRunnable afterWatermark)
            throws Exception {
        long watermark = Long.MIN_VALUE;
        for (CorridorMeasure m : measures) {
            harness.processElement(new StreamRecord<>(m, m.eventTs()));
            if (m.eventTs() - OUT_OF_ORDERNESS_MS > watermark) {
                watermark = m.eventTs() - OUT_OF_ORDERNESS_MS;
                harness.processWatermark(new Watermark(watermark));
                afterWatermark.run();
            }
        }
    }

    /** A step that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Set<Long> boundaries(List<PlanDecision> decisions) {
        return decisions.stream().map(d -> d.plan().issuedAt()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyPeriodBoundaryWithMeasuresIsPlannedWithDeterministicIds() throws Exception {
        Run run = run(GreenWaveJobFixtures.corridor3(), GreenWaveJobFixtures.corridorMeasures(T0, 120));

        Set<Long> expected = new TreeSet<>();
        for (long t = T0 + 15 * MINUTE; t <= T0 + 120 * MINUTE; t += 15 * MINUTE) {
            expected.add(t);
        }
        assertThat(boundaries(run.decisions())).isEqualTo(expected);
        assertThat(run.decisions()).hasSize(expected.size() * DEVICES.size());
        for (PlanDecision d : run.decisions()) {
            TimingPlan p = d.plan();
            assertThat(p.planId()).isEqualTo(PlanIds.planId(CORRIDOR, p.issuedAt(), p.deviceId()));
            assertThat(p.effectiveAt()).isEqualTo(p.issuedAt() + SETTINGS.effectiveAfterS() * 1000L);
            assertThat(p.expiresAt()).isEqualTo(p.effectiveAt() + SETTINGS.validityMinutes() * MINUTE);
            assertThat(d.windowEnd()).isEqualTo(p.issuedAt());
            assertThat(d.windowStart()).isEqualTo(p.issuedAt() - SETTINGS.windowMinutes() * MINUTE);
            assertThat(d.verdict()).isIn(PlanDecision.SENT, PlanDecision.NOT_BETTER);
            // 12 trips per bin and link: measured travel times, not the design speed's
            assertThat(d.inputsJson())
                    .contains("\"source\":\"measured\"")
                    .doesNotContain("\"source\":\"design\"")
                    .contains("\"101\":{\"2\":{");
        }
        assertThat(run.plans()).extracting(TimingPlan::planId).doesNotHaveDuplicates();
    }

    @Test
    void theSameInputTwiceGivesTheSameOutput() throws Exception {
        Run first = run(GreenWaveJobFixtures.corridor3WithPoorSplits(), GreenWaveJobFixtures.corridorMeasures(T0, 120));
        Run second =
                run(GreenWaveJobFixtures.corridor3WithPoorSplits(), GreenWaveJobFixtures.corridorMeasures(T0, 120));
        assertThat(second.plans()).isEqualTo(first.plans());
        assertThat(second.decisions()).isEqualTo(first.decisions());
        assertThat(second.outcomes()).isEqualTo(first.outcomes());
    }

    /**
     * Stability: a plan is sent exactly when its predicted delay is at least min_improvement below the running plan's
     * (the running timing here is safe); under steady demand the planner converges and later periods send nothing.
     */
    @Test
    void aPlanPredictingLessThanTheMinimumImprovementIsNotSent() throws Exception {
        // The fixture's PCD cycles show the 90 s network timing; once the first plan is due they would say the
        // controllers ignore it, so they stop there (the controllers run what they are sent).
        long firstPlanDue = T0 + 16 * 60_000L;
        Run run = run(
                GreenWaveJobFixtures.corridor3WithPoorSplits(),
                GreenWaveJobFixtures.corridorMeasures(T0, 120).stream()
                        .filter(m -> !(m.pcdCycle() != null && m.pcdCycle().cycleStart() >= firstPlanDue))
                        .toList());
        Set<String> sentIds = run.plans().stream().map(TimingPlan::planId).collect(Collectors.toSet());
        for (PlanDecision d : run.decisions()) {
            double predicted = d.plan().predicted().delaySPerVeh();
            boolean enoughBetter = predicted <= (1 - SETTINGS.minImprovement()) * d.runningDelaySPerVeh();
            assertThat(d.verdict())
                    .as(d.decisionReason())
                    .isEqualTo(enoughBetter ? PlanDecision.SENT : PlanDecision.NOT_BETTER);
            assertThat(sentIds.contains(d.plan().planId())).isEqualTo(enoughBetter);
        }
        assertThat(run.decisions())
                .filteredOn(d -> d.verdict().equals(PlanDecision.NOT_BETTER))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.decisionReason()).startsWith("not sent: predicted delay"));
        // the last periods of steady demand change nothing
        PlanDecision last = run.decisions().get(run.decisions().size() - 1);
        assertThat(last.verdict()).isEqualTo(PlanDecision.NOT_BETTER);
    }

    /** The starved arterial is re-planned at the first boundary; later plans supersede it; outcomes follow. */
    @Test
    void aBetterPlanIsSentSupersedesTheRunningOneAndGetsItsOutcome() throws Exception {
        Run run = run(GreenWaveJobFixtures.corridor3WithPoorSplits(), GreenWaveJobFixtures.corridorMeasures(T0, 120));
        assertThat(run.plans()).isNotEmpty();
        List<TimingPlan> first = run.plans().subList(0, DEVICES.size());
        assertThat(first).allSatisfy(p -> {
            assertThat(p.issuedAt()).isEqualTo(T0 + 15 * MINUTE);
            assertThat(p.supersedes()).isNull();
            assertThat(p.reason()).startsWith("green wave " + CORRIDOR + ": cycle 90→");
            assertThat(p.predicted().delaySPerVeh()).isNotNull();
        });
        assertThat(first).extracting(TimingPlan::deviceId).containsExactlyElementsOf(DEVICES);
        for (int i = DEVICES.size(); i < run.plans().size(); i++) {
            TimingPlan later = run.plans().get(i);
            TimingPlan previous = run.plans().get(i - DEVICES.size());
            assertThat(later.deviceId()).isEqualTo(previous.deviceId());
            assertThat(later.supersedes()).isEqualTo(previous.planId());
            assertThat(Math.abs(later.cycleS() - previous.cycleS())).isLessThanOrEqualTo(SETTINGS.maxCycleStepS());
        }
        // every sent plan gets its outcome: the first whole period after effective_at, measured from the measures
        assertThat(run.outcomes())
                .extracting(PlanOutcome::planId)
                .containsExactlyInAnyOrderElementsOf(
                        run.plans().stream().map(TimingPlan::planId).toList());
        PlanOutcome outcome = run.outcomes().get(0);
        assertThat(outcome.periodStart()).isEqualTo(T0 + 30 * MINUTE);
        assertThat(outcome.periodEnd()).isEqualTo(T0 + 45 * MINUTE);
        assertThat(outcome.probeDelayS()).isEqualTo(15.0);
        assertThat(outcome.probeSamples()).isEqualTo(5 * 4 * DEVICES.size());
        assertThat(outcome.signalDelaySPerVeh()).isEqualTo(20.0);
    }

    @Test
    void anUnsafePlanIsStoredWithItsReasonsAndNeverSent() throws Exception {
        Run run = run(
                GreenWaveJobFixtures.corridor3WithImpossibleSideStreet(),
                GreenWaveJobFixtures.corridorMeasures(T0, 120));
        assertThat(run.plans()).isEmpty();
        assertThat(run.outcomes()).isEmpty();
        assertThat(run.decisions()).hasSize(8 * DEVICES.size()).allSatisfy(d -> {
            assertThat(d.verdict()).isEqualTo(PlanDecision.UNSAFE);
            assertThat(d.decisionReason()).startsWith("not sent: unsafe: 102: phase 4");
        });
        assertThat(run.decisions())
                .filteredOn(d -> d.plan().deviceId().equals("102"))
                .allSatisfy(d ->
                        assertThat(d.violations()).anySatisfy(v -> assertThat(v).contains("phase 8")));
        assertThat(run.decisions())
                .filteredOn(d -> !d.plan().deviceId().equals("102"))
                .allSatisfy(d -> assertThat(d.violations()).isEmpty());
    }

    @Test
    void aCorridorThatGoesQuietKeepsNoMeasuresAndNoTimers() throws Exception {
        Run run = run(GreenWaveJobFixtures.corridor3(), GreenWaveJobFixtures.corridorMeasures(T0, 30));
        assertThat(run.timers()).isZero();
        // left: the last boundary handled, and the running plan with its ids and start only if one was sent
        assertThat(run.stateEntries()).isLessThanOrEqualTo(run.plans().isEmpty() ? 1 : 4);
    }

    @Test
    void aMeasureOlderThanEveryWindowStillToComeIsDropped() throws Exception {
        List<CorridorMeasure> measures = new ArrayList<>(GreenWaveJobFixtures.corridorMeasures(T0 + 120 * MINUTE, 30));
        // after two hours of measures, one from the very first bin arrives: no window still to come holds it
        measures.addAll(GreenWaveJobFixtures.corridorMeasures(T0, 15).subList(0, 1));
        Run run = run(GreenWaveJobFixtures.corridor3(), measures);
        assertThat(boundaries(run.decisions())).containsExactly(T0 + 135 * MINUTE, T0 + 150 * MINUTE);
    }
}
