package greenwave.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A query's result as CSV, as {@code ./greenwave sql --format csv} prints it and the {@code sql/} catalogue's
 * expected results hold it: a header line, then one line per row; a null is empty; a value with a comma, quote or
 * line break is quoted.
 */
public final class CsvResult {

    private CsvResult() {}

    /** Appends {@code result}'s header and rows to {@code out}, each line ending with a newline. */
    public static void append(TableResult result, StringBuilder out) {
        out.append(String.join(
                        ",",
                        result.getResolvedSchema().getColumnNames().stream()
                                .map(CsvResult::field)
                                .toList()))
                .append('\n');
        try (CloseableIterator<Row> rows = result.collect()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    fields.add(
                            row.getField(i) == null ? "" : field(row.getField(i).toString()));
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
}
