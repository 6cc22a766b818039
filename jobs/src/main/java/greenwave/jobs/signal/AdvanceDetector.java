package greenwave.jobs.signal;

import java.io.Serializable;

/**
 * An Advance detector as the engine uses it, found by its channel: the phase it serves and the travel time from it to
 * the stop bar (distance / speed limit; 0 when either is unknown).
 */
record AdvanceDetector(int phase, long travelTimeMs) implements Serializable {}
