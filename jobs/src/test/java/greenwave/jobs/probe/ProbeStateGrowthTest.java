package greenwave.jobs.probe;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.StateCounts;
import greenwave.jobs.common.StateGrowth;
import greenwave.schemas.VehiclePosition;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.function.FunctionWithException;
import org.junit.jupiter.api.Test;

/**
 * State growth of the probe job's keyed operators on the production functions with the shipped settings:
 * {@link StateGrowth#IDS} one-off vehicles (each seen twice on its way into an approach zone, then never again: an
 * open traversal), and as many one-off approaches and corridor links, each with one traversal or trip. Once event time
 * passes a vehicle's idle time ({@code probe.max_sample_gap_s}) and a bin's close, nothing is left. Prints the peak,
 * what is left and the time taken.
 */
class ProbeStateGrowthTest {
    static final long T0 = 1_715_612_400_000L;
    static final GreenwaveConfig.Probe PROBE = GreenwaveConfig.defaults().probe();
    static final long IDLE_MS = (long) Math.ceil(PROBE.maxSampleGapS() * 1000) + 1;

    @Test
    void oneOffVehiclesAreForgottenAfterTheLargestSampleGap() throws Exception {
        long start = System.nanoTime();
        var fn = new VehicleTraversalFunction(
                new ApproachMatcher(SyntheticNetwork.network(), ProbeDelayJob.settings(PROBE)), "vehicle.positions");
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(fn, VehiclePosition::vehicleId, Types.STRING);
        long peak = 0;
        long last = T0;
        boolean inZone = false;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            // 300 m upstream of A's EB stop bar, then 12 s later 150 m: inside the 250 m zone
            var trip =
                    new SyntheticNetwork.Trip("once-" + i, t).eb(0, 300, 12.5).eb(12, 150, 12.5);
            for (VehiclePosition p : trip.positions) {
                h.processElement(p, p.ts());
            }
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                peak = Math.max(peak, h.numKeyedStateEntries()); // positions waiting for the watermark
                h.processWatermark(t + 12_000);
                StateGrowth.dropOutputs(h, VehicleTraversalFunction.LINKS);
            }
            if (i == 0) {
                h.processWatermark(t + 12_000);
                VehicleTraversalEngine engine = StateCounts.keyedState(
                                h,
                                "once-0",
                                new ValueStateDescriptor<>("vehicle", TypeInformation.of(VehicleTraversalEngine.class)))
                        .value();
                inZone = engine != null && engine.inTraversal();
            }
            last = t + 12_000;
        }
        h.processWatermark(last + IDLE_MS);
        long after = h.numKeyedStateEntries();
        StateGrowth.print("probe vehicles, keyed by vehicle", peak, after, 0, start);
        assertThat(inZone).isTrue();
        StateGrowth.assertBackTo(h, after, 0);
    }

    @Test
    void binsOfOneOffApproachesEmptyOnceEmitted() throws Exception {
        assertBinsEmpty(
                "probe approach delay, keyed by approach",
                ProbeDelayJob.approachDelays(PROBE),
                Traversal::approachId,
                i -> {
                    long t = T0 + i * 100L;
                    return new Traversal("once-" + i, "A", "v-" + i, t - 20_000, t, 2.0, 0, null);
                });
    }

    @Test
    void binsOfOneOffLinksEmptyOnceEmitted() throws Exception {
        assertBinsEmpty(
                "probe link travel, keyed by link",
                ProbeDelayJob.linkTravelTimes(PROBE),
                ApproachDelayAggregator::linkKey,
                i -> {
                    long t = T0 + i * 100L;
                    return new LinkTravel("c-" + i, "EB", "A", "B", "v-" + i, t - 40_000, t, 40.0, 32.0);
                });
    }

    /** Feeds one-off keys, one element each, and checks every bin is emitted and gone after its close. */
    static <T> void assertBinsEmpty(
            String what,
            KeyedProcessFunction<String, T, ?> fn,
            KeySelector<T, String> key,
            FunctionWithException<Integer, T, Exception> element)
            throws Exception {
        long start = System.nanoTime();
        KeyedOneInputStreamOperatorTestHarness<String, T, ?> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(fn, key, Types.STRING);
        long peak = 0;
        long last = T0;
        long emitted = 0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            h.processElement(element.apply(i), t);
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                peak = Math.max(peak, h.numKeyedStateEntries());
                h.processWatermark(t);
                emitted += h.extractOutputValues().size();
                StateGrowth.dropOutputs(h);
            }
            last = t;
        }
        h.processWatermark(ApproachDelayAggregator.binStart(last) + ApproachDelayAggregator.BIN_MS + IDLE_MS);
        emitted += h.extractOutputValues().size();
        long after = h.numKeyedStateEntries();
        StateGrowth.print(what, peak, after, 0, start);
        assertThat(emitted).isEqualTo(StateGrowth.IDS); // one measure per one-off key's bin
        StateGrowth.assertBackTo(h, after, 0);
    }
}
