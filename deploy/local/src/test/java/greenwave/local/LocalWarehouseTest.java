package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.testing.IcebergRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWarehouseTest {

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "device_id", Types.StringType.get(), "controller id"),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone(), "event time"),
            Types.NestedField.optional(3, "value", Types.DoubleType.get(), "measure value"));
    static final PartitionSpec SPEC =
            PartitionSpec.builderFor(SCHEMA).day("ts").identity("device_id").build();

    @TempDir
    Path dir;

    @Test
    void createsNamespacesAndTablesAppendsAndSurvivesReopen() throws Exception {
        TableIdentifier id = TableIdentifier.of("traffic", "signal_measures");
        try (LocalWarehouse wh = new LocalWarehouse(dir)) {
            wh.ensureNamespaces("traffic", "bike", "food", "ops");
            wh.ensureNamespaces("traffic"); // idempotent
            assertThat(((SupportsNamespaces) wh.catalog()).listNamespaces())
                    .contains(Namespace.of("traffic"), Namespace.of("ops"));

            Table t = wh.ensureTable(id, SCHEMA, SPEC, Map.of("comment", "v1", "format-version", "2"));
            assertThat(t.properties()).containsEntry("comment", "v1");
            assertThat(((HasTableOperations) t).operations().current().formatVersion())
                    .isEqualTo(2);
            Table again = wh.ensureTable(id, SCHEMA, SPEC, Map.of("comment", "v2"));
            assertThat(again.uuid()).isEqualTo(t.uuid());
            assertThat(again.properties()).containsEntry("comment", "v2");

            append(t, "227", 1.5);
            append(t, "452", 2.5);
        }
        assertThat(dir.resolve("catalog.db")).exists();
        assertThat(dir.resolve("warehouse/traffic/signal_measures/metadata")).isDirectory();

        try (LocalWarehouse wh = new LocalWarehouse(dir)) {
            Table t = wh.catalog().loadTable(id);
            assertThat(t.properties()).containsEntry("comment", "v2");
            assertThat(t.spec().fields()).hasSize(2);
            assertThat(values(t)).containsExactlyInAnyOrder(1.5, 2.5);

            // the Flink loader is serialisable and loads the same catalog
            CatalogLoader loader = roundTrip(wh.catalogLoader());
            Catalog c = loader.loadCatalog();
            try {
                assertThat(c.tableExists(id)).isTrue();
            } finally {
                ((AutoCloseable) c).close();
            }
        }
    }

    @Test
    void parallelCommitsFromOneJvmDoNotFail() throws Exception {
        try (LocalWarehouse wh = new LocalWarehouse(dir)) {
            TableIdentifier shared = TableIdentifier.of("ops", "shared");
            List<TableIdentifier> own = List.of(TableIdentifier.of("ops", "t0"), TableIdentifier.of("ops", "t1"));
            wh.ensureTable(shared, SCHEMA, SPEC, Map.of("commit.retry.num-retries", "20"));
            own.forEach(t -> wh.ensureTable(t, SCHEMA, SPEC, Map.of()));
            int commits = 4;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    TableIdentifier mine = own.get(w);
                    String device = "d" + w;
                    futures.add(pool.submit(() -> {
                        // each writer has its own catalog and connection, like Flink's committers
                        Catalog c = wh.catalogLoader().loadCatalog();
                        try {
                            for (int i = 0; i < commits; i++) {
                                appendMetadataOnly(c.loadTable(mine));
                                appendMetadataOnly(c.loadTable(shared));
                            }
                        } finally {
                            ((AutoCloseable) c).close();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS); // rethrows a failed commit
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(snapshots(wh.catalog().loadTable(shared))).isEqualTo(2 * commits);
            for (TableIdentifier t : own) {
                assertThat(snapshots(wh.catalog().loadTable(t))).isEqualTo(commits);
            }
        }
    }

    /** Writes one Parquet data file with one row and appends it (one commit). */
    static void append(Table table, String device, double value) throws IOException {
        GenericRecord r = GenericRecord.create(table.schema());
        r.setField("device_id", device);
        r.setField("ts", OffsetDateTime.of(2024, 5, 13, 15, 0, 0, 0, ZoneOffset.UTC));
        r.setField("value", value);
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        key.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(r));
        String path = table.locationProvider().newDataLocation(table.spec(), key, UUID.randomUUID() + ".parquet");
        OutputFile out = table.io().newOutputFile(path);
        FileAppender<Record> appender =
                new GenericAppenderFactory(table.schema(), table.spec()).newAppender(out, FileFormat.PARQUET);
        try (appender) {
            appender.add(r);
        }
        DataFile file = DataFiles.builder(table.spec())
                .withInputFile(out.toInputFile())
                .withMetrics(appender.metrics())
                .withFormat(FileFormat.PARQUET)
                .withPartition(key)
                .build();
        table.newAppend().appendFile(file).commit();
    }

    /** Commits a data file entry without writing the file: a catalog commit, nothing else. */
    static void appendMetadataOnly(Table table) {
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        key.set(0, 19856); // day ordinal of 2024-05-13
        key.set(1, "227");
        DataFile file = DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(100)
                .withRecordCount(1)
                .withPartition(key)
                .build();
        table.newAppend().appendFile(file).commit();
    }

    static int snapshots(Table table) {
        int n = 0;
        for (var ignored : table.snapshots()) {
            n++;
        }
        return n;
    }

    static List<Double> values(Table table) {
        return IcebergRows.of(table).stream()
                .map(r -> (Double) r.getField("value"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
