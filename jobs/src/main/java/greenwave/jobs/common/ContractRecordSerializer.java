package greenwave.jobs.common;

import greenwave.schemas.Contract;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes contract records to a topic: key = the record's entity id, value = its contract JSON.
 *
 * <p>The Kafka timestamp is left to the producer (the time of writing), deliberately not the record's event time:
 * the contract's time is the JSON {@code ts}, and a backfill of last year's data stamped with its event time would be
 * older than the topic's retention and deleted by the broker at its next retention check.
 */
final class ContractRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final ContractSerializer<T> key;
    private final ContractSerializer<T> value;

    ContractRecordSerializer(String topic, Contract contract) {
        this.topic = topic;
        this.key = ContractSerializer.key(contract);
        this.value = ContractSerializer.value(contract);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, key.serialize(element), value.serialize(element));
    }
}
