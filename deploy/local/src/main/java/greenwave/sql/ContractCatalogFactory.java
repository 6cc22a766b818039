package greenwave.sql;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;

/**
 * Creates a {@link ContractCatalog} from {@code CREATE CATALOG kafka WITH ('type' = 'greenwave-kafka',
 * 'properties.bootstrap.servers' = '...')} or a catalog store entry. Every option but the broker is optional (see
 * {@link ContractCatalog#options}); the options are read as they are, so the per-topic ones need no declaration.
 */
public final class ContractCatalogFactory implements CatalogFactory {

    @Override
    public String factoryIdentifier() {
        return ContractCatalog.TYPE;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public Catalog createCatalog(Context context) {
        return ContractCatalog.create(context.getName(), context.getOptions());
    }
}
