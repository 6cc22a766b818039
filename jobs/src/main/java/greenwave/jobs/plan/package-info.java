/**
 * Green-wave timing plans (spec measures.md §2) and the tracking of their acknowledgements: two jobs, the planner in
 * plain Java, and the Flink functions around it.
 *
 * <h2>The jobs</h2>
 * <ul>
 * <li>{@link greenwave.jobs.plan.GreenWaveJob}: the signal and probe measures in, per corridor a plan at every period
 * boundary, safe and enough better plans out on {@code signal.timing-plans}; decisions and outcomes to Iceberg
 * ({@link greenwave.jobs.plan.PlanTables}).</li>
 * <li>{@link greenwave.jobs.plan.PlanAckJob}: the sent plans and {@code signal.plan-acks} in, every status change to
 * {@code traffic.plan_status} ({@link greenwave.jobs.plan.PlanAckTables}), {@code plan_not_applied} and
 * {@code plan_rejected} alerts out; event time of its inputs in {@link greenwave.jobs.plan.PlanAckEventTime}.</li>
 * </ul>
 *
 * <h2>Flink functions</h2>
 * <ul>
 * <li>{@link greenwave.jobs.plan.CorridorPlanFunction}: the planner of one corridor (keyed by corridor id), in event
 * time, over {@link greenwave.jobs.plan.CorridorMeasure}s routed to it.</li>
 * <li>{@link greenwave.jobs.plan.PlanGate}: the last check before {@code signal.timing-plans} (keyed by device):
 * the topic's JSON Schema and {@link greenwave.jobs.plan.PlanSafety} again; a plan it stops is a {@code plan_blocked}
 * alert.</li>
 * <li>{@link greenwave.jobs.plan.PlanAckTracker}: each sent plan through its acks (keyed by plan id).</li>
 * </ul>
 *
 * <h2>The planner (plain Java)</h2>
 * <ul>
 * <li>{@link greenwave.jobs.plan.GreenWavePlanner}: cycle, splits, offsets and link-pivot for one corridor, from
 * {@link greenwave.jobs.plan.CorridorObservations} (built by {@link greenwave.jobs.plan.CorridorWindow}) and the
 * {@link greenwave.jobs.plan.ObservedTiming} that actually ran.</li>
 * <li>Its steps: {@link greenwave.jobs.plan.WebsterCycle}, {@link greenwave.jobs.plan.SplitAllocator} (with the
 * NEMA dual ring of {@link greenwave.jobs.plan.SplitWindows}), {@link greenwave.jobs.plan.BandSearch} (over
 * {@link greenwave.jobs.plan.BandGeometry} and {@link greenwave.jobs.plan.BandTravelTimes}),
 * {@link greenwave.jobs.plan.LinkPivot}, and the prediction {@link greenwave.jobs.plan.DelayModel}.</li>
 * <li>{@link greenwave.jobs.plan.PlanSafety}: the contract's safety checks of one device's plan.</li>
 * </ul>
 *
 * <h2>Records and settings</h2>
 * <ul>
 * <li>{@link greenwave.jobs.plan.CorridorPlan} (a corridor's plan), {@link greenwave.jobs.plan.PlanDecision} (a row of
 * {@code traffic.timing_plans}), {@link greenwave.jobs.plan.PlanOutcome} ({@code traffic.plan_outcomes}),
 * {@link greenwave.jobs.plan.PlanStatus} ({@code traffic.plan_status}), {@link greenwave.jobs.plan.PlanIds}
 * (deterministic plan ids).</li>
 * <li>{@link greenwave.jobs.plan.PlanSettings}: the {@code plan:} section of the configuration.</li>
 * </ul>
 *
 * <p>Who clears the keyed state: {@link greenwave.jobs.plan.CorridorPlanFunction} prunes, at every boundary, the
 * measures no future window or outcome period can use, so a quiet corridor keeps only its running plan;
 * {@link greenwave.jobs.plan.PlanAckTracker} drops a settled plan (applied, rejected or alerted), and an ack of a plan
 * never sent, {@code plan.ack_timeout_s} later. {@code PlanStateGrowthTest} checks both.
 * {@link greenwave.jobs.plan.PlanGate} keeps one number per device, the cycle it last let through.
 */
package greenwave.jobs.plan;
