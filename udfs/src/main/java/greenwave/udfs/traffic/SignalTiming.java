package greenwave.udfs.traffic;

/**
 * Signal-timing formulas of traffic engineering (Webster; Highway Capacity Manual), as plain static Java so the SQL
 * functions and the jobs compute them once, the same way. Times are seconds, flows vehicles per hour.
 *
 * <p>Every method returns {@code NaN} (or null for {@link #levelOfService}) for an input outside the formula's domain
 * (negative or non-finite times, a green longer than the cycle, ...): a bad input never throws and never gives a
 * number that looks valid. The SQL functions turn {@code NaN} into SQL {@code NULL}.
 */
public final class SignalTiming {
    private SignalTiming() {}

    /**
     * Webster's optimum cycle length C₀ = (1.5 L + 5) / (1 − Y), s (F. V. Webster, Traffic Signal Settings, Road
     * Research Technical Paper 39, 1958).
     *
     * @param lostTimeS           L, total lost time per cycle, s (≥ 0)
     * @param criticalFlowRatioSum Y, the sum of the critical phases' flow ratios v/s (0 ≤ Y &lt; 1)
     * @return C₀ in seconds; NaN when L &lt; 0, Y &lt; 0 or Y ≥ 1 (the intersection is oversaturated: no cycle serves
     *         it) or either is not finite
     */
    public static double websterCycleS(double lostTimeS, double criticalFlowRatioSum) {
        if (!(lostTimeS >= 0)
                || Double.isInfinite(lostTimeS)
                || !(criticalFlowRatioSum >= 0 && criticalFlowRatioSum < 1)) {
            return Double.NaN;
        }
        return (1.5 * lostTimeS + 5) / (1 - criticalFlowRatioSum);
    }

    /**
     * HCM uniform delay d1 = 0.5 C (1 − g/C)² / (1 − min(1, X) g/C), s/veh (HCM 2000 Eq. 16-11; the uniform-arrival
     * delay term of the HCM 6th ed. signalized-intersection method): the delay of vehicles arriving uniformly at a
     * signal, with X capped at 1 (the excess of an oversaturated phase is incremental delay d2, not here).
     *
     * @param cycleS C, cycle length, s (&gt; 0)
     * @param greenS g, effective green, s (0 ≤ g ≤ C)
     * @param x      X, degree of saturation (≥ 0)
     * @return d1 in seconds; 0 when g = C (no red); NaN for inputs outside those ranges
     */
    public static double uniformDelayS(double cycleS, double greenS, double x) {
        if (!(cycleS > 0) || Double.isInfinite(cycleS) || !(greenS >= 0 && greenS <= cycleS)) {
            return Double.NaN;
        }
        return uniformDelayFromGreenRatioS(cycleS, greenS / cycleS, x);
    }

    /**
     * {@link #uniformDelayS} with the green ratio g/C given instead of g (for callers that have it already).
     *
     * @param cycleS     C, cycle length, s (&gt; 0)
     * @param greenRatio g/C (0 ≤ g/C ≤ 1)
     * @param x          X, degree of saturation (≥ 0)
     * @return d1 in seconds; 0 when g/C = 1; NaN for inputs outside those ranges
     */
    public static double uniformDelayFromGreenRatioS(double cycleS, double greenRatio, double x) {
        if (!(cycleS > 0) || Double.isInfinite(cycleS) || !(greenRatio >= 0 && greenRatio <= 1) || !(x >= 0)) {
            return Double.NaN;
        }
        if (greenRatio == 1) {
            return 0; // no red: nobody waits (the formula itself would be 0/0 for X ≥ 1)
        }
        return 0.5 * cycleS * (1 - greenRatio) * (1 - greenRatio) / (1 - Math.min(1, x) * greenRatio);
    }

    /**
     * Degree of saturation (volume-to-capacity ratio) X = v / c with capacity c = s g/C, dimensionless (HCM 6th ed.
     * Chapter 19).
     *
     * @param volumeVph          v, demand flow, veh/h (≥ 0)
     * @param saturationFlowVph  s, saturation flow of the lane group, veh/h (&gt; 0)
     * @param greenS             g, effective green, s (0 &lt; g ≤ C)
     * @param cycleS             C, cycle length, s (&gt; 0)
     * @return X; NaN when v &lt; 0, s ≤ 0, g ≤ 0 (no capacity), g &gt; C, C ≤ 0 or any input is not finite
     */
    public static double degreeOfSaturation(double volumeVph, double saturationFlowVph, double greenS, double cycleS) {
        if (!(volumeVph >= 0)
                || !(saturationFlowVph > 0)
                || !(cycleS > 0)
                || !(greenS > 0 && greenS <= cycleS)
                || Double.isInfinite(volumeVph)
                || Double.isInfinite(saturationFlowVph)
                || Double.isInfinite(cycleS)) {
            return Double.NaN;
        }
        return volumeVph / (saturationFlowVph * greenS / cycleS);
    }

    /**
     * HCM level of service of a signalized intersection (or approach, lane group) from its control delay (HCM 6th ed.
     * Exhibit 19-8): A ≤ 10 s, B ≤ 20 s, C ≤ 35 s, D ≤ 55 s, E ≤ 80 s, F above; the boundary value belongs to the
     * better level (10.0 s is A).
     *
     * @param controlDelayS control delay, s/veh (≥ 0)
     * @return "A".."F"; null when the delay is negative or not a number
     */
    public static String levelOfService(double controlDelayS) {
        if (!(controlDelayS >= 0)) {
            return null;
        }
        if (controlDelayS <= 10) {
            return "A";
        } else if (controlDelayS <= 20) {
            return "B";
        } else if (controlDelayS <= 35) {
            return "C";
        } else if (controlDelayS <= 55) {
            return "D";
        } else if (controlDelayS <= 80) {
            return "E";
        }
        return "F";
    }

    /**
     * {@link #levelOfService(double)} with the HCM 6th ed. rule for oversaturation: a volume-to-capacity ratio above
     * 1.0 is LOS F whatever the delay.
     *
     * @param controlDelayS control delay, s/veh (≥ 0)
     * @param x             degree of saturation X = v/c (≥ 0)
     * @return "A".."F"; null when the delay or X is negative or not a number
     */
    public static String levelOfService(double controlDelayS, double x) {
        if (!(x >= 0)) {
            return null;
        }
        String byDelay = levelOfService(controlDelayS);
        return byDelay != null && x > 1 ? "F" : byDelay;
    }
}
