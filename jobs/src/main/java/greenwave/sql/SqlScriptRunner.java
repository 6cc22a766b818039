package greenwave.sql;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        this.initial = Map.copyOf(tEnv.getConfig().getConfiguration().toMap());
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
                    throw fail(statement, "only INSERT statements belong in a statement set (opened by "
                            + setStart.where() + ")", null);
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

    private void submitted(TableResult result, List<JobClient> running) {
        result.getJobClient().ifPresent(job -> {
            if (!job.getJobStatus().thenApply(s -> s.isGloballyTerminalState()).join()) {
                running.add(job);
            }
        });
    }

    private static boolean isQuery(String head) {
        String first = head.split(" ")[0];
        return Arrays.asList("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "(")
                .contains(first) || first.startsWith("(");
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
            if (reset.group(1) == null) {
                initial.keySet().forEach(k -> tEnv.getConfig().getConfiguration().setString(k, initial.get(k)));
                tEnv.getConfig().getConfiguration().keySet().stream().filter(k -> !initial.containsKey(k)).toList()
                        .forEach(k -> tEnv.getConfig().getConfiguration().removeKey(k));
            } else {
                String key = unquote(reset.group(1));
                if (initial.containsKey(key)) {
                    tEnv.getConfig().getConfiguration().setString(key, initial.get(key));
                } else {
                    tEnv.getConfig().getConfiguration().removeKey(key);
                }
            }
            return true;
        }
        if (code.toUpperCase(Locale.ROOT).matches("^(SET|RESET)\\b.*")) {
            throw fail(statement, "write SET 'key' = 'value' or RESET ['key'] (keys and values in single quotes)",
                    null);
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
        return new SqlScriptException(statement,
                statement.where() + ": " + statement.toScriptPositions(message), cause);
    }

    /** Flink wraps the useful message (a parse or validation error) a few levels deep; take the most specific. */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        Throwable t = e.getCause();
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            t = t.getCause();
        }
        String own = e.getMessage();
        // keep Flink's summary line ("SQL validation failed. ...") when the cause adds nothing
        return own != null && message != null && own.contains(message) ? own : (own == null ? message
                : firstLine(own) + (message == null || message.equals(own) ? "" : "\n  caused by: " + message));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
