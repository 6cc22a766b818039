package greenwave.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A Flink standalone session cluster as separate JVMs on this machine: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each started with
 * {@code java} of this JVM on the Flink distribution's jars (the deploy module's {@code flink-lib-classpath.txt}) and
 * Flink's Java 17 opens list, with one {@code config.yaml} written here. Logs go to {@code <dir>/log/<name>.log}
 * (log4j) and {@code <dir>/log/<name>.out} (stdout and stderr). Talks to the JobManager over its REST API.
 */
final class FlinkProcessCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path confDir;
    private final Path logDir;
    private final List<String> classpath;
    private final List<String> jvmOpens;
    private final int restPort;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param dir       working directory of the cluster (config, logs, checkpoints, uploads)
     * @param classpath the Flink distribution's jars
     * @param jvmOpens  Flink's --add-opens/--add-exports list
     * @param settings  extra config.yaml entries (override the defaults written here)
     */
    FlinkProcessCluster(Path dir, List<String> classpath, List<String> jvmOpens, Map<String, String> settings)
            throws IOException {
        this.dir = dir;
        this.confDir = Files.createDirectories(dir.resolve("conf"));
        this.logDir = Files.createDirectories(dir.resolve("log"));
        this.classpath = classpath;
        this.jvmOpens = jvmOpens;
        this.restPort = freePort();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "localhost");
        conf.put("jobmanager.rpc.port", String.valueOf(freePort()));
        conf.put("jobmanager.bind-host", "localhost");
        conf.put("taskmanager.bind-host", "localhost");
        conf.put("taskmanager.host", "localhost");
        conf.put("rest.address", "localhost");
        conf.put("rest.bind-address", "localhost");
        conf.put("rest.port", String.valueOf(restPort));
        // the job jar (~130 MB) is uploaded over REST
        conf.put("rest.server.max-content-length", String.valueOf(512L * 1024 * 1024));
        conf.put("web.upload.dir", dir.resolve("upload").toString());
        conf.put("io.tmp.dirs", dir.resolve("tmp").toString());
        conf.put("jobmanager.memory.process.size", "1200m");
        conf.put("taskmanager.memory.process.size", "1600m");
        conf.put("taskmanager.memory.managed.size", "64m");
        // every job of greenwave in one program: many channels per slot
        conf.put("taskmanager.memory.network.min", "160m");
        conf.put("taskmanager.memory.network.max", "160m");
        conf.put("taskmanager.numberOfTaskSlots", "2");
        conf.put("parallelism.default", "2");
        // spread the subtasks over both TaskManagers, so losing one fails part of every pipeline
        conf.put("taskmanager.load-balance.mode", "slots");
        conf.put("state.backend.type", "hashmap");
        conf.put("execution.checkpointing.storage", "filesystem");
        conf.put(
                "execution.checkpointing.dir",
                dir.resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.interval", "2s");
        // the REST API's metrics (records read, per TaskManager) refresh this often: kill points are placed by them
        conf.put("metrics.fetcher.update-interval", "500");
        conf.put("restart-strategy.type", "fixed-delay");
        // each pipelined region that fails counts as an attempt: one lost TaskManager fails up to ~10 regions of the
        // job at once; a real restart loop still ends the test at its wait for the job to finish
        conf.put("restart-strategy.fixed-delay.attempts", "100");
        conf.put("restart-strategy.fixed-delay.delay", "2s");
        // a killed TaskManager is noticed at once (its RPC connection fails); the timeout is for a hung one
        conf.put("heartbeat.interval", "2000");
        conf.put("heartbeat.timeout", "60000");
        conf.put("slot.request.timeout", "60000");
        // deploying ~60 tasks and loading the 130 MB job jar takes a TaskManager more than the default 10 s when the
        // machine is busy
        conf.put("pekko.ask.timeout", "60 s");
        conf.putAll(settings);
        StringBuilder yaml = new StringBuilder();
        conf.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml.toString());
        Files.writeString(confDir.resolve("log4j.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = MainAppender
                appender.main.name = MainAppender
                appender.main.type = File
                appender.main.append = true
                appender.main.fileName = ${sys:log.file}
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5level %-40c{1.} [%t] %m%n
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                logger.iceberg.name = org.apache.iceberg
                logger.iceberg.level = WARN
                logger.hadoop.name = org.apache.hadoop
                logger.hadoop.level = WARN
                """);
    }

    private static String quote(String v) {
        return v.matches("[A-Za-z0-9_./:-]+") && !v.contains("://") ? v : "\"" + v.replace("\"", "\\\"") + "\"";
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String restUri() {
        return "http://localhost:" + restPort;
    }

    Path dir() {
        return dir;
    }

    void startJobManager() throws IOException, InterruptedException {
        start(
                "jobmanager",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "GET_JM_RESOURCE_PARAMS");
    }

    /** Starts a TaskManager whose resource id is {@code name}. */
    void startTaskManager(String name) throws IOException, InterruptedException {
        start(
                name,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "GET_TM_RESOURCE_PARAMS",
                "-D",
                "taskmanager.resource-id=" + name);
    }

    /**
     * As Flink's start scripts do: {@code BashJavaUtils} derives the JVM's memory options and the process's memory
     * settings ({@code -D key=value}, which the TaskManager requires) from config.yaml.
     */
    private final Map<String, List<List<String>>> resourceParams = new java.util.HashMap<>();

    private synchronized List<List<String>> resourceParams(String command) throws IOException, InterruptedException {
        List<List<String>> cached = resourceParams.get(command);
        if (cached != null) {
            return cached;
        }
        List<String> cmd = new ArrayList<>(List.of(
                java(),
                "-cp",
                String.join(java.io.File.pathSeparator, classpath),
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                command,
                "--configDir",
                confDir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        List<List<String>> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                results.add(List.of(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())
                        .trim()
                        .split("\\s+")));
            }
        }
        if (results.size() < 2) {
            throw new IOException("BashJavaUtils " + command + " failed:\n" + out);
        }
        resourceParams.put(command, results);
        return results;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void start(String name, String mainClass, String resourceCommand, String... dynamicProperties)
            throws IOException, InterruptedException {
        List<List<String>> resources = resourceParams(resourceCommand);
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(resources.get(0));
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvmOpens);
        cmd.add("-Dlog.file=" + logDir.resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile="
                + confDir.resolve("log4j.properties").toUri());
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, classpath));
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(confDir.toString());
        cmd.addAll(resources.get(1));
        cmd.addAll(List.of(dynamicProperties));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".out").toFile());
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        processes.put(name, pb.start());
    }

    Process process(String name) {
        return processes.get(name);
    }

    /** Kills {@code name}'s JVM at once (no shutdown hooks: as a lost machine). */
    void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    // ---- REST

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(restUri() + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(restUri() + path))
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Waits until the JobManager's REST API answers and {@code taskManagers} TaskManagers have registered. */
    void awaitTaskManagers(int taskManagers, Duration timeout) throws Exception {
        await("JobManager REST and " + taskManagers + " TaskManagers", timeout, () -> {
            assertAlive();
            try {
                return get("/taskmanagers").path("taskmanagers").size() >= taskManagers;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /** Fails when a started JVM (other than a killed one) has exited. */
    void assertAlive() {
        processes.forEach((name, p) -> {
            if (!p.isAlive() && !killed(name)) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "\n" + tails());
            }
        });
    }

    private final List<String> killedNames = new ArrayList<>();

    private boolean killed(String name) {
        return killedNames.contains(name);
    }

    void killTaskManager(String name) throws InterruptedException {
        killedNames.add(name);
        kill(name);
    }

    /** {@code POST /jars/upload} (multipart, field {@code jarfile}); returns the jar id. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----greenwave" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(restUri() + "/jars/upload"))
                .timeout(Duration.ofMinutes(3))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("jar upload: " + r.statusCode() + " " + r.body());
        }
        String filename = JSON.readTree(r.body()).path("filename").asText();
        return Path.of(filename).getFileName().toString();
    }

    /** {@code POST /jars/{id}/run}; returns the job id. */
    String runJar(String jarId, String entryClass, int parallelism, List<String> programArgs)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entryClass", entryClass);
        body.put("parallelism", parallelism);
        body.put("programArgsList", programArgs);
        return post("/jars/" + jarId + "/run", body).path("jobid").asText();
    }

    /** Polls {@code check} every 500 ms until true, failing after {@code timeout}. */
    static void await(String what, Duration timeout, Check check) throws Exception {
        await(what, timeout, Duration.ofMillis(500), check);
    }

    /** Polls {@code check} every {@code poll} until true, failing after {@code timeout}. */
    static void await(String what, Duration timeout, Duration poll, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(poll.toMillis());
        }
    }

    interface Check {
        boolean done() throws Exception;
    }

    /** The lines of {@code name}'s log that contain {@code text}. */
    List<String> logLines(String name, String text) throws IOException {
        Path log = logDir.resolve(name + ".log");
        return Files.isRegularFile(log)
                ? Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                        .filter(l -> l.contains(text))
                        .toList()
                : List.of();
    }

    /** The last lines of every log and output file, for a failure message. */
    String tails() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(logDir)) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                List<String> interesting = lines.stream().filter(IMPORTANT).toList();
                sb.append("\n===== ")
                        .append(f.getFileName())
                        .append(" (")
                        .append(lines.size())
                        .append(" lines; WARN/ERROR/exceptions:) =====\n");
                interesting
                        .subList(Math.max(0, interesting.size() - 40), interesting.size())
                        .forEach(l -> sb.append(l).append('\n'));
                sb.append("----- last lines -----\n");
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(cannot read logs: ").append(e).append(")");
        }
        return sb.toString();
    }

    private static final Predicate<String> IMPORTANT =
            Pattern.compile("WARN|ERROR|Exception|Caused by").asPredicate();

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
