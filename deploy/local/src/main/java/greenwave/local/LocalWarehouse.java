package greenwave.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Iceberg warehouse: a JDBC catalog on SQLite plus a warehouse directory, both under one directory, no
 * server. Its files are plain Iceberg, so other engines open the same catalog and tables.
 *
 * <p>Layout under {@code dir}: {@code catalog.db} (the SQLite catalog: tables {@code iceberg_tables},
 * {@code iceberg_namespace_properties}) and {@code warehouse/<namespace>/<table>/{metadata,data}}.
 *
 * <p>Catalog properties (see {@link #catalogProperties()}), catalog name {@value #CATALOG_NAME}:
 * <pre>
 *   catalog-impl          = greenwave.local.SqliteJdbcCatalog       (in this JVM; elsewhere the stock
 *                           org.apache.iceberg.jdbc.JdbcCatalog, i.e. type=jdbc: same tables and rows)
 *   uri                   = jdbc:sqlite:&lt;dir&gt;/catalog.db?busy_timeout=30000
 *   jdbc.schema-version   = V1
 *   warehouse             = file:&lt;dir&gt;/warehouse
 *   io-impl               = org.apache.iceberg.hadoop.HadoopFileIO
 *   clients               = 1
 * </pre>
 * Opening it from elsewhere (reading while the stack runs is fine; SQLite serialises writers):
 * <ul>
 *   <li>Spark: {@code spark.sql.catalog.greenwave=org.apache.iceberg.spark.SparkCatalog},
 *       {@code spark.sql.catalog.greenwave.type=jdbc}, {@code ...uri=jdbc:sqlite:/abs/.greenwave/iceberg/catalog.db},
 *       {@code ...jdbc.schema-version=V1}, {@code ...warehouse=file:/abs/.greenwave/iceberg/warehouse}, with
 *       {@code org.xerial:sqlite-jdbc} on the classpath.</li>
 *   <li>Flink SQL: {@code CREATE CATALOG greenwave WITH ('type'='iceberg', 'catalog-impl'='org.apache.iceberg.jdbc.JdbcCatalog',
 *       'uri'='jdbc:sqlite:...', 'jdbc.schema-version'='V1', 'warehouse'='file:...')}.</li>
 *   <li>Trino: {@code iceberg.catalog.type=jdbc}, {@code iceberg.jdbc-catalog.catalog-name=greenwave},
 *       {@code iceberg.jdbc-catalog.connection-url=jdbc:sqlite:...}, {@code iceberg.jdbc-catalog.default-warehouse-dir=file:...}
 *       (needs the SQLite driver added to the Iceberg plugin).</li>
 *   <li>PyIceberg: {@code SqlCatalog("greenwave", uri="sqlite:////abs/.greenwave/iceberg/catalog.db",
 *       warehouse="file:///abs/.greenwave/iceberg/warehouse")}; its schema is compatible with V1 (it ignores the
 *       {@code iceberg_type} column; tables it creates have it NULL, which the Java catalog lists as tables).</li>
 * </ul>
 * The catalog name matters: every row is stored under {@code catalog_name}, so other engines must use
 * {@value #CATALOG_NAME} as the catalog's name to see these tables.
 *
 * <p>Concurrency: SQLite allows one writer at a time. Commits are single auto-commit statements; with
 * {@code busy_timeout} in the URL a committer waits for the lock (up to 30 s) instead of failing with
 * {@code SQLITE_BUSY}, so parallel commits from several catalog instances (e.g. one per Flink committer) succeed.
 * That needs {@link SqliteJdbcCatalog}: the stock catalog leaves a read transaction open on its connection, and then
 * the busy timeout does not apply. Concurrent commits to the same table are resolved by Iceberg's optimistic retry
 * ({@code commit.retry.num-retries}, default 4).
 */
public final class LocalWarehouse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWarehouse.class);

    /** Catalog name under which the tables are stored in {@code catalog.db}. */
    public static final String CATALOG_NAME = "greenwave";
    /** How long a SQLite statement waits for the database lock before failing with SQLITE_BUSY. */
    public static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path dir;
    private final Map<String, String> properties;
    private Catalog catalog;

    public LocalWarehouse(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        Path warehouse = this.dir.resolve("warehouse");
        try {
            Files.createDirectories(warehouse);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create warehouse dir " + warehouse, e);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CatalogProperties.CATALOG_IMPL, SqliteJdbcCatalog.class.getName());
        p.put(
                CatalogProperties.URI,
                "jdbc:sqlite:" + this.dir.resolve("catalog.db") + "?busy_timeout=" + BUSY_TIMEOUT_MS);
        p.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
        p.put(CatalogProperties.WAREHOUSE_LOCATION, "file:" + warehouse);
        p.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.hadoop.HadoopFileIO");
        // one connection per catalog instance: SQLite has a single writer anyway
        p.put(CatalogProperties.CLIENT_POOL_SIZE, "1");
        this.properties = Map.copyOf(p);
    }

    public Path dir() {
        return dir;
    }

    /** The directory holding the table data and metadata files. */
    public Path warehouseDir() {
        return dir.resolve("warehouse");
    }

    /** The catalog properties (see the class comment); the same for Flink's Iceberg catalog or sinks. */
    public Map<String, String> catalogProperties() {
        return properties;
    }

    /** A serialisable loader of this catalog for Flink's Iceberg sinks and sources. */
    public CatalogLoader catalogLoader() {
        return CatalogLoader.custom(CATALOG_NAME, properties, hadoopConf(), SqliteJdbcCatalog.class.getName());
    }

    /** This warehouse's catalog (created on first use, closed by {@link #close()}). */
    public synchronized Catalog catalog() {
        if (catalog == null) {
            catalog = catalogLoader().loadCatalog();
        }
        return catalog;
    }

    /** Creates the namespaces that do not exist yet. */
    public void ensureNamespaces(String... names) {
        SupportsNamespaces ns = (SupportsNamespaces) catalog();
        for (String name : names) {
            Namespace namespace = Namespace.of(name.split("\\."));
            if (!ns.namespaceExists(namespace)) {
                try {
                    ns.createNamespace(namespace);
                    LOG.info("created namespace {}", namespace);
                } catch (AlreadyExistsException e) {
                    // created concurrently
                }
            }
        }
    }

    /**
     * Creates the table if it does not exist (with its namespace), else loads it. {@code props} are the table
     * properties for a new table; for an existing one only the table comment ({@code comment}) is brought up to date.
     */
    public Table ensureTable(TableIdentifier id, Schema schema, PartitionSpec spec, Map<String, String> props) {
        Objects.requireNonNull(id, "id");
        Catalog c = catalog();
        if (!id.namespace().isEmpty()) {
            ensureNamespaces(String.join(".", id.namespace().levels()));
        }
        if (!c.tableExists(id)) {
            try {
                Table t = c.buildTable(id, schema)
                        .withPartitionSpec(spec == null ? PartitionSpec.unpartitioned() : spec)
                        .withProperties(props == null ? Map.of() : props)
                        .create();
                LOG.info("created table {} at {}", id, t.location());
                return t;
            } catch (AlreadyExistsException e) {
                // created concurrently: load it below
            }
        }
        Table t = c.loadTable(id);
        String comment = props == null ? null : props.get("comment");
        if (comment != null && !comment.equals(t.properties().get("comment"))) {
            t.updateProperties().set("comment", comment).commit();
        }
        return t;
    }

    @Override
    public synchronized void close() {
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the Iceberg catalog failed", e);
            }
        }
        catalog = null;
    }

    private static Configuration hadoopConf() {
        return new Configuration();
    }
}
