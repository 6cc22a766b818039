package greenwave.udfs.functions;

import greenwave.schemas.Contract;
import greenwave.udfs.contract.ContractChecks;

/**
 * {@code CONTRACT_KEY(topic STRING, json STRING) -> STRING}: the Kafka record key the contract gives the record, e.g.
 * its {@code device_id} on {@code signal.events} ({@link ContractChecks#key}). NULL when the record is invalid, the
 * contract has no key (reference files), an argument is NULL or, for a topic computed per row, it names no contract;
 * a literal unknown topic fails the query when it is planned.
 */
public class ContractKey extends ContractFunction {
    public String eval(String topic, String json) {
        Contract contract = contractOf(topic, json);
        return contract == null ? null : ContractChecks.key(contract, json);
    }
}
