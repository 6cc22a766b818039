package greenwave.schemas;

/**
 * The result of {@link ContractCodec#decode}: either a value or the reason it could not be read. Bad input never
 * throws, so a job can route failures to the dead-letter topic ({@link DeadLetter#of}) instead of crashing.
 *
 * @param value the decoded record; null on failure
 * @param error why the payload was rejected (short, names the field); null on success
 */
public record Decoded<T>(T value, String error) {

    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(value, null);
    }

    public static <T> Decoded<T> failure(String reason) {
        return new Decoded<>(null, reason == null ? "unknown error" : reason);
    }

    /** True when the payload was valid and {@link #value()} holds the record. */
    public boolean ok() {
        return error == null;
    }

    /**
     * Same as {@link #ok()}, for method references: {@code Decoded::ok} is ambiguous in Java (it also names the static
     * factory), {@code Decoded::isOk} is not, e.g. {@code stream.filter(Decoded::isOk)}.
     */
    public boolean isOk() {
        return ok();
    }

    /** Same as {@link #ok()} negated, for method references: {@code stream.filter(Decoded::failed)}. */
    public boolean failed() {
        return !ok();
    }
}
