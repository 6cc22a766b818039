package greenwave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import greenwave.config.GreenwaveConfig;
import greenwave.local.LocalStack;
import greenwave.sql.CsvResult;
import greenwave.sql.SqlEnvironment;
import greenwave.sql.SqlScript;
import greenwave.sql.SqlScriptRunner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of {@code sql/} on the demo's samples: every script runs as {@code ./greenwave sql --bounded} would run
 * it, and its result must be, to the letter, {@code sql/<dir>/<name>.expected.csv} (what
 * {@code ./greenwave sql --format csv} prints). A streaming job that writes (to {@code alerts} or an Iceberg table)
 * names a batch query over what it wrote in a header comment, {@code -- check: SELECT ...;} (it may go on over more
 * comment lines, up to the {@code ;}), and that query's result is compared instead.
 *
 * <p>The samples are replayed once for the class, as {@code ./greenwave demo} replays them (same order, same
 * options). A mismatch shows a line diff and leaves the actual result in
 * {@code target/sql-catalogue/<dir>/<name>.actual.csv}.
 */
class SqlCatalogueTest {
    /** The catalogue, in the repository's {@code sql/}. */
    private static final Path CATALOGUE = Path.of(System.getProperty("greenwave.repo", "../.."))
            .toAbsolutePath()
            .normalize()
            .resolve("sql");

    private static final Path ACTUAL = Path.of("target", "sql-catalogue");
    /** The samples on the classpath, in the order DemoCommand replays them. */
    private static final List<String> SAMPLES = List.of("atspm", "bikes", "food", "corridor3");

    private static final Pattern CHECK = Pattern.compile("(?m)^--\\s*check:");

    @TempDir
    static Path tmp;

    private static LocalStack stack;
    private static GreenwaveConfig config;
    private static long started;

    @BeforeAll
    static void replayTheDemoSamples() throws Exception {
        started = System.nanoTime();
        // Query results come from a per-job MiniCluster that shuts down as its job ends: the collector then warns
        // "some data might be lost" and reads the final rows from the finished job (complete; the launcher's
        // log4j2.xml quiets the same logger).
        Configurator.setLevel("org.apache.flink.streaming.api.operators.collect", Level.ERROR);
        stack = new LocalStack(tmp.resolve("stack"), 0, 0).start();
        LocalRun run = new LocalRun(stack, GreenwaveConfig.defaults(), System.out);
        for (String sample : SAMPLES) {
            Path input = extract(sample, tmp.resolve("sample").resolve(sample));
            // as DemoCommand: the detector layouts of the directory (none for the bike and food samples)
            run.run(input, tmp.resolve("output").resolve(sample), LocalRun.reference(input), true, 0);
        }
        config = run.config();
        System.out.printf("SqlCatalogueTest: demo samples replayed in %.1f s%n", seconds(started));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        System.out.printf("SqlCatalogueTest: %.1f s in all%n", seconds(started));
    }

    @TestFactory
    Stream<DynamicTest> everyScriptGivesItsExpectedResult() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(CATALOGUE)) {
            scripts = files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(scripts)
                .as("scripts in " + CATALOGUE.toAbsolutePath().normalize())
                .isNotEmpty();
        return scripts.stream()
                .map(script ->
                        DynamicTest.dynamicTest(CATALOGUE.relativize(script).toString(), () -> check(script)));
    }

    private static void check(Path script) throws Exception {
        String name = CATALOGUE.relativize(script).toString().replaceAll("\\.sql$", "");
        Path expectedFile = CATALOGUE.resolve(name + ".expected.csv");
        long t0 = System.nanoTime();
        String text = Files.readString(script, StandardCharsets.UTF_8);
        SqlScript parsed = SqlScript.parse(text);
        String result = run(
                parsed, parsed.declaresBatchMode() ? SqlEnvironment.Mode.BATCH : SqlEnvironment.Mode.STREAMING, name);
        String check = checkQuery(text);
        if (check != null) {
            assertThat(result)
                    .as("sql/%s.sql has a check query: the script itself prints nothing", name)
                    .isEmpty();
            result = run(SqlScript.parse(check), SqlEnvironment.Mode.BATCH, name + "-check");
        }
        System.out.printf("SqlCatalogueTest: sql/%s.sql in %.1f s%n", name, seconds(t0));

        String expected =
                Files.isRegularFile(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8) : null;
        if (!result.equals(expected)) {
            Path actual = ACTUAL.resolve(name + ".actual.csv");
            Files.createDirectories(actual.getParent());
            Files.writeString(actual, result, StandardCharsets.UTF_8);
            if (expected == null) {
                fail("sql/" + name + ".sql has no expected result sql/" + name + ".expected.csv; its result is in "
                        + actual.toAbsolutePath() + ": check it independently, then save it there");
            }
            fail("sql/" + name + (check != null ? ".sql (its check query)" : ".sql")
                    + " differs from sql/" + name + ".expected.csv (- expected, + actual; all of it in "
                    + actual.toAbsolutePath() + "):\n" + CsvResults.diff(expected, result));
        }
    }

    /** Runs a script (bounded, as {@code ./greenwave sql --bounded}) and returns its query results as CSV. */
    private static String run(SqlScript script, SqlEnvironment.Mode mode, String name) {
        TableEnvironment tEnv = SqlEnvironment.create(
                config, stack.warehouse().catalogProperties(), mode, true, tmp, name.replace('/', '-'));
        StringBuilder csv = new StringBuilder();
        new SqlScriptRunner(tEnv, (statement, result) -> CsvResult.append(result, csv)).run(script);
        return csv.toString();
    }

    /** The {@code -- check:} query of a script's comments, up to its {@code ;}; null when there is none. */
    static String checkQuery(String text) {
        var m = CHECK.matcher(text);
        if (!m.find()) {
            return null;
        }
        StringBuilder query = new StringBuilder();
        for (String line : text.substring(m.end()).split("\n")) {
            if (query.length() > 0 && !line.startsWith("--")) {
                break;
            }
            String code = query.length() == 0 ? line : line.substring(2);
            query.append(code.strip()).append('\n');
            if (code.strip().endsWith(";")) {
                return query.toString();
            }
        }
        throw new IllegalArgumentException("the check query does not end with ';' in the comment lines");
    }

    /** Copies a sample shipped on the classpath ({@code demo/<sample>/}, every file) to {@code dir}. */
    private static Path extract(String sample, Path dir) throws IOException, URISyntaxException {
        Files.createDirectories(dir);
        Path source = Path.of(Objects.requireNonNull(
                        SqlCatalogueTest.class.getClassLoader().getResource("demo/" + sample),
                        "demo sample " + sample + " missing from the build")
                .toURI());
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
