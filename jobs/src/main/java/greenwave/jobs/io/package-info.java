/**
 * Files standing in for Kafka around a bounded job: {@link greenwave.jobs.io.AtspmCsvFormat} reads an ATSPM event
 * export as {@code signal.events} records, {@link greenwave.jobs.io.Collected} gathers a bounded job's output
 * streams into lists.
 */
package greenwave.jobs.io;
