package greenwave.udfs.functions;

/** SQL results of the plain-Java formulas: a formula's NaN (outside its domain) is SQL NULL. */
final class Results {
    private Results() {}

    static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
