package greenwave.udfs.traffic;

import static greenwave.udfs.traffic.SignalTiming.degreeOfSaturation;
import static greenwave.udfs.traffic.SignalTiming.levelOfService;
import static greenwave.udfs.traffic.SignalTiming.uniformDelayFromGreenRatioS;
import static greenwave.udfs.traffic.SignalTiming.uniformDelayS;
import static greenwave.udfs.traffic.SignalTiming.websterCycleS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignalTimingTest {

    /** Webster (1958): C₀ = (1.5 L + 5) / (1 − Y). Hand-checked: L = 12 s, Y = 0.6 gives (18 + 5) / 0.4 = 57.5 s. */
    @Test
    void websterCycle() {
        assertThat(websterCycleS(12, 0.6)).isCloseTo(57.5, within(1e-12));
        // L = 16 s (4 phases × 4 s), Y = 0.75: (24 + 5) / 0.25 = 116 s
        assertThat(websterCycleS(16, 0.75)).isCloseTo(116.0, within(1e-12));
        // no demand: the 5-s term and the lost time alone
        assertThat(websterCycleS(10, 0)).isEqualTo(20.0);
    }

    @Test
    void websterCycleOutsideItsDomainIsNaN() {
        assertThat(websterCycleS(12, 1.0)).isNaN(); // oversaturated: no cycle serves it
        assertThat(websterCycleS(12, 1.2)).isNaN();
        assertThat(websterCycleS(12, -0.1)).isNaN();
        assertThat(websterCycleS(-1, 0.5)).isNaN();
        assertThat(websterCycleS(Double.NaN, 0.5)).isNaN();
        assertThat(websterCycleS(Double.POSITIVE_INFINITY, 0.5)).isNaN();
    }

    /**
     * HCM 2000 Eq. 16-11, d1 = 0.5 C (1 − g/C)² / (1 − min(1, X) g/C). Hand-checked: C = 90 s, g = 40 s, X = 0.8:
     * g/C = 4/9, 0.5 × 90 × (5/9)² = 1125/81, 1 − 0.8 × 4/9 = 29/45, d1 = (1125/81) × (45/29) = 625/29 = 21.5517 s.
     */
    @Test
    void uniformDelay() {
        assertThat(uniformDelayS(90, 40, 0.8)).isCloseTo(625.0 / 29, within(1e-12));
        // C = 100 s, g = 50 s, X = 0.5: 0.5 × 100 × 0.25 / (1 − 0.25) = 16.667 s
        assertThat(uniformDelayS(100, 50, 0.5)).isCloseTo(50.0 / 3, within(1e-12));
        // X is capped at 1: X = 1.3 gives the X = 1 value, 0.5 × 100 × 0.25 / 0.5 = 25 s
        assertThat(uniformDelayS(100, 50, 1.3)).isCloseTo(25.0, within(1e-12));
        assertThat(uniformDelayS(100, 50, 1.0)).isCloseTo(25.0, within(1e-12));
        // all red: everyone waits half a cycle on average
        assertThat(uniformDelayS(100, 0, 0.7)).isEqualTo(50.0);
        // no red: no uniform delay, also when saturated (the bare formula would be 0/0)
        assertThat(uniformDelayS(100, 100, 1.0)).isEqualTo(0.0);
        assertThat(uniformDelayFromGreenRatioS(90, 4.0 / 9, 0.8)).isEqualTo(uniformDelayS(90, 40, 0.8));
    }

    @Test
    void uniformDelayOutsideItsDomainIsNaN() {
        assertThat(uniformDelayS(-90, 40, 0.8)).isNaN();
        assertThat(uniformDelayS(0, 0, 0.8)).isNaN();
        assertThat(uniformDelayS(90, -1, 0.8)).isNaN();
        assertThat(uniformDelayS(90, 91, 0.8)).isNaN();
        assertThat(uniformDelayS(90, 40, -0.1)).isNaN();
        assertThat(uniformDelayS(90, 40, Double.NaN)).isNaN();
        assertThat(uniformDelayFromGreenRatioS(90, 1.1, 0.5)).isNaN();
    }

    /** X = v / (s g/C). Hand-checked: s = 1800 veh/h, g/C = 30/90 gives c = 600 veh/h; v = 450 → 0.75, v = 600 → 1. */
    @Test
    void degreeOfSaturationIsVolumeOverCapacity() {
        assertThat(degreeOfSaturation(450, 1800, 30, 90)).isCloseTo(0.75, within(1e-12));
        assertThat(degreeOfSaturation(600, 1800, 30, 90)).isCloseTo(1.0, within(1e-12));
        assertThat(degreeOfSaturation(0, 1800, 30, 90)).isEqualTo(0.0);
        // two lanes at 1900 veh/h/ln, g = 45 s of C = 100 s: c = 1710 veh/h; v = 1368 → 0.8
        assertThat(degreeOfSaturation(1368, 3800, 45, 100)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void degreeOfSaturationOutsideItsDomainIsNaN() {
        assertThat(degreeOfSaturation(-1, 1800, 30, 90)).isNaN();
        assertThat(degreeOfSaturation(450, 0, 30, 90)).isNaN();
        assertThat(degreeOfSaturation(450, 1800, 0, 90)).isNaN(); // no green, no capacity
        assertThat(degreeOfSaturation(450, 1800, 91, 90)).isNaN();
        assertThat(degreeOfSaturation(450, 1800, 30, 0)).isNaN();
        assertThat(degreeOfSaturation(Double.NaN, 1800, 30, 90)).isNaN();
    }

    /** HCM 6th ed. Exhibit 19-8: A ≤ 10, B ≤ 20, C ≤ 35, D ≤ 55, E ≤ 80, F > 80 s; a boundary is the better level. */
    @Test
    void levelOfServiceThresholds() {
        assertThat(levelOfService(0)).isEqualTo("A");
        assertThat(levelOfService(10)).isEqualTo("A");
        assertThat(levelOfService(10.01)).isEqualTo("B");
        assertThat(levelOfService(20)).isEqualTo("B");
        assertThat(levelOfService(20.5)).isEqualTo("C");
        assertThat(levelOfService(35)).isEqualTo("C");
        assertThat(levelOfService(35.1)).isEqualTo("D");
        assertThat(levelOfService(55)).isEqualTo("D");
        assertThat(levelOfService(55.1)).isEqualTo("E");
        assertThat(levelOfService(80)).isEqualTo("E");
        assertThat(levelOfService(80.1)).isEqualTo("F");
        assertThat(levelOfService(400)).isEqualTo("F");
        assertThat(levelOfService(-1)).isNull();
        assertThat(levelOfService(Double.NaN)).isNull();
    }

    /** HCM 6th ed.: a lane group with v/c above 1.0 is LOS F whatever its delay. */
    @Test
    void levelOfServiceWithOversaturationIsF() {
        assertThat(levelOfService(12, 0.9)).isEqualTo("B");
        assertThat(levelOfService(12, 1.0)).isEqualTo("B");
        assertThat(levelOfService(12, 1.01)).isEqualTo("F");
        assertThat(levelOfService(12, -0.1)).isNull();
        assertThat(levelOfService(-12, 1.2)).isNull();
        assertThat(levelOfService(12, Double.NaN)).isNull();
    }
}
