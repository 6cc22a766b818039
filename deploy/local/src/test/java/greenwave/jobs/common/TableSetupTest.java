package greenwave.jobs.common;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import greenwave.local.LocalWarehouse;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableSetupTest {
    @TempDir
    Path dir;

    private static IcebergTable<String> table(Schema schema) {
        return new IcebergTable<>(
                TableIdentifier.of("traffic", "evolving"),
                "a table that gains a column",
                schema,
                PartitionSpec.unpartitioned(),
                s -> null);
    }

    /** A warehouse made by an older version gets the columns added since, appended and optional; data stays. */
    @Test
    void anExistingTableGainsTheColumnsAddedSince() throws Exception {
        Schema v1 = new Schema(
                required(1, "id", Types.StringType.get(), "id"), required(2, "mean_s", Types.DoubleType.get(), "mean"));
        Schema v2 = new Schema(
                required(1, "id", Types.StringType.get(), "id"),
                required(2, "mean_s", Types.DoubleType.get(), "mean"),
                optional(3, "mean_running_s", Types.DoubleType.get(), "running"));
        try (LocalWarehouse wh = new LocalWarehouse(dir)) {
            Catalog catalog = wh.catalog();
            TableSetup.ensure(catalog, List.of(table(v1)));
            long snapshotsBefore = catalog.loadTable(table(v1).id()).schemas().size();
            TableSetup.ensure(catalog, List.of(table(v2)));
            Schema now = catalog.loadTable(table(v2).id()).schema();
            assertThat(now.columns())
                    .extracting(Types.NestedField::name)
                    .containsExactly("id", "mean_s", "mean_running_s");
            assertThat(now.findField("mean_running_s").isOptional()).isTrue();
            // idempotent: a second ensure changes nothing
            TableSetup.ensure(catalog, List.of(table(v2)));
            assertThat(catalog.loadTable(table(v2).id()).schemas()).hasSize((int) snapshotsBefore + 1);
        }
    }
}
