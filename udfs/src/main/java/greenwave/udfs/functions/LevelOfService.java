package greenwave.udfs.functions;

import greenwave.udfs.traffic.SignalTiming;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code LEVEL_OF_SERVICE(control_delay_s DOUBLE) -> STRING} and {@code LEVEL_OF_SERVICE(control_delay_s DOUBLE,
 * x DOUBLE) -> STRING}: HCM signalized-intersection level of service 'A'..'F' from control delay (A ≤ 10 s, B ≤ 20,
 * C ≤ 35, D ≤ 55, E ≤ 80, F above), with X &gt; 1 also 'F' in the second form ({@link SignalTiming#levelOfService}).
 * NULL when an argument is NULL or negative.
 */
public class LevelOfService extends ScalarFunction {
    public String eval(Double controlDelayS) {
        return controlDelayS == null ? null : SignalTiming.levelOfService(controlDelayS);
    }

    public String eval(Double controlDelayS, Double x) {
        return controlDelayS == null || x == null ? null : SignalTiming.levelOfService(controlDelayS, x);
    }
}
