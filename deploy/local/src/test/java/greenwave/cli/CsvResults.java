package greenwave.cli;

/** A line diff of two query results as CSV ({@link greenwave.sql.CsvResult}). */
final class CsvResults {

    private CsvResults() {}

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
                common[i][j] =
                        a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
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
