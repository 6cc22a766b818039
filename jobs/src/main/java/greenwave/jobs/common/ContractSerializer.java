package greenwave.jobs.common;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Writes a record the one way the contract says: its JSON as the value, its entity id as the key. */
public final class ContractSerializer<T> implements SerializationSchema<T> {
    private final Contract contract;
    private final boolean key;

    private ContractSerializer(Contract contract, boolean key) {
        this.contract = contract;
        this.key = key;
    }

    public static <T> ContractSerializer<T> value(Contract contract) {
        return new ContractSerializer<>(contract, false);
    }

    public static <T> ContractSerializer<T> key(Contract contract) {
        return new ContractSerializer<>(contract, true);
    }

    @Override
    public byte[] serialize(T element) {
        ContractCodec codec = ContractCodec.shared();
        if (key) {
            String k = codec.key(contract, element);
            return k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        }
        return codec.encode(element);
    }
}
