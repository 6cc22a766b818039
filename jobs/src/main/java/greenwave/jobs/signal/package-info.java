/**
 * Signal performance measures (spec measures.md §1) as a per-device streaming state machine, in plain Java.
 *
 * <ul>
 * <li>{@link greenwave.jobs.signal.SignalLayout}: a controller's detector configuration (from ATSPM's detectors.csv
 * or built from network.json).</li>
 * <li>{@link greenwave.jobs.signal.MeasureSettings}: bin length, latency, clean-up gap, red window, thresholds,
 * saturation flow, the longest wait for deciding data.</li>
 * <li>{@link greenwave.jobs.signal.SignalMeasureEngine}: one per device, kept in keyed state. A keyed process
 * function sorts each device's events by (ts, code), drops exact duplicates, and for each new timestamp t calls
 * {@code advanceTo(t)} then {@code onEvent} for the events at t; it registers an event-time timer at
 * {@code nextWakeup()} and calls {@code advanceTo(timer)} when it fires; {@code finish} at the end of a bounded
 * input; a device silent for {@code signal.device_idle_ttl_s} (event time) is flushed the same way and its state
 * dropped.</li>
 * <li>{@link greenwave.jobs.signal.AtspmCsv}: ATSPM event CSV reader and writer of the reference CSVs.</li>
 * </ul>
 */
package greenwave.jobs.signal;
