package greenwave.sql;

import com.sun.net.httpserver.HttpExchange;
import greenwave.local.GuardedHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL gateway's door when it needs a token: Flink's gateway endpoint checks none, so it listens on loopback only
 * and this proxy, on the public address, forwards the requests that carry {@code Authorization: Bearer <token>} to
 * it (401 otherwise, {@link GuardedHttpServer#authorized}). Same limits as the REST catalog's server (thread pool,
 * request and response times, {@value GuardedHttpServer#DEFAULT_MAX_BODY_BYTES}-byte bodies: 413); Flink's gateway
 * must answer within {@value #UPSTREAM_TIMEOUT_SECONDS} s (502 otherwise). Errors are Flink's error bodies
 * ({@code {"errors": [...]}}). The method, path, query, body and the {@code Content-Type} and {@code Accept} headers
 * are forwarded, the token is not; the answer's status, {@code Content-Type} and body come back.
 */
final class SqlGatewayProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlGatewayProxy.class);
    private static final int UPSTREAM_TIMEOUT_SECONDS = 50;
    private static final String[] FORWARDED_HEADERS = {"Content-Type", "Accept"};

    private final GuardedHttpServer http;
    private final String upstream;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Forwards to Flink's gateway at {@code upstream} (e.g. {@code http://127.0.0.1:40123}) once started. */
    SqlGatewayProxy(GuardedHttpServer http, String upstream) {
        this.http = http;
        this.upstream = upstream;
    }

    SqlGatewayProxy start() throws IOException {
        http.start(this::forward);
        return this;
    }

    String uri() {
        return http.uri();
    }

    @Override
    public void close() {
        http.close();
    }

    private void forward(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try (exchange) {
            if (!http.authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                error(exchange, 401, "Missing or wrong bearer token");
                return;
            }
            byte[] body;
            try {
                body = GuardedHttpServer.body(exchange, GuardedHttpServer.DEFAULT_MAX_BODY_BYTES);
            } catch (GuardedHttpServer.BodyTooLargeException e) {
                // the rest of the body stays unread: the connection cannot carry another request
                exchange.getResponseHeaders().set("Connection", "close");
                error(exchange, 413, e.getMessage());
                return;
            } catch (IllegalArgumentException e) {
                error(exchange, 400, e.getMessage());
                return;
            }
            HttpRequest request;
            try {
                request = upstreamRequest(exchange, method, path, body);
            } catch (IllegalArgumentException e) {
                error(exchange, 400, "Invalid request");
                return;
            }
            HttpResponse<InputStream> answer;
            try {
                answer = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                LOG.warn("{} {}: the SQL gateway did not answer: {}", method, path, e.toString());
                error(exchange, 502, "The SQL gateway did not answer");
                return;
            }
            relay(exchange, method, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the client went away or the answer could not be relayed
            LOG.warn("{} {} failed while answering: {}", method, path, e.toString());
        }
    }

    private HttpRequest upstreamRequest(HttpExchange exchange, String method, String path, byte[] body) {
        String query = exchange.getRequestURI().getRawQuery();
        // appended, not resolved: a path starting with // must not name another host
        URI target = URI.create(upstream + path + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(UPSTREAM_TIMEOUT_SECONDS))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        return request.build();
    }

    private static void relay(HttpExchange exchange, String method, HttpResponse<InputStream> answer)
            throws IOException {
        try (InputStream in = answer.body()) {
            answer.headers()
                    .firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
            int status = answer.statusCode();
            if (length == 0 || status == 204 || status == 304 || method.equalsIgnoreCase("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            // a known length as is, else chunked
            exchange.sendResponseHeaders(status, length > 0 ? length : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    /** An error in Flink's REST error format. */
    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        byte[] json = ("{\"errors\":[\"" + escaped + "\"]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
