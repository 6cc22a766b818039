package greenwave.jobs.plan;

import greenwave.schemas.TimingPlan;
import java.util.List;

/**
 * NEMA dual-ring geometry: which ring and barrier group a phase belongs to, and where its green lies in the cycle.
 * Ring 1 = phases 1–4, ring 2 = 5–8 (9–12, 13–16 continue the pattern); the barrier separates {1, 2, 5, 6} from
 * {3, 4, 7, 8}; in each ring the phases run in number order (left turns lead), so a two-phase intersection runs 2
 * then 4 and 6 then 8.
 */
final class SplitWindows {
    private SplitWindows() {}

    /** The ring of a NEMA phase: 1 for 1–4, 2 for 5–8, ... */
    static int ring(int phase) {
        return (phase - 1) / 4 + 1;
    }

    /** The barrier group: 0 for {1, 2, 5, 6}, 1 for {3, 4, 7, 8}. */
    static int barrierGroup(int phase) {
        return ((phase - 1) % 4) / 2;
    }

    /** Seconds from the start of the phase's ring sequence to the start of its green. */
    static double greenStartInRing(int phase, List<TimingPlan.PhaseSplit> phases) {
        double start = 0;
        for (TimingPlan.PhaseSplit p : phases) {
            if (ring(p.phase()) == ring(phase) && p.phase() < phase) {
                start += p.greenS() + p.yellowS() + p.redClearS();
            }
        }
        return start;
    }

    /** The phase's green, s (0 when the phase is not in the list). */
    static double green(int phase, List<TimingPlan.PhaseSplit> phases) {
        return phases.stream()
                .filter(p -> p.phase() == phase)
                .mapToDouble(TimingPlan.PhaseSplit::greenS)
                .findFirst()
                .orElse(0);
    }

    /**
     * Start of the phase's green in the cycle, s in [0, cycle), counted from cycle zero: the device's offset puts the
     * green of {@code coordinatedPhases.get(0)} at {@code offsetS}; the other phases follow their ring's sequence.
     */
    static double greenStart(
            int phase, int cycleS, int offsetS, List<Integer> coordinatedPhases, List<TimingPlan.PhaseSplit> phases) {
        double reference = coordinatedPhases == null || coordinatedPhases.isEmpty()
                ? 0
                : greenStartInRing(coordinatedPhases.get(0), phases);
        return mod(offsetS + greenStartInRing(phase, phases) - reference, cycleS);
    }

    static double mod(double x, double m) {
        double r = x % m;
        return r < 0 ? r + m : r;
    }
}
