package greenwave.udfs.functions;

import greenwave.schemas.Contract;
import greenwave.udfs.contract.ContractChecks;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.ArgumentCount;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.InputTypeStrategy;
import org.apache.flink.table.types.inference.Signature;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * The contract functions, {@code f(topic STRING, json STRING)}. The first argument names the contract by its default
 * topic (or reference file) name. A literal name that is no contract fails the query when it is planned (a typo should
 * not silently give NULL on every row); a name computed per row that is no contract gives NULL for that row.
 */
abstract class ContractFunction extends ScalarFunction {

    /** The contract named by {@code topic}, or null when the topic or the record is NULL or the name is unknown. */
    static Contract contractOf(String topic, String json) {
        return topic == null || json == null ? null : ContractChecks.contract(topic);
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        TypeInference extracted = super.getTypeInference(typeFactory);
        TypeInference.Builder builder = TypeInference.newBuilder()
                .inputTypeStrategy(new KnownContract(extracted.getInputTypeStrategy()))
                .outputTypeStrategy(extracted.getOutputTypeStrategy());
        extracted.getStaticArguments().ifPresent(builder::staticArguments);
        return builder.build();
    }

    /** The extracted input types, plus: a literal first argument must name a contract. */
    private record KnownContract(InputTypeStrategy extracted) implements InputTypeStrategy {
        @Override
        public ArgumentCount getArgumentCount() {
            return extracted.getArgumentCount();
        }

        @Override
        public Optional<List<DataType>> inferInputTypes(CallContext call, boolean throwOnFailure) {
            if (call.isArgumentLiteral(0) && !call.isArgumentNull(0)) {
                Optional<String> name = call.getArgumentValue(0, String.class);
                if (name.isPresent() && ContractChecks.contract(name.get()) == null) {
                    return call.fail(
                            throwOnFailure,
                            "%s: no contract topic named '%s' (known: %s)",
                            call.getName(),
                            name.get(),
                            ContractChecks.names());
                }
            }
            return extracted.inferInputTypes(call, throwOnFailure);
        }

        @Override
        public List<Signature> getExpectedSignatures(FunctionDefinition definition) {
            return extracted.getExpectedSignatures(definition);
        }
    }
}
