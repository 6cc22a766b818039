package greenwave.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an Iceberg {@link Catalog} (the local warehouse's, see {@link LocalWarehouse#catalog()}) over the
 * <a href="https://iceberg.apache.org/spec/#iceberg-rest-catalog">Iceberg REST catalog protocol</a>, so that
 * analysts' engines (Trino, Spark, PyIceberg, DuckDB) query the tables the jobs write.
 *
 * <p>Routes, prefix-less ({@code GET /v1/config} returns no {@code prefix}), all answered by Iceberg's own
 * server-side {@code CatalogHandlers} (see {@link IcebergRestRoutes}):
 * <pre>
 *   GET  /v1/config                                   defaults, overrides (both empty) and the endpoints below
 *   GET|POST /v1/namespaces                           list (?parent, ?pageToken&amp;pageSize) | create
 *   GET|HEAD|DELETE /v1/namespaces/{ns}               load | exists | drop (409 if not empty)
 *   POST /v1/namespaces/{ns}/properties               update properties
 *   GET|POST /v1/namespaces/{ns}/tables               list (paged) | create (also staged: stage-create)
 *   GET|HEAD|POST|DELETE /v1/namespaces/{ns}/tables/{table}   load | exists | commit | drop (?purgeRequested)
 *   POST /v1/tables/rename                            rename
 *   POST /v1/namespaces/{ns}/register                 register an existing metadata file
 *   POST /v1/namespaces/{ns}/tables/{table}/metrics   204, ignored
 *   and, if the catalog is a ViewCatalog (the JDBC catalog with schema V1, the warehouse's, is):
 *   GET|POST /v1/namespaces/{ns}/views                list | create
 *   GET|HEAD|POST|DELETE /v1/namespaces/{ns}/views/{view}     load | exists | replace | drop
 *   POST /v1/views/rename                             rename
 * </pre>
 * Not served: multi-table transactions ({@code /v1/transactions/commit}), OAuth tokens, vended credentials and
 * server-side scan planning; none is in the advertised {@code endpoints} (Iceberg's Java client checks that list
 * before calling).
 *
 * <p>Guards: namespace levels and table/view names are checked (no path separators, control
 * characters, {@code .} or {@code ..}, at most 255 characters: 400) and every location a request names (table,
 * view, metadata file, the properties that relocate files) must be inside the warehouse root (403), see
 * {@link IcebergRestChecks}. A body over {@link #DEFAULT_MAX_BODY_BYTES} (or {@link #maxBodyBytes}) is answered 413
 * unread. Requests run on a bounded thread pool with the JDK server's time and connection limits, see
 * {@link GuardedHttpServer}.
 *
 * <p>Authentication: with a {@link #bearerToken bearer token} every request must carry
 * {@code Authorization: Bearer <token>} (401 otherwise). Without one the server starts only on a loopback address
 * (the local stack's default, {@link #DEFAULT_HOST}); the local stack reads the token from {@value #TOKEN_ENV}. The
 * SQL gateway follows the same rule ({@link GuardedHttpServer}).
 *
 * <p>Namespaces in paths are RESTUtil-encoded (levels joined by {@code %1F}). Errors are {@code ErrorResponse}
 * bodies with the spec's codes: 400 bad request, 404 no such namespace/table/view (and unknown paths), 405 a known
 * path with another method, 406 unsupported, 409 already exists, commit failed or namespace not empty, 500
 * otherwise (a commit answered 500 is "state unknown" to clients).
 *
 * <p>Stateless: every request goes to the catalog, so reads see what Flink's committers commit to the same
 * warehouse meanwhile (the SQLite catalog serialises writers, see {@link LocalWarehouse}). Requests run on a small
 * thread pool; each is logged at DEBUG, failures at WARN (with the stack trace only for 5xx; a HEAD answered 404,
 * an exists check saying no, only at DEBUG).
 */
public final class IcebergRestCatalogServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergRestCatalogServer.class);

    /** The port Iceberg REST catalogs conventionally listen on. */
    public static final int DEFAULT_PORT = 8181;
    /** The default host: loopback only, where no bearer token is needed. */
    public static final String DEFAULT_HOST = GuardedHttpServer.LOOPBACK;
    /** The environment variable the local stack takes the bearer token from. */
    public static final String TOKEN_ENV = "GREENWAVE_ICEBERG_REST_TOKEN";
    /** The largest request body accepted by default: far above any catalog request (a commit is kilobytes). */
    public static final long DEFAULT_MAX_BODY_BYTES = GuardedHttpServer.DEFAULT_MAX_BODY_BYTES;

    private final IcebergRestRoutes routes;
    private final GuardedHttpServer http;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    /**
     * A server for {@code catalog}, whose tables must stay under {@code warehouse} (its warehouse location, e.g.
     * {@code file:/abs/warehouse}), on {@code host}:{@code port} ({@code port} 0: any free port); not started. The
     * catalog stays the caller's: {@link #close()} does not close it.
     */
    public IcebergRestCatalogServer(Catalog catalog, String warehouse, String host, int port) {
        this.routes = new IcebergRestRoutes(
                Objects.requireNonNull(catalog, "catalog"), Objects.requireNonNull(warehouse, "warehouse"));
        this.http = new GuardedHttpServer("Iceberg REST catalog", host, port, TOKEN_ENV);
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every request (null or blank: none, allowed on loopback
     * only); returns this. Call before {@link #start()}.
     */
    public IcebergRestCatalogServer bearerToken(String token) {
        http.bearerToken(token);
        return this;
    }

    /** The largest request body accepted (larger: 413); returns this. Call before {@link #start()}. */
    public synchronized IcebergRestCatalogServer maxBodyBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative body limit: " + bytes);
        }
        this.maxBodyBytes = bytes;
        return this;
    }

    /**
     * Binds and starts serving; returns this. Refuses (IllegalStateException) to listen beyond loopback without a
     * bearer token.
     */
    public IcebergRestCatalogServer start() throws IOException {
        http.start(this::serve);
        LOG.info("Iceberg REST catalog serving on {}", uri());
        return this;
    }

    /** The bound port (the requested one until started). */
    public int port() {
        return http.port();
    }

    /** The catalog URI clients use, e.g. {@code http://127.0.0.1:8181} (loopback if bound to all interfaces). */
    public String uri() {
        return http.uri();
    }

    /** Stops serving (requests in flight get up to a second to finish); idempotent. */
    @Override
    public void close() {
        http.close();
    }

    private void serve(HttpExchange exchange) {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        URI requestUri = exchange.getRequestURI();
        String path = requestUri.getRawPath();
        int status;
        try (exchange) {
            status = respond(exchange, method, path, requestUri.getRawQuery());
        } catch (IOException | RuntimeException e) {
            // the client went away or the response could not be written
            LOG.warn("{} {} failed while answering: {}", method, path, e.toString());
            return;
        }
        LOG.debug("{} {} -> {} ({} ms)", method, path, status, (System.nanoTime() - start) / 1_000_000);
    }

    private int respond(HttpExchange exchange, String method, String path, String rawQuery) throws IOException {
        IcebergRestRoutes.Reply reply;
        try {
            if (!http.authorized(exchange)) {
                throw new NotAuthorizedException("Missing or wrong bearer token");
            }
            var route = routes.route(method, path);
            byte[] body = GuardedHttpServer.body(exchange, maxBodyBytes());
            reply = routes.handle(route.getKey(), route.getValue(), query(rawQuery), body);
        } catch (RuntimeException e) {
            ErrorResponse error = IcebergRestRoutes.error(e);
            if (error.code() >= 500) {
                LOG.warn("{} {} -> {}", method, path, error.code(), e);
            } else if (error.code() == 404 && method.equalsIgnoreCase("HEAD")) {
                // an exists check answered "no": not a failure
                LOG.debug("{} {} -> 404", method, path);
            } else {
                LOG.warn("{} {} -> {} {}: {}", method, path, error.code(), error.type(), error.message());
            }
            if (error.code() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            } else if (error.code() == 413) {
                // the rest of the body stays unread: the connection cannot carry another request
                exchange.getResponseHeaders().set("Connection", "close");
            }
            byte[] json = ErrorResponseParser.toJson(error).getBytes(StandardCharsets.UTF_8);
            return send(exchange, method, error.code(), json);
        }
        return send(
                exchange, method, reply.status(), reply.body() == null ? null : IcebergRestRoutes.json(reply.body()));
    }

    private synchronized long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Sends the status and the JSON body (none for 204 or a HEAD request); returns the status. */
    private static int send(HttpExchange exchange, String method, int status, byte[] json) throws IOException {
        if (json == null || status == 204 || method.equalsIgnoreCase("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return status;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
        return status;
    }

    /** The query parameters, decoded (a parameter given twice: the last one). */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(
                    URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
