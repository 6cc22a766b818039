package greenwave.jobs.signal;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.testing.FlinkMiniCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The golden test, end to end through Flink: the real controller logs of test resources atspm-golden run through the
 * signal measures job on a MiniCluster (as {@code ./greenwave atspm} runs them), and every reference row of
 * actuations, terminations, arrivals on green, split failures and yellow and red actuations is reproduced, with no extra rows.
 */
class SignalMeasuresJobGoldenTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.withSlots(2);

    @Test
    void reproducesTheAtspmReferenceResults() throws Exception {
        Path atspm = AtspmReference.dataDir();
        Map<String, SignalLayout> layouts = SignalLayout.fromAtspmDetectorsCsv(atspm.resolve("detectors.csv"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        AtspmExport.Result result =
                AtspmExport.run(env, GreenwaveConfig.defaults(), atspm.resolve("events.csv.gz"), layouts);

        List<String> mismatches = AtspmReference.compare(atspm.resolve("expected"), result.measures());
        assertThat(mismatches).as("differences from the ATSPM reference").isEmpty();
        assertThat(result.deadLetters()).isEmpty();
        assertThat(result.lateEvents()).isEmpty();
    }
}
