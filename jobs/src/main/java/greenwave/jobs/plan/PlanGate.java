package greenwave.jobs.plan;

import greenwave.schemas.Alert;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last check before {@code signal.timing-plans} (keyed by device id): every plan is encoded as it will be written
 * and validated against the topic's JSON Schema, and checked again with {@link PlanSafety} against network.json, the
 * cycle step measured from the cycle last let through to the device (before any: network.json's). The planner already
 * holds back unsafe plans; this gate makes the contract's promise independent of the planner being right.
 *
 * <p>A plan that fails is not forwarded. It must not fail or restart the job (the plan would fail again on replay):
 * it is logged, counted in the {@code blockedPlans} metric and emitted on {@link #BLOCKED} as a critical
 * {@code plan_blocked} alert with the reasons.
 */
final class PlanGate extends KeyedProcessFunction<String, TimingPlan, TimingPlan> {
    static final String KIND_BLOCKED = "plan_blocked";
    static final OutputTag<Alert> BLOCKED = new OutputTag<>("blocked-plans", TypeInformation.of(Alert.class));
    private static final Logger LOG = LoggerFactory.getLogger(PlanGate.class);

    private final byte[] networkJson;
    private final PlanSafety safety;

    private transient ContractCodec codec;
    private transient Map<String, Network.Intersection> intersections;
    private transient Map<String, Network.Corridor> corridors;
    private transient Counter blockedPlans;
    /** The cycle of the last plan let through to this device. */
    private transient ValueState<Integer> lastSentCycle;

    PlanGate(Network network, PlanSafety safety) {
        // network.json as its contract JSON: the Network records are not Serializable, the function must be
        this.networkJson = ContractCodec.shared().encode(network);
        this.safety = safety;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = ContractCodec.shared();
        Network network = codec.decodeNetwork(networkJson);
        intersections = new LinkedHashMap<>();
        network.intersections().forEach(i -> intersections.put(i.deviceId(), i));
        corridors = new LinkedHashMap<>();
        network.corridors().forEach(c -> corridors.put(c.corridorId(), c));
        blockedPlans = getRuntimeContext().getMetricGroup().counter("blockedPlans");
        lastSentCycle = getRuntimeContext().getState(new ValueStateDescriptor<>("last-sent-cycle", Types.INT));
    }

    @Override
    public void processElement(TimingPlan plan, Context ctx, Collector<TimingPlan> out) throws Exception {
        List<String> reasons = reasons(plan);
        if (reasons.isEmpty()) {
            lastSentCycle.update(plan.cycleS());
            out.collect(plan);
            return;
        }
        blockedPlans.inc();
        LOG.error(
                "plan {} for device {} blocked, not sent: {}",
                plan.planId(),
                plan.deviceId(),
                String.join("; ", reasons));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plan_id", plan.planId());
        details.put("corridor_id", plan.corridorId());
        details.put("cycle_s", plan.cycleS());
        details.put("reasons", reasons);
        ctx.output(
                BLOCKED,
                new Alert(
                        KIND_BLOCKED + ":" + plan.planId(),
                        plan.issuedAt(),
                        Alert.TRAFFIC,
                        KIND_BLOCKED,
                        Alert.CRITICAL,
                        plan.deviceId(),
                        plan.issuedAt(),
                        null,
                        details));
    }

    /** Why the plan must not be sent: the schema's reason, then the safety violations; empty when it may go. */
    private List<String> reasons(TimingPlan plan) throws Exception {
        List<String> reasons = new ArrayList<>();
        codec.validate(Contract.SIGNAL_TIMING_PLANS, codec.encode(plan)).ifPresent(r -> reasons.add("schema: " + r));
        Network.Intersection intersection = intersections.get(plan.deviceId());
        Network.Corridor corridor = corridors.get(plan.corridorId());
        if (intersection == null) {
            reasons.add("device " + plan.deviceId() + " is not in network.json");
        }
        if (corridor == null) {
            reasons.add("corridor " + plan.corridorId() + " is not in network.json");
        } else if (!corridor.devices().contains(plan.deviceId())) {
            reasons.add("device " + plan.deviceId() + " is not on corridor " + plan.corridorId());
        }
        if (intersection != null && corridor != null) {
            Integer running = lastSentCycle.value();
            reasons.addAll(safety.violations(
                    plan,
                    intersection,
                    corridor,
                    running != null ? running : intersection.timing().cycleS()));
        }
        return reasons;
    }
}
