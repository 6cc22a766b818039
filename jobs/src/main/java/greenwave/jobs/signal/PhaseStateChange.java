package greenwave.jobs.signal;

import java.io.Serializable;

/**
 * One phase event in a {@link PhaseTimeline}'s history: its time, its code (1 begin green, 8 begin yellow, 10 begin
 * red clearance) and the phase state after it (the maximum of those codes since the latest begin green).
 */
record PhaseStateChange(long ts, int code, int state) implements Serializable {}
