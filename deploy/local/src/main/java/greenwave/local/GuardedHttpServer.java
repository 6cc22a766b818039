package greenwave.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server under what the local stack serves to other tools (the Iceberg REST catalog, the SQL gateway's
 * authenticating proxy): the JDK's server with the same limits and the same token rule for both.
 *
 * <p>Limits: requests run on {@value #THREADS} threads with at most {@value #QUEUED_REQUESTS} waiting (further
 * connections are closed); the JDK server's own limits apply unless the process set others: a request must arrive
 * within {@value #MAX_REQUEST_SECONDS} s, a response be taken within {@value #MAX_RESPONSE_SECONDS} s, at most
 * {@value #MAX_CONNECTIONS} connections. {@link #body} reads a request body only up to a limit.
 *
 * <p>The token rule: with a {@link #bearerToken bearer token} every request must carry
 * {@code Authorization: Bearer <token>} ({@link #authorized}, compared in constant time); without one the server
 * starts only on a loopback address.
 */
public final class GuardedHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedHttpServer.class);

    /** The loopback address the services listen on by default. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The largest request body accepted by default: far above any catalog request or SQL statement. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    static final int THREADS = 8;
    static final int QUEUED_REQUESTS = 64;
    static final int MAX_REQUEST_SECONDS = 30;
    static final int MAX_RESPONSE_SECONDS = 60;
    static final int MAX_CONNECTIONS = 128;

    static {
        // the JDK server reads its limits once, from system properties; ours unless the process set its own
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }

    /** A request body over the server's limit (413). */
    public static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(long limit) {
            super("Request body larger than " + limit + " bytes");
        }
    }

    private final String name;
    private final String host;
    private final int requestedPort;
    private final String tokenEnv;
    private byte[] expectedAuthorization;
    private HttpServer server;
    private ExecutorService pool;
    private boolean closed;

    /**
     * A server named {@code name} (in messages and thread names, e.g. "Iceberg REST catalog") on {@code host}:{@code
     * port} ({@code port} 0: any free port) whose token, if any, users set in the environment variable
     * {@code tokenEnv} (named in the refusal); not started.
     */
    public GuardedHttpServer(String name, String host, int port, String tokenEnv) {
        this.name = Objects.requireNonNull(name, "name");
        this.host = Objects.requireNonNull(host, "host");
        this.tokenEnv = Objects.requireNonNull(tokenEnv, "tokenEnv");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.requestedPort = port;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every request (null or blank: none, allowed on loopback
     * only); returns this. Call before {@link #start}.
     */
    public synchronized GuardedHttpServer bearerToken(String token) {
        this.expectedAuthorization =
                hasToken(token) ? ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8) : null;
        return this;
    }

    /** Whether {@code token} is a token at all (not null, not blank). */
    public static boolean hasToken(String token) {
        return token != null && !token.isBlank();
    }

    /**
     * The token rule: refuses (IllegalStateException, naming {@code tokenEnv}) to let {@code name} listen on
     * {@code host} beyond loopback without a token.
     */
    public static void requireTokenBeyondLoopback(String name, String host, boolean hasToken, String tokenEnv) {
        if (!hasToken && !isLoopback(host)) {
            throw new IllegalStateException("The " + name + " listens on " + host
                    + ", beyond loopback: it needs a bearer token (" + tokenEnv + ")");
        }
    }

    /** Whether {@code host} is a loopback address (a name that does not resolve is not). */
    public static boolean isLoopback(String host) {
        InetSocketAddress address = new InetSocketAddress(host, 0);
        return !address.isUnresolved() && address.getAddress().isLoopbackAddress();
    }

    /** Binds and serves every path with {@code handler}; returns this. Refuses beyond loopback without a token. */
    public synchronized GuardedHttpServer start(HttpHandler handler) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (server != null) {
            return this;
        }
        requireTokenBeyondLoopback(name, host, expectedAuthorization != null, tokenEnv);
        HttpServer s = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
        AtomicInteger threads = new AtomicInteger();
        String threadPrefix = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-";
        // bounded: when all threads are busy and the queue is full, the JDK server closes the new connection
        pool = new ThreadPoolExecutor(
                THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, threadPrefix + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        s.setExecutor(pool);
        s.createContext("/", handler);
        s.start();
        server = s;
        return this;
    }

    /** The bound port (the requested one until started). */
    public synchronized int port() {
        return server == null ? requestedPort : server.getAddress().getPort();
    }

    /** The URI clients use, e.g. {@code http://127.0.0.1:8181} (loopback if bound to all interfaces). */
    public String uri() {
        return uri(host, port());
    }

    /** {@code http://host:port}, loopback for the wildcard addresses, IPv6 addresses bracketed. */
    public static String uri(String host, int port) {
        String h = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? LOOPBACK : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /**
     * Whether the request carries the bearer token, if one is required; the comparison takes the same time wherever
     * they differ.
     */
    public boolean authorized(HttpExchange exchange) {
        byte[] expected;
        synchronized (this) {
            expected = expectedAuthorization;
        }
        if (expected == null) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(expected, given.strip().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The request body, read only up to {@code maxBytes}: a declared length over it is refused before reading
     * ({@link BodyTooLargeException}); an invalid Content-Length is an IllegalArgumentException.
     */
    public static byte[] body(HttpExchange exchange, long maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declaredLength(declared) > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (body.length > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
            return body;
        }
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid Content-Length: " + header);
        }
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
            LOG.info("{} on port {} stopped", name, server.getAddress().getPort());
        }
    }
}
