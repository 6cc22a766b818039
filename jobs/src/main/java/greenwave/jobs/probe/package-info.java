/**
 * Probe-vehicle delay measures (spec measures.md §1, "Control delay from probe vehicles"): the geometry and the
 * per-vehicle state machine in plain Java, and the Flink job around them.
 *
 * <ul>
 * <li>{@link greenwave.jobs.probe.ApproachMatcher}: network geometry (approach zones, spatial index).</li>
 * <li>{@link greenwave.jobs.probe.VehicleTraversalEngine}: one per vehicle, in keyed state: its
 * {@link greenwave.jobs.probe.Traversal}s of approach zones and {@link greenwave.jobs.probe.LinkTravel} trips between
 * consecutive corridor intersections.</li>
 * <li>{@link greenwave.jobs.probe.ApproachDelayAggregator}: pure functions from a bin's traversals / trips to the
 * measures of {@code probe.measures}.</li>
 * <li>{@link greenwave.jobs.probe.VehicleTraversalFunction}: the keyed function (per vehicle, event time) around the
 * engine; {@link greenwave.jobs.probe.BinnedProbeAggregation}: the per approach / link 15-minute bins.</li>
 * <li>{@link greenwave.jobs.probe.ProbeDelayJob}: the topology, sources and sinks injected;
 * {@link greenwave.jobs.probe.ProbeTables}: its Iceberg tables; {@link greenwave.jobs.probe.ProbeSettings}: its
 * thresholds.</li>
 * </ul>
 *
 * <p>Who clears the keyed state: {@link greenwave.jobs.probe.VehicleTraversalFunction} drops a vehicle silent for
 * longer than {@code probe.max_sample_gap_s} (event time); {@link greenwave.jobs.probe.BinnedProbeAggregation}
 * removes a bin when it emits it (the watermark past its end plus that gap). The state-growth test feeds a million
 * one-off ids to each and finds nothing left.
 */
package greenwave.jobs.probe;
