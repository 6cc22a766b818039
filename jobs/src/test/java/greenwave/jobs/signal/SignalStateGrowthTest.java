package greenwave.jobs.signal;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.StateGrowth;
import greenwave.schemas.SignalEvent;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * State growth of the signal job's keyed operator (keyed by device) on the production function with the shipped
 * settings: {@link StateGrowth#IDS} one-off devices, each logging one cycle's worth of events (begin green, a detector
 * on and off, begin yellow, begin red) and then never again. A real network has a few thousand controllers, but a
 * renamed or replaced controller is exactly such a one-off id. Once event time passes the idle TTL
 * ({@code signal.device_idle_ttl_s}) the device is flushed and nothing is left. Prints the peak, what is left and
 * the time taken.
 */
class SignalStateGrowthTest {
    static final long T0 = 1_715_612_400_000L;
    static final GreenwaveConfig.Signal SIGNAL = GreenwaveConfig.defaults().signal();
    static final long TTL_MS = SIGNAL.deviceIdleTtlS() * 1000L;

    @Test
    void silentOneOffDevicesAreFlushedAndForgotten() throws Exception {
        long start = System.nanoTime();
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SignalMeasureFunction(Map.of(), SignalMeasuresJob.settings(SIGNAL), TTL_MS, "signal.events"),
                SignalEvent::deviceId,
                Types.STRING);
        long peak = 0;
        long last = T0;
        long measures = 0;
        for (int i = 0; i < StateGrowth.IDS; i++) {
            long t = T0 + i * 100L;
            String device = "once-" + i;
            h.processElement(new SignalEvent(device, t, 1, 2), t);
            h.processElement(new SignalEvent(device, t + 1_000, 82, 5), t + 1_000);
            h.processElement(new SignalEvent(device, t + 3_000, 81, 5), t + 3_000);
            h.processElement(new SignalEvent(device, t + 20_000, 8, 2), t + 20_000);
            h.processElement(new SignalEvent(device, t + 24_000, 10, 2), t + 24_000);
            if (i % StateGrowth.BATCH == StateGrowth.BATCH - 1) {
                peak = Math.max(peak, h.numKeyedStateEntries());
                h.processWatermark(t);
                measures += h.extractOutputValues().size();
                StateGrowth.dropOutputs(h, SignalMeasureFunction.ACCEPTED, SignalMeasureFunction.LATE);
            }
            last = t + 24_000;
        }
        h.processWatermark(last + TTL_MS);
        measures += h.extractOutputValues().size();
        StateGrowth.dropOutputs(h, SignalMeasureFunction.ACCEPTED, SignalMeasureFunction.LATE);
        long after = h.numKeyedStateEntries();
        StateGrowth.print("signal measures, keyed by device", peak, after, 0, start);
        assertThat(measures).isGreaterThanOrEqualTo(StateGrowth.IDS); // each device's actuations at least
        StateGrowth.assertBackTo(h, after, 0);
    }
}
