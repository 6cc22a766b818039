package greenwave.udfs.geo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * The last few zones parsed, by their text, so that a query testing many rows against the same few zone strings parses
 * each once. Least recently used entries go first; bad zone texts are remembered too (as "no zone"), so they are not
 * parsed again on every row. Not thread-safe: one per function instance (Flink calls a function from one thread).
 */
public final class ZoneCache {
    private final Map<String, Optional<PreparedGeometry>> zones;

    /** A cache of at most {@code capacity} zones. */
    public ZoneCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.zones = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<PreparedGeometry>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The parsed zone ({@link ZonePolygon#parse}), or null when the text is not a valid zone. */
    public PreparedGeometry get(String zone) {
        return zones.computeIfAbsent(zone, z -> Optional.ofNullable(ZonePolygon.parse(z)))
                .orElse(null);
    }

    public int size() {
        return zones.size();
    }
}
