package greenwave.udfs.contract;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A record checked against the wire contract exactly as the jobs check what they read ({@link ContractCodec}): the
 * same reason the record would carry to the dead-letter topic {@code dlq}, and the Kafka key the contract gives it.
 *
 * <p>A contract is named by its default topic ({@code signal.events}, {@code bike.zones}, ...) or reference file
 * ({@code network.json}, {@code zones.json}, {@code kitchens.json}), as {@link Contract#forName}. The codec is the
 * shared one ({@link ContractCodec#shared()}), compiled on first use.
 */
public final class ContractChecks {
    private ContractChecks() {}

    /** The contract of a default topic or file name, or null when there is none of that name. */
    public static Contract contract(String name) {
        if (name == null) {
            return null;
        }
        for (Contract c : Contract.values()) {
            if (c.defaultName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Every contract name {@link #contract} knows, comma-separated (for error messages). */
    public static String names() {
        return Arrays.stream(Contract.values()).map(Contract::defaultName).collect(Collectors.joining(", "));
    }

    /**
     * Why the record would go to {@code dlq}: the reason the jobs' decoder gives (not UTF-8 JSON, a schema violation
     * naming the field, or a value the Java type cannot hold), or null when the record is valid. Reference files
     * holding a list ({@code zones.json}, {@code kitchens.json}) are checked against their schema only.
     */
    public static String error(Contract contract, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        if (contract.kind() == Contract.Kind.LIST_FILE) {
            return ContractCodec.shared().validate(contract, payload).orElse(null);
        }
        return decode(contract, payload).error();
    }

    /**
     * The Kafka record key the contract gives the record (e.g. its {@code device_id}), or null when the record is
     * invalid or the contract has no key (the reference files).
     */
    public static String key(Contract contract, String json) {
        if (contract.kind() == Contract.Kind.LIST_FILE) {
            return null;
        }
        Decoded<?> decoded = decode(contract, json.getBytes(StandardCharsets.UTF_8));
        return decoded.ok() ? contract.keyOf(decoded.value()) : null;
    }

    private static Decoded<?> decode(Contract contract, byte[] payload) {
        return ContractCodec.shared().decode(contract, payload, contract.javaType());
    }
}
