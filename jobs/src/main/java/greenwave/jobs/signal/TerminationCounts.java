package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalMeasure;
import java.io.Serializable;
import java.util.function.Consumer;

/** How the phase's greens ended in one bin: gap-outs (4), max-outs (5) and force-offs (6). */
final class TerminationCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    long gapOuts;
    long maxOuts;
    long forceOffs;

    /** Counts a termination event: {@code code} is 4, 5 or 6. */
    void add(int code) {
        switch (code) {
            case SignalCodes.PHASE_GAP_OUT -> gapOuts++;
            case SignalCodes.PHASE_MAX_OUT -> maxOuts++;
            case SignalCodes.PHASE_FORCE_OFF -> forceOffs++;
            default -> throw new IllegalArgumentException("not a termination code: " + code);
        }
    }

    /** One row per kind that occurred, in the order gap-out, max-out, force-off. */
    void emit(String deviceId, long binStart, int phase, Consumer<SignalMeasure> out) {
        emit(deviceId, binStart, phase, SignalMeasure.Terminations.GAP_OUT, gapOuts, out);
        emit(deviceId, binStart, phase, SignalMeasure.Terminations.MAX_OUT, maxOuts, out);
        emit(deviceId, binStart, phase, SignalMeasure.Terminations.FORCE_OFF, forceOffs, out);
    }

    private static void emit(
            String deviceId, long binStart, int phase, String kind, long n, Consumer<SignalMeasure> out) {
        if (n > 0) {
            out.accept(new SignalMeasure.Terminations(deviceId, binStart, phase, kind, n));
        }
    }
}
