/**
 * Probe-vehicle delay measures (spec measures.md §1, "Control delay from probe vehicles"), pure Java, no Flink:
 * {@link greenwave.jobs.probe.ApproachMatcher} (network geometry, spatial index),
 * {@link greenwave.jobs.probe.VehicleTraversalEngine} (one per vehicle, keyed state: traversals and link trips),
 * {@link greenwave.jobs.probe.ApproachDelayAggregator} (per approach / link and 15-minute bin → {@code probe.measures}).
 *
 * <p>Who clears the keyed state: {@link greenwave.jobs.probe.VehicleTraversalFunction} drops a vehicle silent for
 * longer than {@code probe.max_sample_gap_s} (event time); {@link greenwave.jobs.probe.BinnedProbeAggregation}
 * removes a bin when it emits it (the watermark past its end plus that gap). The state-growth test feeds a million
 * one-off ids to each and finds nothing left.
 */
package greenwave.jobs.probe;
