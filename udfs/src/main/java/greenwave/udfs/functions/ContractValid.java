package greenwave.udfs.functions;

import greenwave.schemas.Contract;
import greenwave.udfs.contract.ContractChecks;

/**
 * {@code CONTRACT_VALID(topic STRING, json STRING) -> BOOLEAN}: whether the record fits the contract, i.e.
 * {@code CONTRACT_ERROR(topic, json) IS NULL} ({@link ContractChecks#error}). NULL when an argument is NULL or, for a
 * topic computed per row, when it names no contract; a literal unknown topic fails the query when it is planned.
 */
public class ContractValid extends ContractFunction {
    public Boolean eval(String topic, String json) {
        Contract contract = contractOf(topic, json);
        return contract == null ? null : ContractChecks.error(contract, json) == null;
    }
}
