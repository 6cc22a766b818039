package greenwave.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greenwave.testing.IcebergRows;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.relocated.com.google.common.collect.ImmutableMap;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergRestCatalogServerTest {

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "device_id", Types.StringType.get(), "controller id"),
            Types.NestedField.required(3, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(4, "value", Types.DoubleType.get()),
            Types.NestedField.optional(5, "day", Types.DateType.get()));
    static final TableIdentifier MEASURES = TableIdentifier.of("traffic", "measures");

    @TempDir
    Path dir;

    @Test
    void servesTheWarehousesTablesToIcebergsRestClient() throws Exception {
        try (LocalWarehouse wh = new LocalWarehouse(dir);
                IcebergRestCatalogServer server = server(wh).start()) {
            wh.ensureNamespaces("traffic", "bike");
            Table local = wh.ensureTable(MEASURES, SCHEMA, PartitionSpec.unpartitioned(), Map.of("comment", "m"));
            List<Record> rows = List.of(row(1, "227", 1.5), row(2, "452", null), row(3, "227 \u00e9", -0.25));
            write(local, rows);
            wh.ensureTable(TableIdentifier.of("traffic", "other"), SCHEMA, null, null);

            assertThat(server.port()).isPositive();
            assertThat(server.uri()).isEqualTo("http://127.0.0.1:" + server.port());
            try (RESTCatalog rest = client(server, Map.of())) {
                assertThat(rest.listNamespaces()).contains(Namespace.of("traffic"), Namespace.of("bike"));
                assertThat(rest.listTables(Namespace.of("traffic")))
                        .containsExactlyInAnyOrder(MEASURES, TableIdentifier.of("traffic", "other"));
                assertThat(rest.tableExists(MEASURES)).isTrue();

                Table remote = rest.loadTable(MEASURES);
                assertThat(remote.schema().asStruct()).isEqualTo(SCHEMA.asStruct());
                assertThat(remote.properties()).containsEntry("comment", "m");
                assertThat(remote.currentSnapshot().snapshotId())
                        .isEqualTo(local.currentSnapshot().snapshotId());
                assertThat(IcebergRows.of(remote)).containsExactlyElementsOf(rows);

                TableIdentifier missing = TableIdentifier.of("traffic", "missing");
                assertThatThrownBy(() -> rest.loadTable(missing)).isInstanceOf(NoSuchTableException.class);
                assertThat(rest.tableExists(missing)).isFalse();
                assertThatThrownBy(() -> rest.listTables(Namespace.of("nowhere")))
                        .isInstanceOf(NoSuchNamespaceException.class);

                // stateless: a commit made to the warehouse after the client loaded the table is seen on reload
                write(local, List.of(row(4, "452", 9.0)));
                assertThat(IcebergRows.of(rest.loadTable(MEASURES))).hasSize(4);
            }
            // listing in pages of one table still lists every table
            try (RESTCatalog paged = client(server, Map.of("rest-page-size", "1"))) {
                assertThat(paged.listTables(Namespace.of("traffic"))).hasSize(2);
                assertThat(paged.listNamespaces()).contains(Namespace.of("traffic"), Namespace.of("bike"));
            }
        }
    }

    @Test
    void writesThroughRestLandInTheWarehouse() throws Exception {
        try (LocalWarehouse wh = new LocalWarehouse(dir);
                IcebergRestCatalogServer server = server(wh).start();
                RESTCatalog rest = client(server, Map.of())) {
            Namespace analyst = Namespace.of("analyst");
            TableIdentifier id = TableIdentifier.of(analyst, "made via rest");
            // Iceberg's request builders check maps with containsKey(null), which Map.of rejects
            rest.createNamespace(analyst, ImmutableMap.of("owner", "ana"));
            assertThat(rest.loadNamespaceMetadata(analyst)).containsEntry("owner", "ana");
            rest.setProperties(analyst, ImmutableMap.of("team", "signals"));
            assertThat(wh.catalog().tableExists(id)).isFalse();

            PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").build();
            Table created = rest.createTable(id, SCHEMA, spec, ImmutableMap.of("format-version", "2"));
            assertThat(created.location()).startsWith("file:" + wh.warehouseDir());
            List<Record> rows = List.of(row(10, "227", 1.0), row(11, "227", 2.0));
            write(created, rows); // data file written by the client, committed by updateTable

            Table local = wh.catalog().loadTable(id);
            assertThat(local.spec().fields()).hasSize(1);
            assertThat(IcebergRows.of(local)).containsExactlyElementsOf(rows);

            // views: the warehouse's JDBC catalog (schema V1) is a view catalog, so REST serves views too
            TableIdentifier view = TableIdentifier.of(analyst, "recent");
            rest.buildView(view)
                    .withSchema(SCHEMA.select("id"))
                    .withDefaultNamespace(analyst)
                    .withQuery("spark", "SELECT id FROM analyst.`made via rest`")
                    .create();
            assertThat(rest.listViews(analyst)).containsExactly(view);
            assertThat(((ViewCatalog) wh.catalog())
                            .loadView(view)
                            .sqlFor("spark")
                            .sql())
                    .contains("made via rest");
            assertThat(rest.dropView(view)).isTrue();

            TableIdentifier renamed = TableIdentifier.of(analyst, "renamed");
            rest.renameTable(id, renamed);
            assertThat(wh.catalog().tableExists(renamed)).isTrue();
            assertThatThrownBy(() -> rest.dropNamespace(analyst)).isInstanceOf(NamespaceNotEmptyException.class);
            assertThat(rest.dropTable(renamed)).isTrue();
            assertThat(wh.catalog().tableExists(renamed)).isFalse();
            assertThat(rest.dropTable(renamed)).isFalse();
            assertThat(rest.dropNamespace(analyst)).isTrue();
            assertThat(rest.namespaceExists(analyst)).isFalse();
        }
    }

    @Test
    void readsWhileAnotherCatalogCommits() throws Exception {
        int commits = 4;
        try (LocalWarehouse wh = new LocalWarehouse(dir);
                IcebergRestCatalogServer server = server(wh).start();
                RESTCatalog rest = client(server, Map.of())) {
            wh.ensureTable(MEASURES, SCHEMA, null, Map.of("commit.retry.num-retries", "20"));
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                // a committer with its own catalog instance and connection, like a Flink job's
                Future<?> committed = writer.submit(() -> {
                    Catalog own = wh.catalogLoader().loadCatalog();
                    try (AutoCloseable ignored = (AutoCloseable) own) {
                        for (int i = 0; i < commits; i++) {
                            write(own.loadTable(MEASURES), List.of(row(i, "227", (double) i)));
                        }
                    }
                    return null;
                });
                int seen = 0;
                while (!committed.isDone()) {
                    int n = IcebergRows.of(rest.loadTable(MEASURES)).size();
                    assertThat(n).isGreaterThanOrEqualTo(seen);
                    seen = n;
                }
                committed.get(60, TimeUnit.SECONDS);
            } finally {
                writer.shutdownNow();
            }
            assertThat(IcebergRows.of(rest.loadTable(MEASURES))).hasSize(commits);
        }
    }

    @Test
    void answersPlainHttpWithJsonAndErrorResponses() throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        try (LocalWarehouse wh = new LocalWarehouse(dir)) {
            IcebergRestCatalogServer server = server(wh).start();
            try (server) {
                HttpResponse<String> config = get(http, server, "GET", "/v1/config?warehouse=greenwave");
                assertThat(config.statusCode()).isEqualTo(200);
                assertThat(config.headers().firstValue("Content-Type")).hasValue("application/json");
                JsonNode body = json.readTree(config.body());
                assertThat(body.get("defaults").isObject()).isTrue();
                assertThat(body.get("overrides").isObject()).isTrue();
                List<String> endpoints = new ArrayList<>();
                body.get("endpoints").forEach(e -> endpoints.add(e.asText()));
                assertThat(endpoints)
                        .contains(
                                "GET /v1/{prefix}/namespaces",
                                "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                                "POST /v1/{prefix}/tables/rename",
                                "GET /v1/{prefix}/namespaces/{namespace}/views/{view}");

                HttpResponse<String> unknown = get(http, server, "GET", "/v1/no/such/path");
                assertThat(unknown.statusCode()).isEqualTo(404);
                JsonNode error = json.readTree(unknown.body()).get("error");
                assertThat(error.get("code").asInt()).isEqualTo(404);
                assertThat(error.get("type").asText()).isEqualTo("NoSuchEndpointException");
                assertThat(error.get("message").asText()).contains("/v1/no/such/path");

                HttpResponse<String> wrongMethod = get(http, server, "PUT", "/v1/namespaces");
                assertThat(wrongMethod.statusCode()).isEqualTo(405);

                HttpResponse<String> missingTable = get(http, server, "GET", "/v1/namespaces/traffic/tables/nope");
                assertThat(missingTable.statusCode()).isEqualTo(404);
                assertThat(json.readTree(missingTable.body()).at("/error/type").asText())
                        .isEqualTo("NoSuchTableException");

                HttpResponse<String> malformed = post(http, server, "/v1/namespaces", "{not json");
                assertThat(malformed.statusCode()).isEqualTo(400);
                assertThat(json.readTree(malformed.body()).at("/error/type").asText())
                        .isEqualTo("BadRequestException");

                // a two-level namespace, levels joined by %1F
                assertThat(post(http, server, "/v1/namespaces", "{\"namespace\":[\"a\",\"b c\"]}")
                                .statusCode())
                        .isEqualTo(200);
                assertThat(get(http, server, "HEAD", "/v1/namespaces/a%1Fb+c").statusCode())
                        .isEqualTo(204);
                assertThat(get(http, server, "GET", "/v1/namespaces?parent=a").body())
                        .contains("\"b c\"");
                assertThat(post(http, server, "/v1/namespaces/a%1Fb+c/tables/t/metrics", "{}")
                                .statusCode())
                        .isEqualTo(204);
            }
            server.close(); // idempotent
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        }
    }

    /** A server for the warehouse's catalog on a free loopback port; not started. */
    static IcebergRestCatalogServer server(LocalWarehouse wh) {
        return new IcebergRestCatalogServer(wh.catalog(), wh.catalogProperties().get("warehouse"), "127.0.0.1", 0);
    }

    static RESTCatalog client(IcebergRestCatalogServer server, Map<String, String> extra) {
        RESTCatalog rest = new RESTCatalog();
        Map<String, String> props = new HashMap<>(extra);
        props.put("uri", server.uri());
        rest.initialize("greenwave", props);
        return rest;
    }

    static HttpResponse<String> get(HttpClient http, IcebergRestCatalogServer server, String method, String path)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, IcebergRestCatalogServer server, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Record row(long id, String device, Double value) {
        GenericRecord r = GenericRecord.create(SCHEMA);
        r.setField("id", id);
        r.setField("device_id", device);
        r.setField("ts", OffsetDateTime.of(2024, 5, 13, 15, 0, (int) id % 60, 0, ZoneOffset.UTC));
        r.setField("value", value);
        r.setField("day", LocalDate.of(2024, 5, 13));
        return r;
    }

    /** Writes the rows (all of one partition) to one Parquet file through the table's FileIO and appends it. */
    private static void write(Table table, List<Record> rows) throws IOException {
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(rows.get(0)));
        String path = table.locationProvider().newDataLocation(table.spec(), partition, UUID.randomUUID() + ".parquet");
        DataWriter<Record> writer = new GenericAppenderFactory(table.schema(), table.spec())
                .newDataWriter(
                        EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)),
                        FileFormat.PARQUET,
                        table.spec().isPartitioned() ? partition : null);
        try (writer) {
            rows.forEach(writer::write);
        }
        DataFile file = writer.toDataFile();
        table.newAppend().appendFile(file).commit();
    }
}
