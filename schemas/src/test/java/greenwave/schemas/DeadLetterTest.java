package greenwave.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    static final ContractCodec CODEC = ContractCodec.create();

    @Test
    void utf8PayloadIsKeptAsText() {
        byte[] bytes = "{\"device_id\": \"227\", \"ts\": \"x\", \"note\": \"红绿灯\"}".getBytes(StandardCharsets.UTF_8);
        DeadLetter d =
                DeadLetter.of("signal.events", 3, 42, 1715612400100L, "$.ts: string found, integer expected", bytes);
        assertThat(d.payload()).isEqualTo("{\"device_id\": \"227\", \"ts\": \"x\", \"note\": \"红绿灯\"}");
        assertThat(d.payloadEncoding()).isEqualTo(DeadLetter.UTF8);
        assertThat(d.isBase64()).isFalse();
        assertThat(d.payloadBytes()).isEqualTo(bytes);
        assertThat(d.sourceTopic()).isEqualTo("signal.events");
        assertThat(d.partition()).isEqualTo(3);
        assertThat(d.offset()).isEqualTo(42);
        assertThat(d.ts()).isEqualTo(1715612400100L);
    }

    @Test
    void invalidUtf8IsBase64() {
        byte[][] invalid = {
            {(byte) 0xff, (byte) 0xfe, 0x7b}, // not a UTF-8 byte at all
            {0x7b, (byte) 0xc3}, // truncated 2-byte sequence
            {(byte) 0xc0, (byte) 0xaf}, // overlong encoding of '/'
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // UTF-16 surrogate encoded in UTF-8
            "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), // Latin-1
        };
        for (byte[] bytes : invalid) {
            DeadLetter d = DeadLetter.of("bike.events", 0, 1, 2, "not UTF-8", bytes);
            assertThat(d.isBase64()).isTrue();
            assertThat(d.payloadEncoding()).isEqualTo("base64");
            assertThat(d.payload()).isEqualTo(Base64.getEncoder().encodeToString(bytes));
            assertThat(d.payloadBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void emptyAndNullPayloads() {
        assertThat(DeadLetter.of("t", 0, 0, 0, "not JSON: empty payload", new byte[0])
                        .payload())
                .isEmpty();
        DeadLetter tombstone = DeadLetter.of("t", 0, 0, 0, "not JSON: empty payload", null);
        assertThat(tombstone.payload()).isNull();
        assertThat(tombstone.payloadBytes()).isNull();
        assertThat(CODEC.toJson(tombstone)).contains("\"payload\":null");
        assertThat(CODEC.validate(Contract.DLQ, CODEC.encode(tombstone))).isEmpty();
    }

    @Test
    void wireFormatHasTheContractFields() {
        DeadLetter d = DeadLetter.of("signal.events", 3, 42, 1715612400100L, "not JSON: x", new byte[] {(byte) 0xff});
        assertThat(CODEC.toJson(d))
                .isEqualTo(
                        "{\"source_topic\":\"signal.events\",\"partition\":3,\"offset\":42,"
                                + "\"ts\":1715612400100,\"reason\":\"not JSON: x\",\"payload\":\"/w==\",\"payload_encoding\":\"base64\"}");
        Decoded<DeadLetter> back = CODEC.decode(Contract.DLQ, CODEC.encode(d), DeadLetter.class);
        assertThat(back.value()).isEqualTo(d);
        assertThat(CODEC.key(Contract.DLQ, d)).isEqualTo("signal.events");
    }

    @Test
    void aDeadLetterWithoutEncodingIsUtf8() {
        Decoded<DeadLetter> d = CODEC.decode(Contract.DLQ, Examples.utf8(Examples.DEAD_LETTER), DeadLetter.class);
        assertThat(d.value().payloadEncoding()).isNull();
        assertThat(d.value().isBase64()).isFalse();
        assertThat(new String(d.value().payloadBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"device_id\": \"227\", \"ts\": \"1\"}");
    }

    @Test
    void failedDecodeFeedsTheDeadLetter() {
        byte[] bad = Examples.utf8("{\"device_id\": \"227\", \"ts\": 1.5, \"code\": 82, \"param\": 27}");
        Decoded<SignalEvent> d = CODEC.decode(Contract.SIGNAL_EVENTS, bad, SignalEvent.class);
        DeadLetter dl = DeadLetter.of("signal.events", 0, 9, 1, d.error(), bad);
        assertThat(dl.reason()).contains("$.ts");
        assertThat(CODEC.validate(Contract.DLQ, CODEC.encode(dl))).isEmpty();
    }

    // ---------------------------------------------------------------- bounded dead letters

    @Test
    void aPayloadOver64KibIsCutWithItsLengthAndHash() throws Exception {
        byte[] big = ("{\"device_id\": \"" + "a".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of("signal.events", 1, 2, 3, "not JSON: x", big);
        assertThat(d.isCut()).isTrue();
        assertThat(d.payloadBytes())
                .hasSize(DeadLetter.MAX_PAYLOAD_BYTES)
                .isEqualTo(java.util.Arrays.copyOf(big, DeadLetter.MAX_PAYLOAD_BYTES));
        assertThat(d.payloadLength()).isEqualTo(big.length);
        assertThat(d.payloadSha256())
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(big)));
        assertBounded(d, big);
        Decoded<DeadLetter> back = CODEC.decode(Contract.DLQ, CODEC.encode(d), DeadLetter.class);
        assertThat(back.value()).isEqualTo(d);
    }

    @Test
    void aSmallPayloadIsKeptWholeWithoutLengthOrHash() {
        byte[] small = Examples.utf8(Examples.SIGNAL_EVENT);
        DeadLetter d = DeadLetter.of("signal.events", 1, 2, 3, "r", small);
        assertThat(d.isCut()).isFalse();
        assertThat(CODEC.toJson(d)).doesNotContain("payload_bytes").doesNotContain("payload_sha256");
    }

    @Test
    void escapingNeverMakesADeadLetterLargerThanItsInputPlus2Kib() {
        // Each of these characters is written escaped: 2 or 6 bytes for 1.
        for (String unit : new String[] {"\"", "\\", "\u0001", "\n", "\u001f\"x"}) {
            for (int size : new int[] {1, 100, 3_000, 10_000, 65_536, 200_000}) {
                byte[] payload = unit.repeat(Math.max(1, size / unit.length())).getBytes(StandardCharsets.UTF_8);
                DeadLetter d = DeadLetter.of(
                        "food.sensor-readings",
                        Integer.MAX_VALUE,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        "\u0001\"".repeat(2_000),
                        payload);
                assertBounded(d, payload);
                assertThat(payload).startsWith(d.payloadBytes());
            }
        }
    }

    @Test
    void invalidUtf8IsCutInBase64WithinTheBound() {
        for (int size : new int[] {3, 6_000, 10_000, 200_000, 1 << 20}) {
            byte[] payload = new byte[size];
            new java.util.Random(size).nextBytes(payload);
            payload[0] = (byte) 0xff; // never valid UTF-8
            DeadLetter d = DeadLetter.of("bike.events", 0, 1, 2, "not UTF-8: malformed byte sequence", payload);
            assertThat(d.isBase64()).isTrue();
            assertBounded(d, payload);
            assertThat(payload).startsWith(d.payloadBytes());
            assertThat(d.isCut()).isEqualTo(d.payloadBytes().length < size);
        }
    }

    @Test
    void aCutNeverSplitsACharacter() {
        // 4-byte characters straddling the 64 KiB mark.
        byte[] emoji = "x\uD83D\uDEA6".repeat(40_000).getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of("t", 0, 0, 0, "r", emoji);
        assertThat(d.isBase64()).isFalse();
        assertThat(d.payloadBytes().length).isLessThanOrEqualTo(DeadLetter.MAX_PAYLOAD_BYTES);
        assertThat(new String(d.payloadBytes(), StandardCharsets.UTF_8)).isEqualTo(d.payload());
        assertBounded(d, emoji);
    }

    private static void assertBounded(DeadLetter d, byte[] input) {
        byte[] json = CODEC.encode(d);
        assertThat(json.length)
                .as("dead letter of %d bytes", input.length)
                .isLessThanOrEqualTo(input.length + DeadLetter.MAX_OVERHEAD_BYTES);
        assertThat(d.payloadBytes().length).isLessThanOrEqualTo(DeadLetter.MAX_PAYLOAD_BYTES);
        assertThat(CODEC.validate(Contract.DLQ, json)).isEmpty();
    }
}
