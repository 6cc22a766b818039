package greenwave.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The local Flink cluster the job tests run their topology on: one TaskManager with {@code slots} slots, shared by the
 * tests of a class ({@code @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.withSlots(2);}).
 */
public final class FlinkMiniCluster {
    private FlinkMiniCluster() {}

    public static MiniClusterExtension withSlots(int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build());
    }
}
