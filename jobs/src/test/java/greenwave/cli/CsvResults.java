package greenwave.cli;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/**
 * Query results as {@code ./greenwave sql --format csv} prints them (a header line, then one line per row; a null is
 * empty; a value with a comma, quote or line break is quoted), and a line diff of two such texts.
 */
final class CsvResults {

    private CsvResults() {
    }

    /** Appends {@code result}'s header and rows to {@code out}, each line ending with a newline. */
    static void append(TableResult result, StringBuilder out) {
        out.append(String.join(",", result.getResolvedSchema().getColumnNames().stream().map(CsvResults::field)
                .toList())).append('\n');
        try (CloseableIterator<Row> rows = result.collect()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    fields.add(row.getField(i) == null ? "" : field(row.getField(i).toString()));
                }
                out.append(String.join(",", fields)).append('\n');
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading a query's result", e);
        }
    }

    private static String field(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n");
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /**
     * The lines of {@code expected} and {@code actual} that differ, from their longest common subsequence: a line
     * only expected as {@code - line}, only actual as {@code + line}, with its line number; equal lines left out.
     */
    static String diff(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                i++;
                j++;
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                out.append(String.format("- %3d: %s%n", i + 1, a[i++]));
            } else {
                out.append(String.format("+ %3d: %s%n", j + 1, b[j++]));
            }
        }
        return out.toString();
    }
}
