package greenwave.jobs.common;

import java.util.Collection;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/**
 * Creates the analysts' namespaces and tables before the jobs write them: idempotent, on any Iceberg catalog. A table
 * made by an older version gets the columns added since (new columns are optional and appended, so existing data and
 * queries keep working).
 */
public final class TableSetup {
    private TableSetup() {}

    public static void ensure(Catalog catalog, Collection<IcebergTable<?>> tables) {
        for (IcebergTable<?> table : tables) {
            Namespace namespace = table.id().namespace();
            if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
                try {
                    namespaces.createNamespace(namespace, Map.of());
                } catch (AlreadyExistsException raced) {
                    // created concurrently: fine
                }
            }
            if (!catalog.tableExists(table.id())) {
                try {
                    catalog.createTable(table.id(), table.schema(), table.spec(), table.properties());
                } catch (AlreadyExistsException raced) {
                    // created concurrently: fine
                }
            } else {
                Table existing = catalog.loadTable(table.id());
                if (table.schema().columns().stream()
                        .anyMatch(c -> existing.schema().findField(c.name()) == null)) {
                    existing.updateSchema().unionByNameWith(table.schema()).commit();
                }
            }
        }
    }
}
