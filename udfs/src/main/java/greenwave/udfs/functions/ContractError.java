package greenwave.udfs.functions;

import greenwave.schemas.Contract;
import greenwave.udfs.contract.ContractChecks;

/**
 * {@code CONTRACT_ERROR(topic STRING, json STRING) -> STRING}: why the record would go to the dead-letter topic,
 * or NULL when it is valid ({@link ContractChecks#error}). NULL also when an argument is NULL or, for a topic computed
 * per row, when it names no contract; a literal unknown topic fails the query when it is planned.
 */
public class ContractError extends ContractFunction {
    public String eval(String topic, String json) {
        Contract contract = contractOf(topic, json);
        return contract == null ? null : ContractChecks.error(contract, json);
    }
}
