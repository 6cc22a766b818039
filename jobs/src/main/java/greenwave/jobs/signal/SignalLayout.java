package greenwave.jobs.signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The detector configuration of one signal controller: detector channel → (phase, function, distance, speed limit),
 * and the lane count per phase. Immutable once built.
 *
 * <p>A channel may be configured more than once (e.g. for two phases or two functions), as ATSPM allows.
 */
public final class SignalLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Detector functions, as ATSPM configures them. */
    public enum Function {
        ADVANCE,
        PRESENCE,
        STOPBAR_COUNT,
        YELLOW_RED;

        /** Accepts the ATSPM names ("Advance", "Presence", "Stopbar Count", "Yellow_Red") and the network.json ones. */
        public static Function parse(String s) {
            String n = s.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
            return switch (n) {
                case "advance" -> ADVANCE;
                case "presence" -> PRESENCE;
                case "stopbar_count", "stop_bar_count", "stopbarcount" -> STOPBAR_COUNT;
                case "yellow_red", "yellowred" -> YELLOW_RED;
                default -> throw new IllegalArgumentException("unknown detector function: " + s);
            };
        }
    }

    /**
     * One configured detector.
     *
     * @param distanceM      distance from the stop bar (m), or null when unknown
     * @param speedLimitMps  approach speed limit (m/s), or null when unknown
     */
    public record Detector(int channel, int phase, Function function, Double distanceM, Double speedLimitMps)
            implements Serializable {
        public Detector {
            Objects.requireNonNull(function, "function");
        }

        /** Travel time from the detector to the stop bar (ms): distance / speed limit when both known, else 0. */
        public long travelTimeMs() {
            if (distanceM == null || speedLimitMps == null || speedLimitMps <= 0 || distanceM <= 0) {
                return 0L;
            }
            return Math.round(distanceM / speedLimitMps * 1000.0);
        }
    }

    // plain ArrayList / HashMap (not immutable collections) so that Kryo and Java serialization both work
    private final ArrayList<Detector> detectors;
    private final HashMap<Integer, Integer> lanesByPhase;

    /**
     * @param detectors    the configured detectors
     * @param lanesByPhase lane count per phase (phases absent or mapped to null: unknown); may be null
     */
    public SignalLayout(Collection<Detector> detectors, Map<Integer, Integer> lanesByPhase) {
        this.detectors = new ArrayList<>(detectors);
        HashMap<Integer, Integer> lanes = new HashMap<>();
        if (lanesByPhase != null) {
            lanesByPhase.forEach((p, n) -> {
                if (p != null && n != null) {
                    lanes.put(p, n);
                }
            });
        }
        this.lanesByPhase = lanes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Detector> detectors() {
        return Collections.unmodifiableList(detectors);
    }

    /** The configurations of a channel (usually one), empty when not configured. */
    public List<Detector> detectorsOf(int channel) {
        List<Detector> out = new ArrayList<>(1);
        for (Detector d : detectors) {
            if (d.channel() == channel) {
                out.add(d);
            }
        }
        return out;
    }

    /** The phases having at least one detector of this function, ascending. */
    public List<Integer> phasesWith(Function function) {
        TreeSet<Integer> phases = new TreeSet<>();
        for (Detector d : detectors) {
            if (d.function() == function) {
                phases.add(d.phase());
            }
        }
        return new ArrayList<>(phases);
    }

    /** The detectors of a phase with this function, in configuration order. */
    public List<Detector> detectors(int phase, Function function) {
        List<Detector> out = new ArrayList<>();
        for (Detector d : detectors) {
            if (d.phase() == phase && d.function() == function) {
                out.add(d);
            }
        }
        return out;
    }

    /** Lane count of a phase, or null when unknown. */
    public Integer lanes(int phase) {
        return lanesByPhase.get(phase);
    }

    public Map<Integer, Integer> lanesByPhase() {
        return Collections.unmodifiableMap(lanesByPhase);
    }

    /**
     * Reads the ATSPM detector configuration (columns DeviceId, Phase, Function, Parameter; any order, header required;
     * optional columns Distance / Distance_m and Speed / Speed_Limit_mps are read when present).
     */
    public static Map<String, SignalLayout> fromAtspmDetectorsCsv(Path path) throws IOException {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return fromAtspmDetectorsCsv(r);
        }
    }

    /** See {@link #fromAtspmDetectorsCsv(Path)}. */
    public static Map<String, SignalLayout> fromAtspmDetectorsCsv(Reader reader) throws IOException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = br.readLine();
        if (header == null) {
            return Map.of();
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] cols = header.split(",", -1);
        int iDev = -1, iPhase = -1, iFun = -1, iPar = -1, iDist = -1, iSpeed = -1;
        for (int i = 0; i < cols.length; i++) {
            String c = cols[i].trim().toLowerCase(Locale.ROOT).replace("_", "");
            switch (c) {
                case "deviceid" -> iDev = i;
                case "phase" -> iPhase = i;
                case "function" -> iFun = i;
                case "parameter", "detector", "channel" -> iPar = i;
                case "distance", "distancem" -> iDist = i;
                case "speed", "speedlimit", "speedlimitmps" -> iSpeed = i;
                default -> {}
            }
        }
        if (iDev < 0 || iPhase < 0 || iFun < 0 || iPar < 0) {
            throw new IOException("detectors csv needs DeviceId, Phase, Function, Parameter columns: " + header);
        }
        Map<String, Builder> builders = new LinkedHashMap<>();
        String line;
        while ((line = br.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            String dev = f[iDev].trim();
            Double dist =
                    iDist >= 0 && iDist < f.length && !f[iDist].isBlank() ? Double.valueOf(f[iDist].trim()) : null;
            Double speed =
                    iSpeed >= 0 && iSpeed < f.length && !f[iSpeed].isBlank() ? Double.valueOf(f[iSpeed].trim()) : null;
            builders.computeIfAbsent(dev, k -> new Builder())
                    .detector(
                            Integer.parseInt(f[iPar].trim()),
                            Integer.parseInt(f[iPhase].trim()),
                            Function.parse(f[iFun]),
                            dist,
                            speed);
        }
        Map<String, SignalLayout> out = new LinkedHashMap<>();
        builders.forEach((k, b) -> out.put(k, b.build()));
        return out;
    }

    @Override
    public String toString() {
        return "SignalLayout" + detectors + " lanes=" + lanesByPhase;
    }

    /** Builds a layout (used by the network.json reader). */
    public static final class Builder {
        private final List<Detector> detectors = new ArrayList<>();
        private final Map<Integer, Integer> lanes = new HashMap<>();

        public Builder detector(int channel, int phase, Function function, Double distanceM, Double speedLimitMps) {
            detectors.add(new Detector(channel, phase, function, distanceM, speedLimitMps));
            return this;
        }

        public Builder detector(int channel, int phase, Function function) {
            return detector(channel, phase, function, null, null);
        }

        public Builder lanes(int phase, Integer laneCount) {
            if (laneCount == null) {
                lanes.remove(phase);
            } else {
                lanes.put(phase, laneCount);
            }
            return this;
        }

        public SignalLayout build() {
            return new SignalLayout(detectors, lanes);
        }
    }
}
