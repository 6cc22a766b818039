package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A record that could not be read, kept with the reason (topic {@code dlq}, key {@code source_topic}; schema
 * {@code schemas/dlq.schema.json}). Build it with {@link #of}.
 *
 * <p>A dead letter is bounded, so a huge bad record never makes a dead letter the producer cannot send: its JSON is
 * at most the source record's size plus {@value #MAX_OVERHEAD_BYTES} bytes. The payload is cut to its first
 * {@value #MAX_PAYLOAD_BYTES} bytes, or fewer when JSON escaping (or base64) would break that bound; a cut dead letter
 * also carries {@code payload_bytes} (the full length) and {@code payload_sha256}.
 *
 * @param sourceTopic     topic (or file) the record came from
 * @param partition       Kafka partition, −1 when not from Kafka
 * @param offset          Kafka offset, −1 when unknown
 * @param ts              when the record was rejected (epoch ms UTC, the wall clock of the job that rejected it)
 * @param reason          why it was rejected, naming the field
 * @param payload         the original bytes: the text when valid UTF-8, else base64; null for a record without value
 * @param payloadEncoding {@link #UTF8} or {@link #BASE64}: how {@code payload} holds the bytes (our extension of the
 *                        contract's field list; absent on the wire means {@code utf8})
 * @param payloadLength   the full length of the original bytes when {@code payload} holds only their start; else null
 * @param payloadSha256   SHA-256 of the full original bytes (lower-case hex) when {@code payload} is cut; else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
        @JsonProperty("source_topic") String sourceTopic,
        @JsonProperty("partition") int partition,
        @JsonProperty("offset") long offset,
        @JsonProperty("ts") long ts,
        @JsonProperty("reason") String reason,
        // written even when null: the contract lists payload as a field of every dead letter
        @JsonProperty("payload") @JsonInclude(JsonInclude.Include.ALWAYS)
        String payload,

        @JsonProperty("payload_encoding") String payloadEncoding,
        @JsonProperty("payload_bytes") Long payloadLength,
        @JsonProperty("payload_sha256") String payloadSha256) {
    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";
    /** The contract's cut: at most this many bytes of a payload are kept. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** The contract's bound: a dead letter's JSON is at most its source record's size plus this. */
    public static final int MAX_OVERHEAD_BYTES = 2 * 1024;
    /** Reasons quote the input (field names), so they are bounded too, as encoded JSON. */
    static final int MAX_REASON_BYTES = 1024;
    /**
     * Upper bound of the JSON around the topic, reason and payload: field names, quotes, three longs, an int,
     * "base64", payload_bytes and a 64-digit hash. DeadLetterTest checks it against the real encoding.
     */
    static final int FIXED_FIELDS_BYTES = 320;

    /**
     * A dead letter for the given source record. The payload is kept as text when it is valid UTF-8 (checked with a
     * strict decoder: malformed or truncated sequences are not silently replaced) and as base64 otherwise, so the
     * original bytes (or, when cut, their start) can always be recovered with {@link #payloadBytes()}.
     */
    public static DeadLetter of(
            String sourceTopic, int partition, long offset, long ts, String reason, byte[] payload) {
        String shortReason = reason == null
                ? null
                : reason.substring(0, jsonPrefixChars(reason, MAX_REASON_BYTES, MAX_REASON_BYTES));
        if (payload == null) {
            return new DeadLetter(sourceTopic, partition, offset, ts, shortReason, null, UTF8, null, null);
        }
        // What the payload's JSON string may take so that the whole dead letter stays within the bound.
        long budget = (long) payload.length
                + MAX_OVERHEAD_BYTES
                - FIXED_FIELDS_BYTES
                - jsonLength(sourceTopic)
                - jsonLength(shortReason);
        int maxEncoded = (int) Math.max(0, Math.min(budget, Integer.MAX_VALUE));
        String text = strictUtf8(payload);
        if (text != null) {
            int keptChars = jsonPrefixChars(text, MAX_PAYLOAD_BYTES, maxEncoded);
            return keptChars == text.length()
                    ? new DeadLetter(sourceTopic, partition, offset, ts, shortReason, text, UTF8, null, null)
                    : new DeadLetter(
                            sourceTopic,
                            partition,
                            offset,
                            ts,
                            shortReason,
                            text.substring(0, keptChars),
                            UTF8,
                            (long) payload.length,
                            sha256(payload));
        }
        // base64 takes 4 characters per 3 bytes; whole groups of 3 need no padding.
        int keptBytes = Math.min(MAX_PAYLOAD_BYTES, maxEncoded / 4 * 3);
        return payload.length <= keptBytes
                ? new DeadLetter(
                        sourceTopic,
                        partition,
                        offset,
                        ts,
                        shortReason,
                        Base64.getEncoder().encodeToString(payload),
                        BASE64,
                        null,
                        null)
                : new DeadLetter(
                        sourceTopic,
                        partition,
                        offset,
                        ts,
                        shortReason,
                        Base64.getEncoder().encodeToString(Arrays.copyOf(payload, keptBytes)),
                        BASE64,
                        (long) payload.length,
                        sha256(payload));
    }

    /** True when {@code payload} holds only the start of the original bytes ({@code payload_bytes} is their length). */
    @JsonIgnore // a helper, not a wire field
    public boolean isCut() {
        return payloadLength != null;
    }

    /** True when {@code payload} is base64 (the original bytes were not valid UTF-8). */
    @JsonIgnore // a helper, not a wire field
    public boolean isBase64() {
        return BASE64.equals(payloadEncoding);
    }

    /** The original bytes, or their start when {@link #isCut()} (null for a record without value). */
    public byte[] payloadBytes() {
        if (payload == null) {
            return null;
        }
        return isBase64() ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * How many chars of {@code text} to keep so that they take at most {@code maxUtf8} bytes as UTF-8 and at most
     * {@code maxJson} bytes inside a JSON string. Never splits a surrogate pair. Escapes are counted at their
     * longest (six bytes for a control character), so the bound holds whatever the JSON writer picks.
     */
    static int jsonPrefixChars(String text, int maxUtf8, int maxJson) {
        long utf8 = 0;
        long json = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            utf8 += utf8Bytes(cp);
            json += jsonBytes(cp);
            if (utf8 > maxUtf8 || json > maxJson) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /** The bytes {@code text} takes inside a JSON string (at most: escapes counted at their longest). */
    static long jsonLength(String text) {
        if (text == null) {
            return 0;
        }
        long json = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            json += jsonBytes(text.codePointAt(i));
        }
        return json;
    }

    private static int jsonBytes(int codePoint) {
        if (codePoint == '"' || codePoint == '\\') {
            return 2;
        }
        return codePoint < 0x20 ? 6 : utf8Bytes(codePoint);
    }

    private static int utf8Bytes(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The bytes as a string if they are valid UTF-8, otherwise null. */
    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
