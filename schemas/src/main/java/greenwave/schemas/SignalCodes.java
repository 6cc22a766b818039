package greenwave.schemas;

/** The Indiana Hi-Resolution Data Logger enumerations the pipeline interprets (contract, {@code signal.events}). */
public final class SignalCodes {
    public static final int PHASE_ON = 0;
    public static final int PHASE_BEGIN_GREEN = 1;
    public static final int PHASE_GAP_OUT = 4;
    public static final int PHASE_MAX_OUT = 5;
    public static final int PHASE_FORCE_OFF = 6;
    public static final int PHASE_GREEN_TERMINATION = 7;
    public static final int PHASE_BEGIN_YELLOW = 8;
    public static final int PHASE_END_YELLOW = 9;
    public static final int PHASE_BEGIN_RED_CLEARANCE = 10;
    public static final int PHASE_END_RED_CLEARANCE = 11;
    public static final int PHASE_INACTIVE = 12;
    public static final int PED_BEGIN_WALK = 21;
    public static final int PED_BEGIN_CLEARANCE = 22;
    public static final int PED_BEGIN_DONT_WALK = 23;
    public static final int PED_CALL = 45;
    public static final int DETECTOR_OFF = 81;
    public static final int DETECTOR_ON = 82;
    public static final int PREEMPT_CALL_ON = 102;
    public static final int PREEMPT_CALL_OFF = 104;
    public static final int COORD_PATTERN_CHANGE = 131;
    public static final int COORD_CYCLE_LENGTH_CHANGE = 132;
    public static final int COORD_OFFSET_CHANGE = 133;
    public static final int COORD_CYCLE_STATE = 150;
    public static final int COORD_YIELD_POINT = 151;
    public static final int PREEMPT_GATE_DOWN = 103;
    public static final int PREEMPT_ENTRY_STARTED = 105;
    public static final int PREEMPT_BEGIN_TRACK_CLEARANCE = 106;
    public static final int PREEMPT_BEGIN_DWELL = 107;
    public static final int PREEMPT_LINK_ACTIVE = 108;
    public static final int PREEMPT_LINK_INACTIVE = 109;
    public static final int PREEMPT_MAX_PRESENCE_EXCEEDED = 110;
    public static final int PREEMPT_BEGIN_EXIT = 111;

    private SignalCodes() {}

    /** Detector events carry a channel in {@code param}; every other interpreted code below 81 carries a phase. */
    public static boolean isDetectorEvent(int code) {
        return code == DETECTOR_OFF || code == DETECTOR_ON;
    }
}
