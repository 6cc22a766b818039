package greenwave.jobs.common;

import greenwave.schemas.Contract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Ways to deliver a valid record wrongly. Each result is invalid under the contract (a dead letter), except
 * {@link #DUPLICATE}: an exact copy delivered again, which the contract says counts once.
 */
enum Mutation {
    TRUNCATED {
        byte[] apply(String json, Random random) {
            return utf8(json.substring(0, 1 + random.nextInt(json.length() - 1)));
        }
    },
    TYPE_FLIP {
        byte[] apply(String json, Random random) {
            // ts as a string; in a record without ts, the first string field as a number.
            return utf8(
                    json.contains("\"ts\"")
                            ? json.replaceFirst("\"ts\"\\s*:\\s*(\\d+)", "\"ts\": \"$1\"")
                            : json.replaceFirst("(\"\\w+\")\\s*:\\s*\"[^\"]*\"", "$1: 17"));
        }
    },
    FRACTIONAL_TS {
        byte[] apply(String json, Random random) {
            return utf8(withTs(json, "1715612400000.5"));
        }
    },
    HUGE_NUMBER {
        byte[] apply(String json, Random random) {
            return utf8(withField(json, "\"x\": 1" + "0".repeat(200)));
        }
    },
    OVERFLOWING_DOUBLE {
        byte[] apply(String json, Random random) {
            return utf8(withField(json, "\"x\": " + (random.nextBoolean() ? "1e400" : "-1e400")));
        }
    },
    NAN {
        byte[] apply(String json, Random random) {
            return utf8(withField(json, "\"x\": " + (random.nextBoolean() ? "NaN" : "Infinity")));
        }
    },
    DEEP_NESTING {
        byte[] apply(String json, Random random) {
            return utf8(withField(json, "\"x\": " + "[".repeat(400) + "]".repeat(400)));
        }
    },
    INVALID_UTF8 {
        byte[] apply(String json, Random random) {
            byte[] bytes = utf8(json);
            bytes[random.nextInt(bytes.length)] = (byte) (random.nextBoolean() ? 0xff : 0xc3);
            return bytes;
        }
    },
    RANDOM_BYTES {
        byte[] apply(String json, Random random) {
            byte[] bytes = new byte[1 + random.nextInt(512)];
            random.nextBytes(bytes);
            bytes[0] = '{'; // looks like an object, is not one
            return bytes;
        }
    },
    MEGABYTE {
        byte[] apply(String json, Random random) {
            // Escape-heavy: a dead letter that copied it whole would be six times the record.
            return utf8(withField(json, "\"x\": \"" + "\\u0001\\\"".repeat(1 << 17) + "\""));
        }
    },
    FAR_FUTURE_TS {
        byte[] apply(String json, Random random) {
            return utf8(
                    withTs(json, Long.toString(NOW.plus(Duration.ofDays(3650)).toEpochMilli())));
        }
    },
    NEGATIVE_TS {
        byte[] apply(String json, Random random) {
            return utf8(withTs(json, "-1"));
        }
    },
    DUPLICATE_FIELD {
        byte[] apply(String json, Random random) {
            String first = json.substring(json.indexOf('"'), json.indexOf(','));
            return utf8(
                    json.replaceFirst("\\{", "{" + first.replace("\\", "\\\\").replace("$", "\\$") + ", "));
        }
    },
    /** A record without value. On a compacted reference topic that deletes its key, so it is garbage only elsewhere. */
    TOMBSTONE {
        byte[] apply(String json, Random random) {
            return null;
        }
    },
    /** The same record delivered again (at least once): not garbage, it counts once. */
    DUPLICATE {
        byte[] apply(String json, Random random) {
            return utf8(json);
        }
    };

    /** A time after every record of the replays. */
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    /** The compacted topics of reference data, where a tombstone deletes. */
    static final Set<Contract> REFERENCE_TOPICS =
            EnumSet.of(Contract.BIKE_ZONES, Contract.BIKE_BLACKLIST, Contract.FOOD_KITCHENS);

    /** The mutant of a valid record; null for a record without value. */
    abstract byte[] apply(String json, Random random);

    /** Whether the mutant is garbage: it must become a dead letter with a reason. */
    boolean garbage() {
        return this != DUPLICATE;
    }

    /** The kinds that may be delivered on a topic of {@code contract}. */
    static List<Mutation> on(Contract contract) {
        return Arrays.stream(values())
                .filter(kind -> kind != TOMBSTONE || !REFERENCE_TOPICS.contains(contract))
                .toList();
    }

    private static String withField(String json, String field) {
        return json.replaceFirst("\\{", "{" + field.replace("\\", "\\\\").replace("$", "\\$") + ", ");
    }

    /**
     * Replaces the record's own time: its ts, or a measure's bin_start or cycle_start (the planner's event time); a
     * record with none (zones, kitchens) gets an invalid required field instead.
     */
    private static String withTs(String json, String ts) {
        for (String field : new String[] {"ts", "bin_start", "cycle_start"}) {
            if (json.contains("\"" + field + "\"")) {
                return json.replaceFirst("\"" + field + "\"\\s*:\\s*-?\\d+", "\"" + field + "\": " + ts);
            }
        }
        return withField(json, "\"capacity\": -1, \"kitchen_id\": null");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
