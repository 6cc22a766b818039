package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The state of one phase over time, for judging arrivals: 0 unknown (before any 1/8/10), else the maximum of the codes
 * 1/8/10 since the latest begin green (ATSPM's {@code MAX(Signal_State_Mask)} over the cycle). A short history (the
 * longest latency / travel time) answers "state at x" for detector-ons moved in time, for arrivals on green and for
 * approach delay.
 */
final class PhaseTimeline implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The phase events not yet pruned, oldest first. */
    final ArrayDeque<PhaseStateChange> history = new ArrayDeque<>();
    /** The state after the last pruned event (the state before the history). */
    int baseState;

    int state;

    void apply(long ts, int code) {
        state = code == SignalCodes.PHASE_BEGIN_GREEN ? code : Math.max(state, code);
        history.addLast(new PhaseStateChange(ts, code, state));
    }

    /** State after every phase event with ts ≤ x (phase events sort before detector events at equal times). */
    int stateAt(long x) {
        Iterator<PhaseStateChange> it = history.descendingIterator();
        while (it.hasNext()) {
            PhaseStateChange h = it.next();
            if (h.ts() <= x) {
                return h.state();
            }
        }
        return baseState;
    }

    /** The first begin green after x in the history, or Long.MIN_VALUE if none yet. */
    long nextGreenAfter(long x) {
        for (PhaseStateChange h : history) {
            if (h.code() == SignalCodes.PHASE_BEGIN_GREEN && h.ts() > x) {
                return h.ts();
            }
        }
        return Long.MIN_VALUE;
    }

    void prune(long before) {
        while (!history.isEmpty() && history.peekFirst().ts() < before) {
            baseState = history.pollFirst().state();
        }
    }
}
