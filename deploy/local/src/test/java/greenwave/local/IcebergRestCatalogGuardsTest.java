package greenwave.local;

import static greenwave.local.IcebergRestCatalogServerTest.SCHEMA;
import static greenwave.local.IcebergRestCatalogServerTest.client;
import static greenwave.local.IcebergRestCatalogServerTest.get;
import static greenwave.local.IcebergRestCatalogServerTest.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.relocated.com.google.common.collect.ImmutableMap;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST catalog's guards: names, locations, body size and the bearer token (see {@link IcebergRestChecks}). */
class IcebergRestCatalogGuardsTest {

    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void namesThatClimbOutOfTheWarehouseAreBadRequests() throws Exception {
        Path wd = dir.resolve("wh");
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        try (LocalWarehouse wh = new LocalWarehouse(wd);
                IcebergRestCatalogServer server = server(wh).start();
                RESTCatalog rest = client(server, Map.of())) {
            wh.ensureNamespaces("traffic");
            TableIdentifier escaping = TableIdentifier.of("traffic", "../../../escaped");
            assertThatThrownBy(() -> rest.createTable(escaping, SCHEMA))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("path separator");
            assertThatThrownBy(() -> rest.createNamespace(Namespace.of("traffic", "..")))
                    .isInstanceOf(BadRequestException.class);
            assertThatThrownBy(() -> rest.createTable(TableIdentifier.of("traffic", "a\u0000b"), SCHEMA))
                    .isInstanceOf(BadRequestException.class);
            assertThatThrownBy(() -> rest.createTable(TableIdentifier.of("traffic", "x".repeat(256)), SCHEMA))
                    .isInstanceOf(BadRequestException.class);

            // in the path too, and answered with an ErrorResponse
            HttpResponse<String> load = get(http, server, "GET", "/v1/namespaces/traffic/tables/..%2F..%2Fescaped");
            assertThat(load.statusCode()).isEqualTo(400);
            JsonNode error = json.readTree(load.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("BadRequestException");
            assertThat(error.get("code").asInt()).isEqualTo(400);
            assertThat(get(http, server, "GET", "/v1/namespaces/..").statusCode())
                    .isEqualTo(400);

            assertThat(rest.listTables(Namespace.of("traffic"))).isEmpty();
            assertThat(filesOutside(wd)).isEmpty();
        }
    }

    @Test
    void locationsOutsideTheWarehouseAreForbidden() throws Exception {
        Path wd = dir.resolve("wh");
        try (LocalWarehouse wh = new LocalWarehouse(wd);
                IcebergRestCatalogServer server = server(wh).start();
                RESTCatalog rest = client(server, Map.of())) {
            wh.ensureNamespaces("traffic");
            TableIdentifier id = TableIdentifier.of("traffic", "t");
            String outside = dir.resolve("outside").toUri().toString();
            String climbing = "file:" + wh.warehouseDir() + "/traffic/../../../outside";
            for (String location :
                    new String[] {outside, climbing, dir.resolve("outside").toString()}) {
                assertThatThrownBy(() -> rest.buildTable(id, SCHEMA)
                                .withLocation(location)
                                .create())
                        .as(location)
                        .isInstanceOf(ForbiddenException.class)
                        .hasMessageContaining("outside");
            }
            assertThatThrownBy(() -> rest.buildTable(id, SCHEMA)
                            .withProperty("write.metadata.path", outside)
                            .create())
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> rest.registerTable(id, outside + "/v1.metadata.json"))
                    .isInstanceOf(ForbiddenException.class);

            // inside is fine; moving it out afterwards is not
            var table = rest.buildTable(id, SCHEMA)
                    .withLocation("file:" + wh.warehouseDir() + "/traffic/elsewhere")
                    .create();
            assertThatThrownBy(() -> table.updateLocation().setLocation(outside).commit())
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> table.updateProperties()
                            .set("write.data.path", outside)
                            .commit())
                    .isInstanceOf(ForbiddenException.class);
            assertThat(rest.loadTable(id).location()).endsWith("/traffic/elsewhere");
            assertThat(filesOutside(wd)).isEmpty();
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndTheServerAnswersOn() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (LocalWarehouse wh = new LocalWarehouse(dir.resolve("wh"));
                IcebergRestCatalogServer server = server(wh).start()) {
            // declared: refused before reading
            assertThat(postStreamed(server, HUNDRED_MB, true)).startsWith("HTTP/1.1 413");
            assertThat(get(http, server, "GET", "/v1/config").statusCode()).isEqualTo(200);
            // chunked, no length given: refused once the limit is read
            assertThat(postStreamed(server, HUNDRED_MB, false)).startsWith("HTTP/1.1 413");
            assertThat(get(http, server, "GET", "/v1/config").statusCode()).isEqualTo(200);
            assertThat(post(http, server, "/v1/namespaces", "{\"namespace\":[\"ok\"]}", null)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void beyondLoopbackOnlyWithATokenWhichIsThenRequired() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (LocalWarehouse wh = new LocalWarehouse(dir.resolve("wh"))) {
            String warehouse = wh.catalogProperties().get("warehouse");
            IcebergRestCatalogServer open = new IcebergRestCatalogServer(wh.catalog(), warehouse, "0.0.0.0", 0);
            assertThatThrownBy(open::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(IcebergRestCatalogServer.TOKEN_ENV);
            open.close();

            try (IcebergRestCatalogServer server = new IcebergRestCatalogServer(wh.catalog(), warehouse, "0.0.0.0", 0)
                    .bearerToken("s3cret")
                    .start()) {
                assertThat(get(http, server, "GET", "/v1/config").statusCode()).isEqualTo(401);
                HttpResponse<String> wrong = send(http, server, "GET", "/v1/config", "Bearer s3cre7");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(wrong.body()).contains("NotAuthorizedException");
                // no write without the token either
                assertThat(post(http, server, "/v1/namespaces", "{\"namespace\":[\"x\"]}", null)
                                .statusCode())
                        .isEqualTo(401);
                assertThat(send(http, server, "GET", "/v1/config", "Bearer s3cret")
                                .statusCode())
                        .isEqualTo(200);

                // Iceberg's client sends it as the "token" property
                try (RESTCatalog rest = client(server, Map.of("token", "s3cret"))) {
                    rest.createNamespace(Namespace.of("ana"), ImmutableMap.of());
                    assertThat(rest.namespaceExists(Namespace.of("ana"))).isTrue();
                }
            }

            // loopback with a token: required as well
            try (IcebergRestCatalogServer server =
                    server(wh).bearerToken("s3cret").start()) {
                assertThat(get(http, server, "GET", "/v1/config").statusCode()).isEqualTo(401);
                assertThat(send(http, server, "GET", "/v1/config", "Bearer s3cret")
                                .statusCode())
                        .isEqualTo(200);
            }
        }
    }

    /**
     * Posts {@code length} bytes to create a namespace over a raw socket, with or without a Content-Length, writing
     * from a small buffer while reading the answer; returns the status line.
     */
    private static String postStreamed(IcebergRestCatalogServer server, long length, boolean declared)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + (declared ? "Content-Length: " + length : "Transfer-Encoding: chunked") + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(
                    () -> {
                        byte[] chunk = new byte[64 * 1024];
                        Arrays.fill(chunk, (byte) ' ');
                        try {
                            for (long sent = 0; sent < length; sent += chunk.length) {
                                if (!declared) {
                                    out.write((Integer.toHexString(chunk.length) + "\r\n")
                                            .getBytes(StandardCharsets.US_ASCII));
                                }
                                out.write(chunk);
                                if (!declared) {
                                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                                }
                            }
                        } catch (IOException e) {
                            // the server answered and closed the connection: expected
                        }
                    },
                    "streaming-body");
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            String status = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
            socket.close();
            writer.join(TimeUnit.SECONDS.toMillis(30));
            return status;
        }
    }

    private static HttpResponse<String> send(
            HttpClient http, IcebergRestCatalogServer server, String method, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(
            HttpClient http, IcebergRestCatalogServer server, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The files in the test directory outside the local warehouse's (catalog database and warehouse): an escape
     * like {@code warehouse/traffic/../../../escaped} lands there.
     */
    private List<Path> filesOutside(Path warehouseDir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> !f.startsWith(warehouseDir) && !f.equals(dir))
                    .toList();
        }
    }
}
