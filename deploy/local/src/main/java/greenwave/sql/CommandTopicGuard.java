package greenwave.sql;

import greenwave.config.GreenwaveConfig;
import greenwave.schemas.Contract;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.module.Module;

/**
 * Refuses, when a statement is planned, every SQL sink that would write a command topic
 * ({@link Contract#isCommandTopic()}): the signal-control system and the bike operators act on those records, and only
 * the job that checks them may send them. Every other sink is created by the factory its {@code connector} names.
 *
 * <p>Flink asks the guard for the sinks of {@link ContractCatalog}'s tables (it is the catalog's factory), so the
 * command topics' tables are read-only alike in the {@code ./greenwave sql} runner, on the SQL gateway and on a
 * cluster, also with a table hint such as {@code /*+ OPTIONS('topic'='...') *}{@code /}. In the runner, the module
 * {@value #MODULE} makes it the sink factory of every other table too (temporary tables, the built-in catalog). The
 * broker's ACLs are what stops other clients; the guard says why before a job is submitted.
 */
public final class CommandTopicGuard implements DynamicTableSinkFactory {

    /** The name of the module that guards the tables outside {@link ContractCatalog}. */
    public static final String MODULE = "command_topics";

    private static final String TOPIC = "topic";
    /** The connectors whose sinks write Kafka topics named by their {@value #TOPIC} option. */
    private static final Set<String> KAFKA_CONNECTORS = Set.of("kafka", "upsert-kafka");

    /** Configured topic name → its contract, for the command topics. */
    private final Map<String, Contract> commandTopics;

    /** @param configuredTopic the configured name of a contract's topic */
    CommandTopicGuard(Function<Contract, String> configuredTopic) {
        Map<String, Contract> topics = new LinkedHashMap<>();
        for (Contract c : Contract.commandTopics()) {
            topics.put(configuredTopic.apply(c), c);
        }
        this.commandTopics = Map.copyOf(topics);
    }

    /** The guard of the command topics under their configured names. */
    public static CommandTopicGuard of(GreenwaveConfig config) {
        return new CommandTopicGuard(config.topics()::of);
    }

    /** Why a command topic cannot be written from SQL, e.g. "signal.timing-plans is a command topic to ...". */
    static String why(String topic, Contract contract) {
        return String.format(
                "%s is a command topic to %s and only %s writes it",
                topic, contract.command().recipient(), contract.command().writer());
    }

    /** A module with no functions, only this guard as the sink factory of tables whose catalog has none of its own. */
    public Module asModule() {
        CommandTopicGuard guard = this;
        return new Module() {
            @Override
            public Optional<DynamicTableSinkFactory> getTableSinkFactory() {
                return Optional.of(guard);
            }
        };
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        Map<String, String> options = context.getCatalogTable().getOptions();
        String table = context.getObjectIdentifier().getObjectName();
        String connector = options.get(FactoryUtil.CONNECTOR.key());
        if (connector == null) {
            throw new ValidationException(table + " has no '" + FactoryUtil.CONNECTOR.key() + "' option");
        }
        if (KAFKA_CONNECTORS.contains(connector)) {
            String topics = options.get(TOPIC);
            if (topics == null) {
                // without a topic option the sink takes each record's topic from its data
                throw new ValidationException(table + " needs a '" + TOPIC + "' option to be written: a sink that "
                        + "takes the topic from its rows could write a command topic");
            }
            for (String topic : topics.split(";")) {
                Contract contract = commandTopics.get(topic.trim());
                if (contract != null) {
                    throw new ValidationException(table + " is read-only: " + why(topic.trim(), contract));
                }
            }
        }
        return FactoryUtil.discoverFactory(context.getClassLoader(), DynamicTableSinkFactory.class, connector)
                .createDynamicTableSink(context);
    }

    @Override
    public String factoryIdentifier() {
        return "greenwave-command-topic-guard";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }
}
