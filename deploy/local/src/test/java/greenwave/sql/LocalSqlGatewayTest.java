package greenwave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalStack;
import greenwave.local.TopicSpec;
import greenwave.testing.CommittedRecords;
import greenwave.testing.IcebergRows;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming SQL job submitted over the SQL gateway's REST API, as the README shows with curl: it reads a contract
 * topic from the real broker, writes an Iceberg table on checkpoints, and is stopped over REST again. A command topic
 * cannot be written over REST. Beyond loopback the gateway needs a token, and every request must carry it.
 */
class LocalSqlGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    /** The bearer token the requests carry (null: none). */
    private String token;

    @TempDir
    Path dir;

    @Test
    void aStreamingJobSubmittedOverRestWritesIceberg() throws Exception {
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(stack.bootstrapServers());
            stack.createTopics(Map.of("signal.events", TopicSpec.of(2)));
            try (KafkaProducer<String, String> p = new KafkaProducer<>(
                    Map.of("bootstrap.servers", stack.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    p.send(new ProducerRecord<>(
                            "signal.events",
                            "227",
                            "{\"device_id\":\"227\",\"ts\":" + (1715612400000L + i * 1000) + ",\"code\":"
                                    + (i % 2 == 0 ? 82 : 81) + ",\"param\":5}"));
                }
            }
            try (LocalSqlGateway gateway = LocalSqlGateway.start(
                    config, stack.warehouse().catalogProperties(), dir.resolve("gateway"), freePort(), 0)) {
                String base = gateway.url();
                String session = post(base + "/v1/sessions", "{\"sessionName\":\"test\"}")
                        .get("sessionHandle")
                        .asText();
                String s = base + "/v1/sessions/" + session;

                run(s, "CREATE DATABASE IF NOT EXISTS greenwave.sqltest");
                run(s, "CREATE TABLE greenwave.sqltest.detector_on (device_id STRING, ts BIGINT, param BIGINT)");
                JsonNode insert = run(
                        s,
                        "INSERT INTO greenwave.sqltest.detector_on "
                                + "SELECT device_id, ts, param FROM kafka.topics.signal_events WHERE code = 82");
                String jobId = insert.at("/jobID").asText();
                assertThat(jobId).hasSize(32);

                // the job runs on the gateway's session cluster and commits on its checkpoints
                Table table = stack.warehouse().catalog().loadTable(TableIdentifier.of("sqltest", "detector_on"));
                long deadline = System.currentTimeMillis() + 90_000;
                List<Long> ts = List.of();
                while (ts.size() < 3 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(1000);
                    table.refresh();
                    ts = timestamps(table);
                }
                assertThat(ts).containsExactlyInAnyOrder(1715612400000L, 1715612402000L, 1715612404000L);

                JsonNode jobs = run(s, "SHOW JOBS");
                assertThat(jobs.toString()).contains(jobId).contains("RUNNING");
                run(s, "STOP JOB '" + jobId + "'");
                assertThat(run(s, "SHOW JOBS").toString()).doesNotContain("RUNNING");
            }
        }
    }

    @Test
    void aCommandTopicIsReadOnlyOverRest() throws Exception {
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(stack.bootstrapServers());
            stack.createTopics(Map.of("signal.timing-plans", TopicSpec.of(1)));
            CommandTopicGuardTest.plant(stack.bootstrapServers());
            try (LocalSqlGateway gateway = LocalSqlGateway.start(
                    config, stack.warehouse().catalogProperties(), dir.resolve("gateway"), freePort(), 0)) {
                String session = post(gateway.url() + "/v1/sessions", "{}")
                        .get("sessionHandle")
                        .asText();
                String s = gateway.url() + "/v1/sessions/" + session;
                run(s, "USE CATALOG kafka");
                assertThat(failure(s, CommandTopicGuardTest.FIVE_SECOND_PLAN))
                        .contains(CommandTopicGuardTest.PLANS_READ_ONLY);
                assertThat(failure(
                                s,
                                "INSERT INTO alerts_raw /*+ OPTIONS('topic'='signal.timing-plans') */ "
                                        + "VALUES ('101', '{}')"))
                        .contains("alerts_raw is read-only");
            }
            assertThat(CommittedRecords.readCommitted(stack.bootstrapServers(), "signal.timing-plans"))
                    .hasSize(1);
        }
    }

    @Test
    void beyondLoopbackTheGatewayIsRefusedWithoutAToken() {
        long start = System.nanoTime();
        for (String token : new String[] {null, " "}) {
            assertThatThrownBy(() -> LocalSqlGateway.start(
                            GreenwaveConfig.defaults(), Map.of(), dir.resolve("gw"), "0.0.0.0", freePort(), token, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("beyond loopback")
                    .hasMessageContaining(LocalSqlGateway.TOKEN_ENV);
        }
        // refused before the session cluster starts
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(dir.resolve("gw")).doesNotExist();
    }

    /**
     * Configured on all interfaces (beyond loopback) with a token: every request without it, or with another, is
     * answered 401; with it, SQL runs over the REST API. The requests go to the loopback address, which the wildcard
     * address includes: this test sends nothing to another address of the machine.
     */
    @Test
    void beyondLoopbackEveryRequestMustCarryTheToken() throws Exception {
        try (LocalStack stack = new LocalStack(dir, 0, 0).start()) {
            GreenwaveConfig config = GreenwaveConfig.defaults().withBootstrapServers(stack.bootstrapServers());
            int port = freePort();
            try (LocalSqlGateway gateway = LocalSqlGateway.start(
                    config,
                    stack.warehouse().catalogProperties(),
                    dir.resolve("gateway"),
                    "0.0.0.0",
                    port,
                    "s3cret-token",
                    0)) {
                assertThat(gateway.url()).isEqualTo("http://127.0.0.1:" + port);
                String sessions = gateway.url() + "/v1/sessions";
                for (String wrong : new String[] {null, "s3cret-toke", "s3cret-tokenX", "S3CRET-TOKEN", ""}) {
                    token = wrong;
                    HttpResponse<String> refused = send(sessions, "{}");
                    assertThat(refused.statusCode()).as("token " + wrong).isEqualTo(401);
                    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                    assertThat(refused.body()).contains("bearer token");
                }
                HttpResponse<String> basic = http.send(
                        HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/info"))
                                .header("Authorization", "Basic czNjcmV0LXRva2Vu")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(basic.statusCode()).isEqualTo(401);

                token = "s3cret-token";
                String session = post(sessions, "{}").get("sessionHandle").asText();
                String s = sessions + "/" + session;
                assertThat(run(s, "SHOW CATALOGS").toString()).contains("kafka").contains("greenwave");
                assertThat(run(s, "SELECT 6 * 7 AS answer").toString()).contains("42");
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<Long> timestamps(Table table) {
        return IcebergRows.of(table).stream().map(r -> (Long) r.getField("ts")).toList();
    }

    /** Submits a statement and fetches all its result pages: {"jobID": ..., "data": [...]}. */
    private JsonNode run(String session, String sql) throws Exception {
        String op = post(session + "/statements", JSON.writeValueAsString(Map.of("statement", sql)))
                .get("operationHandle")
                .asText();
        var out = JSON.createObjectNode();
        var data = out.putArray("data");
        String next = session + "/operations/" + op + "/result/0?rowFormat=JSON";
        long deadline = System.currentTimeMillis() + 60_000;
        while (next != null && System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = http.send(request(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(sql + ": " + abbreviate(r.body())).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            if (page.has("jobID")) {
                out.put("jobID", page.get("jobID").asText());
            }
            page.at("/results/data").forEach(data::add);
            String type = page.path("resultType").asText();
            if (type.equals("EOS")) {
                break;
            }
            if (type.equals("NOT_READY")) {
                Thread.sleep(200);
            }
            String uri = page.path("nextResultUri").asText(null);
            next = uri == null ? null : URI.create(session).resolve(uri).toString();
        }
        return out;
    }

    /** Submits a statement that must fail; returns the error body of its result. */
    private String failure(String session, String sql) throws Exception {
        String op = post(session + "/statements", JSON.writeValueAsString(Map.of("statement", sql)))
                .get("operationHandle")
                .asText();
        URI result = URI.create(session + "/operations/" + op + "/result/0?rowFormat=JSON");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r =
                    http.send(request(result.toString()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return r.body();
            }
            assertThat(JSON.readTree(r.body()).path("resultType").asText())
                    .as(sql)
                    .isEqualTo("NOT_READY");
            Thread.sleep(200);
        }
        throw new AssertionError(sql + ": no failure within 60 s");
    }

    /** Flink's error bodies carry the whole server-side stack trace: the first and last lines say what failed. */
    private static String abbreviate(String body) {
        return body.length() <= 1200 ? body : body.substring(0, 600) + " ... " + body.substring(body.length() - 600);
    }

    private JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> r = send(url, body);
        assertThat(r.statusCode()).as(url + ": " + abbreviate(r.body())).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String url, String body) throws Exception {
        return http.send(
                request(url)
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request to {@code url} with the bearer token, if there is one. */
    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }
}
