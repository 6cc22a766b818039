package greenwave.udfs.functions;

import greenwave.udfs.traffic.SignalTiming;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code HCM_UNIFORM_DELAY_S(cycle_s DOUBLE, green_s DOUBLE, x DOUBLE) -> DOUBLE}: HCM uniform delay
 * d1 = 0.5 C (1 − g/C)² / (1 − min(1, X) g/C), s/veh ({@link SignalTiming#uniformDelayS}). NULL when an argument is
 * NULL, C ≤ 0, g &lt; 0, g &gt; C or X &lt; 0.
 */
public class HcmUniformDelayS extends ScalarFunction {
    public Double eval(Double cycleS, Double greenS, Double x) {
        if (cycleS == null || greenS == null || x == null) {
            return null;
        }
        return Results.orNull(SignalTiming.uniformDelayS(cycleS, greenS, x));
    }
}
