package greenwave.udfs.functions;

import greenwave.udfs.traffic.SignalTiming;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code WEBSTER_CYCLE_S(lost_time_s DOUBLE, critical_flow_ratio_sum DOUBLE) -> DOUBLE}: Webster's optimum cycle
 * (1.5 L + 5) / (1 − Y), s ({@link SignalTiming#websterCycleS}). NULL when an argument is NULL, L &lt; 0, Y &lt; 0 or
 * Y ≥ 1.
 */
public class WebsterCycleS extends ScalarFunction {
    public Double eval(Double lostTimeS, Double criticalFlowRatioSum) {
        if (lostTimeS == null || criticalFlowRatioSum == null) {
            return null;
        }
        return Results.orNull(SignalTiming.websterCycleS(lostTimeS, criticalFlowRatioSum));
    }
}
