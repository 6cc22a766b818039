package greenwave.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.RawRecord;
import greenwave.jobs.io.Collected;
import greenwave.schemas.Alert;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.DeadLetter;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import greenwave.testing.FlinkMiniCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plan-ack job's topology on a MiniCluster, in event time: raw acks decoded with the contract (malformed ones to
 * the dead letters), plans and acks tracked, alerts raised once each.
 */
class PlanAckJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.withSlots(2);

    private static final long T0 = 1_715_613_300_000L; // 2024-05-13 15:15 UTC
    private static final ContractCodec CODEC = ContractCodec.shared();

    private static TimingPlan plan(String device) {
        return new TimingPlan(
                "c1-20240513T1515-" + device,
                "c1",
                device,
                T0,
                T0 + 60_000,
                T0 + 3_660_000,
                100,
                12,
                List.of(2, 6),
                List.of(new TimingPlan.PhaseSplit(2, 65, 4, 1), new TimingPlan.PhaseSplit(4, 25, 4, 1)),
                "test",
                null,
                null);
    }

    private static PlanAck ack(String device, long ts, String status, String reason) {
        return new PlanAck("c1-20240513T1515-" + device, device, ts, status, reason);
    }

    private static RawRecord raw(long offset, String json) {
        return new RawRecord("signal.plan-acks", 0, offset, 0L, null, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tracksAcksRaisesAlertsAndDeadLettersMalformedAcks() throws Exception {
        GreenwaveConfig config = GreenwaveConfig.defaults();
        long timeoutMs = config.plan().ackTimeoutS() * 1000L;
        // 101 applied in time; 102 rejected; 103 silent; 104 accepted, applied only after the deadline.
        List<TimingPlan> plans = List.of(plan("101"), plan("102"), plan("103"), plan("104"));
        List<String> acks = new ArrayList<>();
        for (PlanAck a : List.of(
                ack("101", T0 + 5_000, PlanAck.ACCEPTED, null),
                ack("101", T0 + 60_000, PlanAck.APPLIED, null),
                ack("101", T0 + 60_000, PlanAck.APPLIED, null), // redelivered
                ack("102", T0 + 5_000, PlanAck.REJECTED, "cycle too long"),
                ack("104", T0 + 5_000, PlanAck.ACCEPTED, null),
                ack("104", T0 + 60_000 + timeoutMs + 1_000, PlanAck.APPLIED, null),
                new PlanAck("other-plan", "999", T0 + 1_000, PlanAck.APPLIED, null))) {
            acks.add(CODEC.toJson(a));
        }
        acks.add("{\"plan_id\":\"c1-20240513T1515-101\",\"device_id\":\"101\",\"ts\":" + (T0 + 7_000)
                + ",\"status\":\"done\"}");
        acks.add("not json");
        List<RawRecord> rawAcks = new ArrayList<>();
        for (int i = 0; i < acks.size(); i++) {
            rawAcks.add(raw(i, acks.get(i)));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<TimingPlan> planStream = env.fromData(plans, TypeInformation.of(TimingPlan.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<TimingPlan>forBoundedOutOfOrderness(Duration.ZERO)
                        .withTimestampAssigner((SerializableTimestampAssigner<TimingPlan>) (p, x) -> p.issuedAt()));
        DataStream<RawRecord> ackStream = env.fromData(rawAcks, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(PlanAckJob.ackWatermarks(config));
        PlanAckJob.Outputs out = new PlanAckJob(config).build(planStream, ackStream);
        Collected<PlanStatus> statuses = Collected.of(out.statuses());
        Collected<Alert> alerts = Collected.of(out.alerts());
        Collected<DeadLetter> deadLetters = Collected.of(out.deadLetters());
        ExecutorService pool = Collected.pool(3);
        env.executeAsync("plan acks test");
        statuses.startDraining(pool);
        alerts.startDraining(pool);
        deadLetters.startDraining(pool);

        assertThat(alerts.get())
                .extracting(Alert::alertId)
                .containsExactlyInAnyOrder(
                        "plan_rejected:c1-20240513T1515-102",
                        "plan_not_applied:c1-20240513T1515-103",
                        "plan_not_applied:c1-20240513T1515-104", // opened at the deadline ...
                        "plan_not_applied:c1-20240513T1515-104"); // ... and closed by the late applied ack
        assertThat(alerts.get())
                .filteredOn(a -> a.subjectId().equals("104") && a.closedAt() != null)
                .singleElement()
                .satisfies(a -> assertThat(a.closedAt()).isEqualTo(T0 + 60_000 + timeoutMs + 1_000));

        assertThat(statuses.get())
                .filteredOn(s -> s.deviceId().equals("101"))
                .extracting(PlanStatus::status)
                .containsExactlyInAnyOrder("sent", "accepted", "applied");
        assertThat(statuses.get())
                .filteredOn(s -> s.deviceId().equals("103"))
                .extracting(PlanStatus::status)
                .containsExactlyInAnyOrder("sent", "not_applied");
        assertThat(statuses.get())
                .filteredOn(s -> s.planId().equals("other-plan"))
                .singleElement()
                .satisfies(s -> assertThat(s.planKnown()).isFalse());

        assertThat(deadLetters.get())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.sourceTopic()).isEqualTo("signal.plan-acks"));
        assertThat(deadLetters.get()).anySatisfy(d -> assertThat(d.reason()).contains("$.status"));
        assertThat(deadLetters.get()).anySatisfy(d -> assertThat(d.reason()).startsWith("not JSON"));
        pool.shutdown();
    }
}
