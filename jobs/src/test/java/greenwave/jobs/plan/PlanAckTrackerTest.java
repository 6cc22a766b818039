package greenwave.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.Alert;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ack tracker in event time, watermarks driven by hand: statuses, alerts, duplicates, unknown plans, cleanup. */
class PlanAckTrackerTest {
    private static final long T0 = 1_715_613_300_000L; // 2024-05-13 15:15 UTC: issued_at
    private static final long EFFECTIVE = T0 + 60_000;
    private static final long TIMEOUT_MS = 300_000;
    private static final long DEADLINE = EFFECTIVE + TIMEOUT_MS;
    private static final String ID = "c1-20240513T1515-101";

    private KeyedTwoInputStreamOperatorTestHarness<String, TimingPlan, PlanAck, PlanStatus> h;

    private void open() throws Exception {
        h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new PlanAckTracker(TIMEOUT_MS, TIMEOUT_MS)),
                TimingPlan::planId,
                PlanAck::planId,
                Types.STRING);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    static TimingPlan plan(String id) {
        return new TimingPlan(
                id,
                "c1",
                "101",
                T0,
                EFFECTIVE,
                EFFECTIVE + 3_600_000,
                100,
                12,
                List.of(2, 6),
                List.of(new TimingPlan.PhaseSplit(2, 65, 4, 1), new TimingPlan.PhaseSplit(4, 25, 4, 1)),
                "test",
                null,
                null);
    }

    private void send(TimingPlan p) throws Exception {
        h.processElement1(new StreamRecord<>(p, p.issuedAt()));
    }

    private void send(String status, long ts, String reason) throws Exception {
        send(new PlanAck(ID, "101", ts, status, reason));
    }

    private void send(PlanAck ack) throws Exception {
        h.processElement2(new StreamRecord<>(ack, ack.ts()));
    }

    private void watermark(long ts) throws Exception {
        h.processBothWatermarks(new Watermark(ts));
    }

    private List<String> statuses() {
        return h.extractOutputValues().stream()
                .map(s -> s.status() + "@" + (s.ts() - T0) / 1000)
                .toList();
    }

    private List<Alert> alerts() {
        return h.getSideOutput(PlanAckTracker.ALERTS) == null
                ? List.of()
                : h.getSideOutput(PlanAckTracker.ALERTS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
    }

    @Test
    void appliedInTimeRaisesNothingAndTheStateIsDropped() throws Exception {
        open();
        send(plan(ID));
        send(PlanAck.ACCEPTED, T0 + 5_000, null);
        send(PlanAck.APPLIED, EFFECTIVE, null);
        watermark(DEADLINE + TIMEOUT_MS + 1);
        assertThat(statuses()).containsExactly("sent@0", "accepted@5", "applied@60");
        assertThat(h.extractOutputValues()).allSatisfy(s -> {
            assertThat(s.planKnown()).isTrue();
            assertThat(s.corridorId()).isEqualTo("c1");
        });
        assertThat(alerts()).isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void noAppliedAckByTheDeadlineRaisesExactlyOneAlert() throws Exception {
        open();
        send(plan(ID));
        send(PlanAck.ACCEPTED, T0 + 5_000, null);
        watermark(DEADLINE - 1);
        assertThat(alerts()).isEmpty();
        watermark(DEADLINE);
        watermark(DEADLINE + 10 * TIMEOUT_MS);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo("plan_not_applied:" + ID);
            assertThat(a.kind()).isEqualTo("plan_not_applied");
            assertThat(a.domain()).isEqualTo(Alert.TRAFFIC);
            assertThat(a.severity()).isEqualTo(Alert.WARNING);
            assertThat(a.subjectId()).isEqualTo("101");
            assertThat(a.ts()).isEqualTo(DEADLINE);
            assertThat(a.openedAt()).isEqualTo(DEADLINE);
            assertThat(a.closedAt()).isNull();
            assertThat(a.details())
                    .containsEntry("plan_id", ID)
                    .containsEntry("last_status", "accepted")
                    .containsKey("reason");
        });
        assertThat(statuses()).containsExactly("sent@0", "accepted@5", "not_applied@360");
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void anAppliedAckOneMillisecondLateRaisesTheAlertAndThenClosesIt() throws Exception {
        open();
        send(plan(ID));
        send(PlanAck.APPLIED, DEADLINE + 1, null); // arrives early, but is timed after the deadline
        send(PlanAck.ACCEPTED, T0 + 5_000, null);
        watermark(DEADLINE + 1);
        assertThat(alerts()).hasSize(2);
        Alert open = alerts().get(0);
        Alert closed = alerts().get(1);
        assertThat(open.alertId()).isEqualTo(closed.alertId());
        assertThat(open.closedAt()).isNull();
        assertThat(closed.closedAt()).isEqualTo(DEADLINE + 1);
        assertThat(closed.openedAt()).isEqualTo(DEADLINE);
        assertThat(closed.details()).containsEntry("last_status", "applied");
        assertThat(statuses()).containsExactly("sent@0", "accepted@5", "not_applied@360", "applied@360");
    }

    @Test
    void aRejectedAckRaisesAnAlertAtOnceAndNoTimeoutLater() throws Exception {
        open();
        send(plan(ID));
        send(PlanAck.REJECTED, T0 + 5_000, "cycle 200 s above the controller's maximum of 180 s");
        watermark(T0 + 5_000);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo("plan_rejected:" + ID);
            assertThat(a.kind()).isEqualTo("plan_rejected");
            assertThat(a.ts()).isEqualTo(T0 + 5_000);
            assertThat(a.details()).containsEntry("reason", "cycle 200 s above the controller's maximum of 180 s");
        });
        watermark(Long.MAX_VALUE);
        assertThat(alerts()).hasSize(1);
        assertThat(statuses()).containsExactly("sent@0", "rejected@5");
        assertThat(h.extractOutputValues().get(1).reason()).contains("180 s");
    }

    @Test
    void duplicateRedeliveredAndOutOfOrderInputChangesNothing() throws Exception {
        open();
        // The applied ack arrives before its plan and before the accepted ack; everything is delivered twice.
        send(PlanAck.APPLIED, EFFECTIVE, null);
        send(PlanAck.APPLIED, EFFECTIVE, null);
        send(plan(ID));
        send(plan(ID));
        send(PlanAck.ACCEPTED, T0 + 5_000, null);
        send(PlanAck.ACCEPTED, T0 + 5_000, null);
        watermark(EFFECTIVE);
        send(PlanAck.APPLIED, EFFECTIVE, null); // redelivered after the plan settled
        send(PlanAck.ACCEPTED, T0 + 5_000, null); // late and stale
        watermark(Long.MAX_VALUE);
        assertThat(statuses()).containsExactly("sent@0", "accepted@5", "applied@60");
        assertThat(alerts()).isEmpty();
    }

    @Test
    void anAckOfAnUnknownPlanIsRecordedAndRaisesNothing() throws Exception {
        open();
        send(new PlanAck("x-unknown", "999", T0, PlanAck.REJECTED, "no such plan"));
        watermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.planId()).isEqualTo("x-unknown");
            assertThat(s.deviceId()).isEqualTo("999");
            assertThat(s.planKnown()).isFalse();
            assertThat(s.corridorId()).isNull();
            assertThat(s.status()).isEqualTo("rejected");
            assertThat(s.reason()).isEqualTo("no such plan");
        });
        assertThat(alerts()).isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
