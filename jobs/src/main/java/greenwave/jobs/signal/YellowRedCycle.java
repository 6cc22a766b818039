package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import java.io.Serializable;
import java.util.ArrayList;

/**
 * One cycle of a phase for yellow and red actuations: from its begin green to the next begin green, with its phase
 * events and the (latency-shifted) times of the Yellow_Red detector-ons that fell in it.
 */
final class YellowRedCycle implements Serializable {
    private static final long serialVersionUID = 1L;

    final long greenTs;
    /** Phase events after the begin green, in order: their times and codes (8 or 10; a begin green starts the next cycle). */
    final ArrayList<Long> phaseTs = new ArrayList<>();

    final ArrayList<Integer> phaseCodes = new ArrayList<>();
    /** Shifted detector-on times, in order. */
    final ArrayList<Long> detectorTs = new ArrayList<>();

    int yellows;
    int reds;
    long redTs = Long.MIN_VALUE;

    YellowRedCycle(long greenTs) {
        this.greenTs = greenTs;
    }

    void onPhase(long ts, int code) {
        phaseTs.add(ts);
        phaseCodes.add(code);
        if (code == SignalCodes.PHASE_BEGIN_YELLOW) {
            yellows++;
        } else if (code == SignalCodes.PHASE_BEGIN_RED_CLEARANCE) {
            reds++;
            redTs = ts;
        }
    }

    /** Counted only with exactly one begin green, one begin yellow and one begin red clearance. */
    boolean valid() {
        return yellows == 1 && reds == 1;
    }

    /** The phase state a detector-on at {@code ts} met: the largest code up to it (phase events first at equal times). */
    int stateAt(long ts) {
        int state = SignalCodes.PHASE_BEGIN_GREEN;
        for (int i = 0; i < phaseTs.size() && phaseTs.get(i) <= ts; i++) {
            state = Math.max(state, phaseCodes.get(i));
        }
        return state;
    }
}
