/**
 * Food-safety violations (spec measures.md §4) from kitchen cameras, temperature sensors and kitchen operations,
 * detected with Flink CEP: {@link greenwave.jobs.food.FoodJob} (the topology), {@link greenwave.jobs.food.FoodRules}
 * (each rule's pattern, window and severity), {@link greenwave.jobs.food.FoodEpisodeFunction} (episodes and dedup
 * where CEP's semantics stop short of the spec), {@link greenwave.jobs.food.FoodScenario} (a generated input for
 * tests, the demo and the benchmark).
 *
 * <p>Along the topology: {@link greenwave.jobs.food.FoodEvent} (a decoded event of any of the three topics, with its
 * kitchen's kind), {@link greenwave.jobs.food.FoodDedup} (per kitchen: late events and exact duplicates, before any
 * pattern), {@link greenwave.jobs.food.FoodMatchFunction} (a rule's matches and timeouts as
 * {@link greenwave.jobs.food.FoodSignal}s), {@link greenwave.jobs.food.FoodViolation} (a record of
 * {@code food.violations} and an alert, table in {@link greenwave.jobs.food.FoodTables}),
 * {@link greenwave.jobs.food.FoodSettings} (the {@code food:} thresholds per kitchen kind). The data's end of a bounded
 * input ({@link greenwave.jobs.common.DataEnd}) keeps the episode function from deciding beyond the data.
 *
 * <p>State is bounded: the dedup forgets what the watermark passed; episodes are cleared when they close, and a sensor
 * that never reports again closes its open episodes {@code silent_sensor_close_s} after its last reading (or their
 * opening); bursts and hazards go after their windows ({@code FoodStateGrowthTest} feeds a million one-off sensors and
 * kitchens). The CEP operators before it are Flink's own: their operator drops a key's pattern state in event time once
 * nothing but the pattern's start is left (every pattern with a follow-up has a window); that is Flink's doing and
 * not measured by that test.
 */
package greenwave.jobs.food;
