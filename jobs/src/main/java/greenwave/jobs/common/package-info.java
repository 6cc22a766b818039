/**
 * What every job shares: reading the wire contract, event time, exactly-once Kafka sinks, the Iceberg tables of the
 * {@code ops} namespace, and the contract gate.
 *
 * <h2>In</h2>
 * <ul>
 * <li>{@link greenwave.jobs.common.RawRecord}: a record as it came off a topic (or a file standing in for one), kept
 * whole by {@link greenwave.jobs.common.RawRecordDeserializer}.</li>
 * <li>{@link greenwave.jobs.common.EventTime}: event time assigned at the source, from the record's own {@code ts}.</li>
 * <li>{@link greenwave.jobs.common.ContractDecoder}: decodes with the contract; what does not fit is a dead letter.</li>
 * <li>{@link greenwave.jobs.common.LateEvent}: an event behind the watermark, stored in {@code ops.late_events}.</li>
 * <li>{@link greenwave.jobs.common.ContractGate}: checks the input topics no job reads yet, so their malformed
 * records reach {@code dlq} too.</li>
 * </ul>
 *
 * <h2>Out</h2>
 * <ul>
 * <li>{@link greenwave.jobs.common.KafkaSinks}: the Kafka sources and exactly-once sinks every job uses, writing with
 * {@link greenwave.jobs.common.ContractSerializer} / {@link greenwave.jobs.common.ContractRecordSerializer} and
 * committing with {@link greenwave.jobs.common.CheckpointBoundCommitter} (only what a completed checkpoint
 * covers).</li>
 * <li>{@link greenwave.jobs.common.TransactionTimeout}: the rule a Kafka transaction timeout must meet, checked before
 * a job starts.</li>
 * <li>{@link greenwave.jobs.common.IcebergTable}: an analysts' table (documented columns, partitioning, row mapping);
 * {@link greenwave.jobs.common.TableSetup} creates them; {@link greenwave.jobs.common.OpsTables}: {@code
 * ops.dead_letters}, {@code ops.late_events} and {@code ops.alerts}.</li>
 * </ul>
 *
 * <h2>The end of a bounded input</h2>
 * <ul>
 * <li>{@link greenwave.jobs.common.LatestEventTime} and {@link greenwave.jobs.common.DataEnd}: the latest event time
 * of the data, broadcast to the operators that decide on event-time timers (bike and food jobs), so nothing is decided
 * for a time the data never reached when the final watermark jumps to its maximum.</li>
 * </ul>
 */
package greenwave.jobs.common;
