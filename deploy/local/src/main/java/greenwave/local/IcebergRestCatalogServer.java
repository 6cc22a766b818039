package greenwave.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.BadRequestException;
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
 * unread. Requests run on {@value #THREADS} threads with at most {@value #QUEUED_REQUESTS} waiting (further
 * connections are closed), and the JDK server's own limits apply unless set otherwise: a request must arrive within
 * {@value #MAX_REQUEST_SECONDS} s, a response be taken within {@value #MAX_RESPONSE_SECONDS} s, at most
 * {@value #MAX_CONNECTIONS} connections.
 *
 * <p>Authentication: with a {@link #bearerToken bearer token} every request must carry
 * {@code Authorization: Bearer <token>} (401 otherwise). Without one the server starts only on a loopback address
 * (the local stack's default, {@link #DEFAULT_HOST}); the local stack reads the token from {@value #TOKEN_ENV}.
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
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The environment variable the local stack takes the bearer token from. */
    public static final String TOKEN_ENV = "GREENWAVE_ICEBERG_REST_TOKEN";
    /** The largest request body accepted by default: far above any catalog request (a commit is kilobytes). */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final int THREADS = 8;
    private static final int QUEUED_REQUESTS = 64;
    private static final int MAX_REQUEST_SECONDS = 30;
    private static final int MAX_RESPONSE_SECONDS = 60;
    private static final int MAX_CONNECTIONS = 128;

    static {
        // the JDK server reads its limits once, from system properties; ours unless the process set its own
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }

    private final IcebergRestRoutes routes;
    private final String host;
    private final int requestedPort;
    private byte[] expectedAuthorization;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private HttpServer server;
    private ExecutorService pool;
    private boolean closed;

    /**
     * A server for {@code catalog}, whose tables must stay under {@code warehouse} (its warehouse location, e.g.
     * {@code file:/abs/warehouse}), on {@code host}:{@code port} ({@code port} 0: any free port); not started. The
     * catalog stays the caller's: {@link #close()} does not close it.
     */
    public IcebergRestCatalogServer(Catalog catalog, String warehouse, String host, int port) {
        this.routes = new IcebergRestRoutes(Objects.requireNonNull(catalog, "catalog"),
                Objects.requireNonNull(warehouse, "warehouse"));
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.requestedPort = port;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every request (null or blank: none, allowed on loopback
     * only); returns this. Call before {@link #start()}.
     */
    public synchronized IcebergRestCatalogServer bearerToken(String token) {
        this.expectedAuthorization = token == null || token.isBlank()
                ? null
                : ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
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
    public synchronized IcebergRestCatalogServer start() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (server != null) {
            return this;
        }
        InetSocketAddress address = new InetSocketAddress(host, requestedPort);
        if (expectedAuthorization == null && (address.isUnresolved() || !address.getAddress().isLoopbackAddress())) {
            throw new IllegalStateException("The Iceberg REST catalog listens on " + host
                    + ", beyond loopback: it needs a bearer token (" + TOKEN_ENV + ")");
        }
        HttpServer s = HttpServer.create(address, 0);
        AtomicInteger threads = new AtomicInteger();
        // bounded: when all threads are busy and the queue is full, the JDK server closes the new connection
        pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, "iceberg-rest-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        s.setExecutor(pool);
        s.createContext("/", this::serve);
        s.start();
        server = s;
        LOG.info("Iceberg REST catalog serving on {}", uri());
        return this;
    }

    /** The bound port (the requested one until started). */
    public synchronized int port() {
        return server == null ? requestedPort : server.getAddress().getPort();
    }

    /** The catalog URI clients use, e.g. {@code http://127.0.0.1:8181} (loopback if bound to all interfaces). */
    public String uri() {
        String h = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? DEFAULT_HOST : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    /** Stops serving (requests in flight get up to a second to finish); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(1);
            pool.shutdown();
            try {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            LOG.info("Iceberg REST catalog on port {} stopped", server.getAddress().getPort());
        }
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
            authorize(exchange);
            var route = routes.route(method, path);
            byte[] body = body(exchange);
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
        return send(exchange, method, reply.status(),
                reply.body() == null ? null : IcebergRestRoutes.json(reply.body()));
    }

    /** Checks the bearer token, if one is required; the comparison takes the same time wherever they differ. */
    private void authorize(HttpExchange exchange) {
        if (expectedAuthorization == null) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null
                || !MessageDigest.isEqual(expectedAuthorization, given.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new NotAuthorizedException("Missing or wrong bearer token");
        }
    }

    /** The request body, read only up to the limit: a declared length over it is refused before reading. */
    private byte[] body(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declaredLength(declared) > maxBodyBytes) {
            throw new IcebergRestRoutes.BodyTooLargeException(maxBodyBytes);
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
            if (body.length > maxBodyBytes) {
                throw new IcebergRestRoutes.BodyTooLargeException(maxBodyBytes);
            }
            return body;
        }
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid Content-Length: %s", header);
        }
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
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
