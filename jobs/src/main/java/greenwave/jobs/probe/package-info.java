/**
 * Probe-vehicle delay measures (spec measures.md §1, "Control delay from probe vehicles"), pure Java, no Flink:
 * {@link greenwave.jobs.probe.ApproachMatcher} (network geometry, spatial index),
 * {@link greenwave.jobs.probe.VehicleTraversalEngine} (one per vehicle, keyed state: traversals and link trips),
 * {@link greenwave.jobs.probe.ApproachDelayAggregator} (per approach / link and 15-minute bin → {@code probe.measures}).
 */
package greenwave.jobs.probe;
