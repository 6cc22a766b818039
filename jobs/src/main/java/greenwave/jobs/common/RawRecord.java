package greenwave.jobs.common;

/**
 * A record as it came off a topic (or a file standing in for one), before any parsing: the jobs decode it with the
 * contract and dead-letter it with its coordinates when it does not fit.
 *
 * @param topic     source topic (or the file's topic name for file inputs)
 * @param partition Kafka partition, 0 for files
 * @param offset    Kafka offset, or line number (from 1) for files
 * @param timestamp the Kafka record timestamp (epoch ms), or 0 when unknown
 * @param key       the record key bytes, may be null
 * @param value     the record value bytes, may be null (a tombstone)
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
