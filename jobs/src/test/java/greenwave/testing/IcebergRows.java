package greenwave.testing;

import greenwave.jobs.common.IcebergTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Tests' view of an Iceberg table: every row of its current snapshot, as an analyst's engine would read it. */
public final class IcebergRows {
    private IcebergRows() {}

    /** The rows of {@code table} at its latest snapshot (the table is refreshed first). */
    public static List<Record> of(Table table) {
        table.refresh();
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + table.name(), e);
        }
        return out;
    }

    /** The rows of one of the jobs' tables in {@code catalog}. */
    public static List<Record> of(Catalog catalog, IcebergTable<?> table) {
        return of(catalog.loadTable(table.id()));
    }
}
