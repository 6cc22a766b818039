package greenwave.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL script split into statements, each with the line and column where it starts, so an error can name the place
 * in the file rather than in the statement.
 *
 * <p>Statements end at a {@code ;} outside string literals ({@code '...'}, with {@code ''} inside), quoted identifiers
 * ({@code `...`} and {@code "..."}) and comments ({@code -- ...} to the end of the line, {@code /* ... *}{@code /}).
 * {@code EXECUTE STATEMENT SET BEGIN ...; ...; END;} is one statement; the SQL client's
 * {@code BEGIN STATEMENT SET; ... END;} stays as separate statements (the runner groups them). A statement holding
 * only comments is dropped. The text of each statement is kept as written, comments included, without the final
 * {@code ;}.
 */
public record SqlScript(String source, List<Statement> statements) {

    /**
     * One statement.
     *
     * @param index  1-based position in the script
     * @param text   the statement, without the final {@code ;}
     * @param line   1-based line of its first character in the script
     * @param column 1-based column of its first character
     */
    public record Statement(int index, String text, int line, int column) {

        private static final Pattern POSITION = Pattern.compile("(?i)(line )(\\d+)(, column )(\\d+)");

        /** The statement's first words, upper case, one space apart, comments skipped: e.g. {@code "INSERT INTO"}. */
        public String keywords(int count) {
            String code = stripComments(text).trim();
            String[] words = code.split("\\s+", count + 1);
            List<String> first = new ArrayList<>();
            for (int i = 0; i < Math.min(count, words.length); i++) {
                first.add(words[i].toUpperCase(Locale.ROOT));
            }
            return String.join(" ", first);
        }

        /** "statement 3 (line 12)": where it is in the script. */
        public String where() {
            return "statement " + index + " (line " + line + ")";
        }

        /**
         * A message of Flink's about this statement, with its positions ("line 1, column 8") moved to the script's
         * lines and columns.
         */
        public String toScriptPositions(String message) {
            if (message == null) {
                return null;
            }
            Matcher m = POSITION.matcher(message);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                int l = Integer.parseInt(m.group(2));
                int c = Integer.parseInt(m.group(4));
                int scriptLine = line + l - 1;
                int scriptColumn = l == 1 ? column + c - 1 : c;
                m.appendReplacement(out, m.group(1) + scriptLine + m.group(3) + scriptColumn);
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private static final Pattern BATCH_MODE =
            Pattern.compile("(?is)^SET\\s+'execution\\.runtime-mode'\\s*=\\s*'batch'$");

    /** Does the script say {@code SET 'execution.runtime-mode' = 'batch'}? Then it is a batch script. */
    public boolean declaresBatchMode() {
        return statements.stream()
                .anyMatch(
                        s -> BATCH_MODE.matcher(stripComments(s.text()).trim()).matches());
    }

    /** Splits {@code source} into statements. */
    public static SqlScript parse(String source) {
        List<Statement> statements = new ArrayList<>();
        int n = source.length();
        int start = 0;
        int i = 0;
        boolean inStatementSetBlock = false;
        while (i < n) {
            char c = source.charAt(i);
            char next = i + 1 < n ? source.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                i = endOfLine(source, i);
            } else if (c == '/' && next == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '`' || c == '"') {
                i = endOfQuoted(source, i, c);
            } else if (c == ';') {
                String text = source.substring(start, i);
                if (!inStatementSetBlock && startsExecuteStatementSet(text)) {
                    inStatementSetBlock = true;
                }
                if (inStatementSetBlock && !endsWithEnd(text)) {
                    i++; // a statement inside EXECUTE STATEMENT SET BEGIN ... END
                    continue;
                }
                inStatementSetBlock = false;
                add(statements, source, start, i);
                i++;
                start = i;
            } else {
                i++;
            }
        }
        add(statements, source, start, n);
        return new SqlScript(source, List.copyOf(statements));
    }

    private static void add(List<Statement> statements, String source, int start, int end) {
        String raw = source.substring(start, end);
        if (stripComments(raw).isBlank()) {
            return;
        }
        // the statement starts at its first character that is not blank (comments before it are part of it)
        int first = start;
        while (first < end && Character.isWhitespace(source.charAt(first))) {
            first++;
        }
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < first; k++) {
            if (source.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        statements.add(new Statement(
                statements.size() + 1, source.substring(first, end).stripTrailing(), line, first - lineStart + 1));
    }

    private static int endOfLine(String s, int i) {
        int end = s.indexOf('\n', i);
        return end < 0 ? s.length() : end + 1;
    }

    /** The index after the closing quote; a doubled quote inside is an escaped one. */
    private static int endOfQuoted(String s, int i, char quote) {
        int k = i + 1;
        while (k < s.length()) {
            if (s.charAt(k) == quote) {
                if (k + 1 < s.length() && s.charAt(k + 1) == quote) {
                    k += 2;
                    continue;
                }
                return k + 1;
            }
            k++;
        }
        return s.length();
    }

    private static final Pattern EXECUTE_STATEMENT_SET =
            Pattern.compile("(?is)^\\s*EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b.*");
    private static final Pattern ENDS_WITH_END = Pattern.compile("(?is).*\\bEND\\s*$");

    private static boolean startsExecuteStatementSet(String text) {
        return EXECUTE_STATEMENT_SET.matcher(stripComments(text)).matches();
    }

    private static boolean endsWithEnd(String text) {
        return ENDS_WITH_END.matcher(stripComments(text)).matches();
    }

    /** The text with comments replaced by a space (string literals and quoted identifiers kept as they are). */
    public static String stripComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                i = endOfLine(text, i);
                out.append('\n');
            } else if (c == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '\'' || c == '`' || c == '"') {
                int end = endOfQuoted(text, i, c);
                out.append(text, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
