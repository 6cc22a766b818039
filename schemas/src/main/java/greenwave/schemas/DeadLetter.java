package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record that could not be read, kept with the reason (topic {@code dlq}, key {@code source_topic}; schema
 * {@code schemas/dlq.schema.json}). Build it with {@link #of}.
 *
 * @param sourceTopic     topic (or file) the record came from
 * @param partition       Kafka partition, −1 when not from Kafka
 * @param offset          Kafka offset, −1 when unknown
 * @param ts              the source record's Kafka timestamp (epoch ms UTC), or the dead-lettering time if it has none
 * @param reason          why it was rejected, naming the field
 * @param payload         the original bytes: the text when valid UTF-8, else base64; null for a record without value
 * @param payloadEncoding {@link #UTF8} or {@link #BASE64}: how {@code payload} holds the bytes (our extension of the
 *                        contract's field list; absent on the wire means {@code utf8})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
        @JsonProperty("source_topic") String sourceTopic,
        @JsonProperty("partition") int partition,
        @JsonProperty("offset") long offset,
        @JsonProperty("ts") long ts,
        @JsonProperty("reason") String reason,
        // written even when null: the contract lists payload as a field of every dead letter
        @JsonProperty("payload") @JsonInclude(JsonInclude.Include.ALWAYS) String payload,
        @JsonProperty("payload_encoding") String payloadEncoding) {
    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";

    /**
     * A dead letter for the given source record. The payload is kept as text when it is valid UTF-8 (checked with a
     * strict decoder: malformed or truncated sequences are not silently replaced) and as base64 otherwise, so the
     * original bytes can always be recovered with {@link #payloadBytes()}.
     */
    public static DeadLetter of(String sourceTopic, int partition, long offset, long ts, String reason, byte[] payload) {
        if (payload == null) {
            return new DeadLetter(sourceTopic, partition, offset, ts, reason, null, UTF8);
        }
        String text = strictUtf8(payload);
        return text != null
                ? new DeadLetter(sourceTopic, partition, offset, ts, reason, text, UTF8)
                : new DeadLetter(sourceTopic, partition, offset, ts, reason, Base64.getEncoder().encodeToString(payload), BASE64);
    }

    /** True when {@code payload} is base64 (the original bytes were not valid UTF-8). */
    @JsonIgnore // a helper, not a wire field
    public boolean isBase64() {
        return BASE64.equals(payloadEncoding);
    }

    /** The original bytes (null for a record without value). */
    public byte[] payloadBytes() {
        if (payload == null) {
            return null;
        }
        return isBase64() ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes as a string if they are valid UTF-8, otherwise null. */
    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
