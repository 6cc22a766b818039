/**
 * Food-safety violations (spec measures.md §4) from kitchen cameras, temperature sensors and kitchen operations,
 * detected with Flink CEP: {@link greenwave.jobs.food.FoodJob} (the topology), {@link greenwave.jobs.food.FoodRules}
 * (each rule's pattern, window and severity), {@link greenwave.jobs.food.FoodEpisodeFunction} (episodes and dedup
 * where CEP's semantics stop short of the spec), {@link greenwave.jobs.food.FoodScenario} (a generated input for
 * tests, the demo and the benchmark).
 */
package greenwave.jobs.food;
