package greenwave.udfs.functions;

import greenwave.udfs.traffic.SignalTiming;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code DEGREE_OF_SATURATION(volume_vph DOUBLE, saturation_flow_vph DOUBLE, green_s DOUBLE, cycle_s DOUBLE) -> DOUBLE}:
 * X = v / (s g/C) ({@link SignalTiming#degreeOfSaturation}). NULL when an argument is NULL, v &lt; 0, s ≤ 0, g ≤ 0,
 * g &gt; C or C ≤ 0.
 */
public class DegreeOfSaturation extends ScalarFunction {
    public Double eval(Double volumeVph, Double saturationFlowVph, Double greenS, Double cycleS) {
        if (volumeVph == null || saturationFlowVph == null || greenS == null || cycleS == null) {
            return null;
        }
        return Results.orNull(SignalTiming.degreeOfSaturation(volumeVph, saturationFlowVph, greenS, cycleS));
    }
}
