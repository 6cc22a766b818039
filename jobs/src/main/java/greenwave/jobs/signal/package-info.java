/**
 * Signal performance measures (spec measures.md §1) as a per-device streaming state machine, in plain Java, and the
 * Flink job around it.
 *
 * <h2>Configuration</h2>
 * <ul>
 * <li>{@link greenwave.jobs.signal.SignalLayout}: a controller's detector configuration (from ATSPM's detectors.csv
 * or built from network.json).</li>
 * <li>{@link greenwave.jobs.signal.NetworkLayouts}: the layout of each controller, read from the signal inventory
 * (network.json).</li>
 * <li>{@link greenwave.jobs.signal.MeasureSettings}: bin length, latency, clean-up gap, red window, thresholds,
 * saturation flow, the longest wait for deciding data.</li>
 * </ul>
 *
 * <h2>The engine</h2>
 * <ul>
 * <li>{@link greenwave.jobs.signal.SignalMeasureEngine}: one per device, kept in keyed state. A keyed process
 * function sorts each device's events by (ts, code), drops exact duplicates, and for each new timestamp t calls
 * {@code advanceTo(t)} then {@code onEvent} for the events at t; it registers an event-time timer at
 * {@code nextWakeup()} and calls {@code advanceTo(timer)} when it fires; {@code finish} at the end of a bounded
 * input; a device silent for {@code signal.device_idle_ttl_s} (event time) is flushed the same way and its state
 * dropped.</li>
 * <li>Its state, package-private and {@link java.io.Serializable} like the engine:
 * <ul>
 * <li>actuations and terminations per bin: {@link greenwave.jobs.signal.ActuationCount},
 * {@link greenwave.jobs.signal.TerminationCounts};</li>
 * <li>arrivals on green: {@link greenwave.jobs.signal.AdvanceDetector} (an Advance channel's phase and travel time),
 * {@link greenwave.jobs.signal.PhaseTimeline} (a phase's state over time, a history of
 * {@link greenwave.jobs.signal.PhaseStateChange}s), {@link greenwave.jobs.signal.AogCounts} per bin;</li>
 * <li>approach delay, Purdue coordination diagram and degree of saturation:
 * {@link greenwave.jobs.signal.ApproachDelayPhase} per phase, with {@link greenwave.jobs.signal.ApproachDelayBin}s
 * and {@link greenwave.jobs.signal.PcdCycleBuilder}s;</li>
 * <li>split failures: {@link greenwave.jobs.signal.SplitFailurePhase} per phase, with its
 * {@link greenwave.jobs.signal.SplitFailureChannel}s (cleaned {@link greenwave.jobs.signal.DetectorTransition}s),
 * pending {@link greenwave.jobs.signal.SplitFailureMark}s, the {@link greenwave.jobs.signal.SplitFailureCycle} being
 * integrated and {@link greenwave.jobs.signal.SplitFailureBin}s;</li>
 * <li>yellow and red actuations: {@link greenwave.jobs.signal.YellowRedPhase} per phase with Yellow_Red channels,
 * with its open {@link greenwave.jobs.signal.YellowRedCycle}s;</li>
 * <li>preemption details: {@link greenwave.jobs.signal.PreemptInput} per preempt input;</li>
 * <li>coordination changes and cycle lengths: {@link greenwave.jobs.signal.CoordinationTimeline}, with
 * {@link greenwave.jobs.signal.CycleLengthBin}s.</li>
 * </ul>
 * </li>
 * </ul>
 *
 * <h2>The job</h2>
 * <ul>
 * <li>{@link greenwave.jobs.signal.SignalMeasureFunction}: that keyed process function, in event time (late events,
 * duplicates, idle devices flushed).</li>
 * <li>{@link greenwave.jobs.signal.SignalMeasuresJob}: the topology, with sources and sinks injected.</li>
 * <li>{@link greenwave.jobs.signal.SignalPipeline}: the job as deployed (Kafka in, Kafka and Iceberg out).</li>
 * <li>{@link greenwave.jobs.signal.SignalTables}: the Iceberg tables of the measures and the raw events.</li>
 * </ul>
 *
 * <h2>ATSPM files</h2>
 * <ul>
 * <li>{@link greenwave.jobs.signal.AtspmCsv}: ATSPM event CSV reader and writer of the reference CSVs.</li>
 * <li>{@link greenwave.jobs.signal.AtspmExport}: runs an ATSPM event export through the job ({@code ./greenwave atspm}
 * and the golden test).</li>
 * </ul>
 */
package greenwave.jobs.signal;
