package greenwave.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.StateCounts;
import greenwave.jobs.common.StateGrowth;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * State growth of the plan jobs' keyed operators on the production functions with the shipped settings.
 *
 * <ul>
 * <li>The ack tracker (keyed by plan id, two inputs): {@link StateGrowth#IDS} one-off plans, each accepted and applied
 * but for every {@value #UNANSWERED}th, never answered (a plan_not_applied alert); the acks are of as many one-off
 * ids: the applied plans' and, instead of the unanswered plans', plans never seen. Once event time
 * passes the ack timeout and the grace period ({@code plan.ack_timeout_s} both), nothing is left.</li>
 * <li>The corridor planner is keyed by corridor, a bounded set (the network's); what could grow is a corridor's
 * measures, so a day of measures goes through one corridor and its measures are counted at every period boundary:
 * never more than a window's worth (plus the period being collected and the out-of-orderness), and none once the
 * corridor goes quiet.</li>
 * </ul>
 * Prints the peak, what is left and the time taken.
 */
class PlanStateGrowthTest {
    static final long T0 = 1_715_613_300_000L;
    static final long MIN = 60_000L;
    static final GreenwaveConfig CONFIG = GreenwaveConfig.defaults();
    static final long TIMEOUT_MS = CONFIG.plan().ackTimeoutS() * 1000L;
    /**
     * Every this-many-th plan is never answered. Not more: the harness copies each alert with a Kryo serializer it
     * creates for the record (about 0.1 ms each), which would take most of the test's time, not the tracker.
     */
    static final int UNANSWERED = 10;

    static TimingPlan plan(String id, long issuedAt) {
        return new TimingPlan(
                id,
                "c1",
                "101",
                issuedAt,
                issuedAt + MIN,
                issuedAt + 61 * MIN,
                100,
                12,
                List.of(2, 6),
                List.of(new TimingPlan.PhaseSplit(2, 65, 4, 1), new TimingPlan.PhaseSplit(4, 25, 4, 1)),
                "test",
                null,
                null);
    }

    @Test
    void oneOffPlansAndAcksOfUnknownPlansAreDroppedAfterTheGracePeriod() throws Exception {
        long start = System.nanoTime();
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(PlanAckJob.tracker(CONFIG)),
                TimingPlan::planId,
                PlanAck::planId,
                Types.STRING);
        h.open();
        long peak = 0;
        long last = T0;
        long alerts = 0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            String id = "once-" + i;
            h.processElement1(new StreamRecord<>(plan(id, t), t));
            if (i % UNANSWERED != 0) {
                h.processElement2(
                        new StreamRecord<>(new PlanAck(id, "101", t + 5_000, PlanAck.ACCEPTED, null), t + 5_000));
                h.processElement2(new StreamRecord<>(new PlanAck(id, "101", t + MIN, PlanAck.APPLIED, null), t + MIN));
            } else { // the ack input's other one-off ids: acks of plans never sent
                h.processElement2(new StreamRecord<>(new PlanAck("unknown-" + i, "102", t, PlanAck.APPLIED, null), t));
            }
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                peak = Math.max(peak, h.numKeyedStateEntries());
                h.processBothWatermarks(new Watermark(t));
                alerts += sideOutputs(h);
                StateGrowth.dropOutputs(h, PlanAckTracker.ALERTS);
            }
            last = t;
        }
        h.processBothWatermarks(new Watermark(last + MIN + TIMEOUT_MS + TIMEOUT_MS));
        alerts += sideOutputs(h);
        StateGrowth.dropOutputs(h, PlanAckTracker.ALERTS);
        long after = h.numKeyedStateEntries();
        StateGrowth.print("plan-ack tracker, keyed by plan id", peak, after, 0, start);
        assertThat(alerts).isEqualTo((StateGrowth.IDS + UNANSWERED - 1) / UNANSWERED); // once per unanswered plan
        StateGrowth.assertBackTo(h, after, 0);
    }

    private static long sideOutputs(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h) {
        var q = h.getSideOutput(PlanAckTracker.ALERTS);
        return q == null ? 0 : q.size();
    }

    @Test
    void aCorridorKeepsAWindowOfMeasuresAndNoneOnceQuiet() throws Exception {
        long start = System.nanoTime();
        PlanSettings settings = PlanSettings.of(CONFIG);
        long outOfOrdernessMs = CONFIG.signal().maxOutOfOrdernessS() * 1000L; // the watermark's, as in feed
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CorridorPlanFunction(GreenWaveJobFixtures.corridor3(), settings)),
                CorridorMeasure::corridorId,
                Types.STRING);
        h.open();
        List<CorridorMeasure> day = GreenWaveJobFixtures.corridorMeasures(GreenWaveJobFixtures.T0, 24 * 60);
        long span = settings.windowMinutes() * MIN + settings.periodMinutes() * MIN + outOfOrdernessMs;
        long bound = mostWithin(day, span);
        long[] peak = {0};
        CorridorPlanFunctionTest.feed(h, day, () -> peak[0] = Math.max(peak[0], measures(h)));
        long lastTs = day.get(day.size() - 1).eventTs();
        h.processWatermark(new Watermark(lastTs + settings.windowMinutes() * MIN + 2 * settings.periodMinutes() * MIN));
        long after = measures(h);
        System.out.printf(
                "state growth, corridor planner: %,d measures of one corridor over a day; peak %,d measures"
                        + " kept (bound %,d: the most in any %d min), %,d once quiet; %,d state entries left; %.1f s%n",
                day.size(),
                peak[0],
                bound,
                span / MIN,
                after,
                h.numKeyedStateEntries(),
                (System.nanoTime() - start) / 1e9);
        assertThat(peak[0]).isPositive().isLessThanOrEqualTo(bound);
        assertThat(after).isZero();
        assertThat(h.numKeyedStateEntries()).isLessThanOrEqualTo(4); // last boundary, running plan, its ids, since
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    /** The most measures with event times within any {@code span} ms (the list is in event-time order). */
    static long mostWithin(List<CorridorMeasure> sorted, long span) {
        long most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to).eventTs() - sorted.get(from).eventTs() >= span) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    /** The corridor's measures kept (the function's ListState "measures"). */
    static long measures(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) throws Exception {
        ListState<CorridorMeasure> state = StateCounts.keyedState(
                h,
                GreenWaveJobFixtures.CORRIDOR,
                new ListStateDescriptor<>("measures", TypeInformation.of(CorridorMeasure.class)));
        Iterable<CorridorMeasure> kept = state.get();
        long n = 0;
        if (kept != null) {
            for (CorridorMeasure ignored : kept) {
                n++;
            }
        }
        return n;
    }
}
