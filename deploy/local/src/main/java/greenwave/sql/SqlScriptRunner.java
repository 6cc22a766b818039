package greenwave.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.TableConfigOptions;

/**
 * Runs a {@link SqlScript} statement by statement on a {@link TableEnvironment} (see {@link SqlEnvironment}).
 *
 * <ul>
 *   <li>{@code SET 'key' = 'value'}, {@code RESET}, DDL, {@code USE}, {@code LOAD MODULE}: applied in order. Loading a
 *       module that is already loaded (e.g. {@code greenwave}, which the runner loads itself) is skipped, so a script
 *       written for the SQL gateway runs here unchanged.</li>
 *   <li>Queries ({@code SELECT}, {@code WITH}, {@code SHOW}, {@code DESCRIBE}, {@code EXPLAIN}): their result goes to
 *       the {@link Results} handler (printed by the CLI, collected by tests).</li>
 *   <li>{@code INSERT} and {@code EXECUTE STATEMENT SET BEGIN ... END} submit a job; so does the SQL client's
 *       {@code BEGIN STATEMENT SET; INSERT ...; END;}. With {@code table.dml-sync} (set by the runner for bounded
 *       runs) each job finishes before the next statement; otherwise the jobs keep running and are returned.</li>
 * </ul>
 * A failing statement stops the script with a {@link SqlScriptException} naming the statement and its line.
 */
public final class SqlScriptRunner {

    /** Receives the result of each query statement. */
    @FunctionalInterface
    public interface Results {
        void accept(SqlScript.Statement statement, TableResult result);
    }

    /** A statement of the script failed. */
    public static final class SqlScriptException extends RuntimeException {
        private final SqlScript.Statement statement;

        SqlScriptException(SqlScript.Statement statement, String message, Throwable cause) {
            super(message, cause);
            this.statement = statement;
        }

        public SqlScript.Statement statement() {
            return statement;
        }
    }

    private final TableEnvironment tEnv;
    private final Results results;
    /** The configuration before the script: what RESET goes back to. */
    private final Map<String, String> initial;

    public SqlScriptRunner(TableEnvironment tEnv, Results results) {
        this.tEnv = tEnv;
        this.results = results;
        // Running a statement copies the session's settings into the executor's configuration, which is also the
        // fallback of the table config: a copy taken now keeps RESET's fallback what it was before the script.
        Map<String, String> root =
                new HashMap<>(tEnv.getConfig().getRootConfiguration().toMap());
        tEnv.getConfig().setRootConfiguration(Configuration.fromMap(root));
        Map<String, String> before = new HashMap<>(root);
        before.putAll(tEnv.getConfig().getConfiguration().toMap());
        this.initial = Map.copyOf(before);
    }

    /**
     * Runs every statement; returns the jobs still running (unbounded streaming inserts), which the caller waits on
     * or cancels.
     */
    public List<JobClient> run(SqlScript script) {
        List<JobClient> running = new ArrayList<>();
        StatementSet set = null;
        SqlScript.Statement setStart = null;
        for (SqlScript.Statement statement : script.statements()) {
            String head = statement.keywords(3);
            if (head.equals("BEGIN STATEMENT SET")) {
                if (set != null) {
                    throw fail(statement, "a statement set is already open since " + setStart.where(), null);
                }
                set = tEnv.createStatementSet();
                setStart = statement;
                continue;
            }
            if (set != null) {
                if (head.equals("END")) {
                    StatementSet toRun = set;
                    set = null;
                    submitted(execute(setStart, toRun::execute), running);
                } else if (head.startsWith("INSERT")) {
                    StatementSet current = set;
                    execute(statement, () -> current.addInsertSql(statement.text()));
                } else {
                    throw fail(
                            statement,
                            "only INSERT statements belong in a statement set (opened by " + setStart.where() + ")",
                            null);
                }
                continue;
            }
            if (isLoadOfLoadedModule(statement) || applySetOrReset(statement)) {
                continue;
            }
            TableResult result = execute(statement, () -> tEnv.executeSql(statement.text()));
            if (result.getJobClient().isPresent() && !isQuery(head)) {
                submitted(result, running);
            } else if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT && isQuery(head)) {
                SqlScript.Statement s = statement;
                execute(statement, () -> {
                    results.accept(s, result);
                    return null;
                });
            }
        }
        if (set != null) {
            throw fail(setStart, "the statement set is never closed with END", null);
        }
        return running;
    }

    /** A submitted job still runs unless {@code table.dml-sync} made the statement wait for its end. */
    private void submitted(TableResult result, List<JobClient> running) {
        if (!tEnv.getConfig().get(TableConfigOptions.TABLE_DML_SYNC)) {
            result.getJobClient().ifPresent(running::add);
        }
    }

    private static boolean isQuery(String head) {
        String first = head.split(" ")[0];
        return Arrays.asList("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES")
                        .contains(first)
                || first.startsWith("(");
    }

    private static final Pattern SET = Pattern.compile("(?is)^SET\\s+'((?:[^']|'')+)'\\s*=\\s*'((?:[^']|'')*)'$");
    private static final Pattern RESET = Pattern.compile("(?is)^RESET(?:\\s+'((?:[^']|'')+)')?$");

    /**
     * {@code SET 'key' = 'value'} and {@code RESET ['key']}, as the SQL client and gateway take them (a
     * TableEnvironment's executeSql does not): they change the configuration of the statements that follow.
     */
    private boolean applySetOrReset(SqlScript.Statement statement) {
        String code = SqlScript.stripComments(statement.text()).trim();
        Matcher set = SET.matcher(code);
        if (set.matches()) {
            tEnv.getConfig().getConfiguration().setString(unquote(set.group(1)), unquote(set.group(2)));
            return true;
        }
        Matcher reset = RESET.matcher(code);
        if (reset.matches()) {
            List<String> keys = reset.group(1) == null
                    ? List.copyOf(tEnv.getConfig().getConfiguration().keySet())
                    : List.of(unquote(reset.group(1)));
            for (String key : keys) {
                if (initial.containsKey(key)) {
                    tEnv.getConfig().getConfiguration().setString(key, initial.get(key));
                } else {
                    tEnv.getConfig().getConfiguration().removeKey(key);
                }
            }
            return true;
        }
        if (code.toUpperCase(Locale.ROOT).matches("^(SET|RESET)\\b.*")) {
            throw fail(
                    statement, "write SET 'key' = 'value' or RESET ['key'] (keys and values in single quotes)", null);
        }
        return false;
    }

    private static String unquote(String s) {
        return s.replace("''", "'");
    }

    private boolean isLoadOfLoadedModule(SqlScript.Statement statement) {
        String code = SqlScript.stripComments(statement.text()).trim();
        String[] words = code.split("\\s+");
        if (words.length < 3 || !words[0].equalsIgnoreCase("LOAD") || !words[1].equalsIgnoreCase("MODULE")) {
            return false;
        }
        String module = words[2].replace("`", "").toLowerCase(Locale.ROOT);
        return Arrays.asList(tEnv.listModules()).contains(module);
    }

    private interface Action<T> {
        T run();
    }

    private static <T> T execute(SqlScript.Statement statement, Action<T> action) {
        try {
            return action.run();
        } catch (SqlScriptException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(statement, rootMessage(e), e);
        }
    }

    private static SqlScriptException fail(SqlScript.Statement statement, String message, Throwable cause) {
        return new SqlScriptException(
                statement, statement.where() + ": " + statement.toScriptPositions(message), cause);
    }

    /**
     * Flink's message for a failed statement: its summary line ("SQL validation failed. ...") and, when a cause says
     * more (the parser's or validator's own words, with positions), that cause's message.
     */
    private static String rootMessage(Throwable e) {
        String detail = null;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                detail = t.getMessage(); // the deepest one is the most specific
            }
        }
        String summary = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        return detail == null || summary.contains(firstLine(detail)) ? summary : summary + "\n  caused by: " + detail;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
