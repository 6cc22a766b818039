package greenwave.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.schemas.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceDataTest {
    private static final Path REPO =
            Path.of(System.getProperty("greenwave.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aDirectoryWithoutReferenceFilesGivesNoLayoutsAndNullMembers() {
        ReferenceData reference = ReferenceData.read(dir);

        assertThat(reference).isEqualTo(ReferenceData.NONE);
        assertThat(reference.hasCorridors()).isFalse();
    }

    @Test
    void theShippedCorridorGivesItsNetworkWithOneLayoutPerIntersection() {
        ReferenceData reference = ReferenceData.read(REPO.resolve("sim/samples/corridor3"));

        assertThat(reference.network()).isNotNull();
        assertThat(reference.layouts())
                .containsOnlyKeys(reference.network().intersections().stream()
                        .map(Network.Intersection::deviceId)
                        .toList());
        assertThat(reference.hasCorridors()).isTrue();
        assertThat(reference.zones()).isNull();
        assertThat(reference.kitchens()).isNull();
    }

    @Test
    void aFileThatCannotBeDecodedIsNamedWithTheReason() throws Exception {
        Path zones = Files.writeString(dir.resolve("zones.json"), "{not json");

        assertThatThrownBy(() -> ReferenceData.read(dir))
                .isInstanceOfSatisfying(ReferenceData.BadFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(zones);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }
}
