package greenwave.jobs;

import greenwave.jobs.signal.NetworkLayouts;
import greenwave.jobs.signal.SignalLayout;
import greenwave.schemas.BikeZone;
import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.Kitchen;
import greenwave.schemas.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference data the jobs run on, read from one directory the same way wherever they run ({@code ./greenwave
 * run}, {@code replay}, {@code demo}, {@link greenwave.cluster.ClusterJob}).
 *
 * @param layouts  detector layouts of network.json and/or an ATSPM detectors.csv (empty when there is neither)
 * @param network  the signal inventory of network.json, or null when there is none
 * @param zones    bike parking zones of zones.json, or null when there is none (zones from the bike.zones topic)
 * @param kitchens kitchens of kitchens.json, or null when there is none (default thresholds)
 */
public record ReferenceData(
        Map<String, SignalLayout> layouts, Network network, List<BikeZone> zones, List<Kitchen> kitchens) {

    /** No reference files at all. */
    public static final ReferenceData NONE = new ReferenceData(Map.of(), null, null, null);

    /**
     * Reads network.json, detectors.csv, zones.json and kitchens.json of {@code dir}, each checked as a whole by the
     * contract; a file that is absent gives an empty or null member.
     *
     * @throws BadFileException naming the first file that cannot be read or fails its check
     */
    public static ReferenceData read(Path dir) {
        ContractCodec codec = ContractCodec.shared();
        Network network = readIfPresent(dir.resolve("network.json"), f -> codec.decodeNetwork(Files.readAllBytes(f)));
        Map<String, SignalLayout> layouts = new HashMap<>();
        if (network != null) {
            layouts.putAll(NetworkLayouts.of(network));
        }
        Map<String, SignalLayout> detectors =
                readIfPresent(dir.resolve("detectors.csv"), SignalLayout::fromAtspmDetectorsCsv);
        if (detectors != null) {
            layouts.putAll(detectors);
        }
        List<BikeZone> zones =
                readIfPresent(dir.resolve(Contract.ZONES.defaultName()), f -> codec.decodeZones(Files.readAllBytes(f)));
        List<Kitchen> kitchens = readIfPresent(
                dir.resolve(Contract.KITCHENS.defaultName()), f -> codec.decodeKitchens(Files.readAllBytes(f)));
        return new ReferenceData(layouts, network, zones, kitchens);
    }

    /** Does the network describe corridors to plan green waves for? */
    public boolean hasCorridors() {
        return network != null && !network.corridors().isEmpty();
    }

    /**
     * A reference file that cannot be read or fails its check: {@link #file()} names it, the message is the reason
     * (for a file failing the contract, one line per error).
     */
    public static final class BadFileException extends IllegalArgumentException {
        private final transient Path file;

        BadFileException(Path file, Exception cause) {
            super(cause.getMessage(), cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    private interface FileReader<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T readIfPresent(Path file, FileReader<T> reader) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return reader.read(file);
        } catch (IOException | RuntimeException e) {
            throw new BadFileException(file, e);
        }
    }
}
