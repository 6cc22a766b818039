package greenwave.jobs.signal;

import greenwave.schemas.SignalMeasure;
import java.io.Serializable;

/** The cycle lengths (ms) of one phase ending in one bin: count, sum, shortest and longest. */
final class CycleLengthBin implements Serializable {
    private static final long serialVersionUID = 1L;
    int cycles;
    long sumMs;
    long minMs = Long.MAX_VALUE;
    long maxMs = Long.MIN_VALUE;

    void add(long ms) {
        cycles++;
        sumMs += ms;
        minMs = Math.min(minMs, ms);
        maxMs = Math.max(maxMs, ms);
    }

    SignalMeasure.CycleLength toMeasure(String deviceId, long binStart, int phase) {
        return new SignalMeasure.CycleLength(
                deviceId, binStart, phase, cycles, sumMs / 1000.0 / cycles, minMs / 1000.0, maxMs / 1000.0);
    }
}
