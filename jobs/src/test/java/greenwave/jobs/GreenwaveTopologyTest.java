package greenwave.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.GreenwaveTopology.Selection;
import greenwave.schemas.Contract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreenwaveTopologyTest {
    private static final Path REPO =
            Path.of(System.getProperty("greenwave.repo", "..")).toAbsolutePath().normalize();
    private static final GreenwaveConfig CONFIG = GreenwaveConfig.defaults();

    @Test
    void withoutANetworkEveryJobRunsButProbeDelayAndGreenWavesAndTheGateChecksVehiclePositionsToo() {
        Selection selection = Selection.all(CONFIG, null, true);

        assertThat(selection.probes()).isFalse();
        assertThat(selection.greenWave()).isFalse();
        assertThat(selection.planAcks() && selection.bikes() && selection.food())
                .isTrue();
        assertThat(selection.gated())
                .containsOnlyKeys(
                        CONFIG.topics().vehiclePositions(), CONFIG.topics().foodKitchens());
    }

    @Test
    void withTheCorridorEveryJobRunsAndTheGateChecksOnlyTheKitchensTopicNoJobReads() {
        Selection selection = Selection.all(
                CONFIG,
                ReferenceData.read(REPO.resolve("sim/samples/corridor3")).network(),
                true);

        assertThat(selection)
                .isEqualTo(new Selection(
                        true, true, true, true, true, Map.of(CONFIG.topics().foodKitchens(), Contract.FOOD_KITCHENS)));
        assertThat(Selection.all(CONFIG, null, false).gated()).isEmpty();
    }

    @Test
    void greenWavesNeedTheProbeDelayJob() {
        assertThatThrownBy(() -> new Selection(false, true, false, false, false, Map.<String, Contract>of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
