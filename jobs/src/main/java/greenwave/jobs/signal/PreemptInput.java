package greenwave.jobs.signal;

import greenwave.schemas.SignalCodes;
import greenwave.schemas.SignalMeasure;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * The preemption cycles of one preempt input (the event parameter of codes 102–111), built as the events come and
 * emitted as a {@link SignalMeasure.Preemption} when the cycle is over.
 *
 * <h2>Definition: ATSPM 5 "Preemption Details"</h2>
 * Read in ATSPM 5 ({@code utahudot/udot-atspm}, {@code CycleService.CreatePreemptCycle} and its {@code GetDelay},
 * {@code GetTimeToService}, {@code GetDwellTime}, {@code GetTimeToTrackClear}), which scans one preempt number's
 * events in time order:
 * <ul>
 * <li>a cycle starts at a call (102) followed by an entry (105), or at an entry without a call;</li>
 * <li>106 begin track clearance, 107 begin dwell, 110 max presence exceeded and 104 input off are noted in the open
 * cycle (ATSPM keeps every input on/off in lists; here the first input off after the call is kept);</li>
 * <li>the cycle ends at 111 (begin exit), at the next entry (105), or when no event of the input follows for more than
 * 20 minutes;</li>
 * <li>delay = entry − call; time to service = (track clearance, else dwell) − entry; track clearance time = dwell −
 * track clearance; dwell time = cycle end − dwell.</li>
 * </ul>
 *
 * <h2>Where this differs, and why</h2>
 * <ul>
 * <li>Streaming: ATSPM looks ahead (a 102 starts a cycle only if the next event is a 105; after a 107 it searches for a
 * 111). Here a call waits for its entry instead, and is dropped when its input goes off (104) first, after 20 minutes
 * without an event, or at the end of the data: the same cycles, decided when the deciding event arrives.</li>
 * <li>A call (102) during an open cycle is a re-call and ignored (ATSPM lists it), unless the input already went off:
 * then the open cycle is over without a logged exit and the call opens the next one (ATSPM: the event after the
 * dwell start ends such a cycle).</li>
 * <li>Without a 111, {@code exit_ts} stays null rather than borrowing another event's time, and the dwell is taken to
 * end at input off (in ATSPM the cycle end, in such cycles the event after the dwell start, usually that input off).
 * A cycle that went from track clearance straight to exit has no {@code dwell_ts}, {@code track_clear_s} up to the
 * exit and {@code dwell_time_s} 0 (ATSPM sets the dwell start to the exit).</li>
 * <li>A duration whose ends were not both logged is null, not 0; {@code delay_s} is null without a call.</li>
 * <li>End of the data ({@link #finish}): an entered cycle is emitted as far as known (ATSPM emits it too, ending at the
 * last event); a call that never entered is dropped.</li>
 * </ul>
 */
final class PreemptInput implements Serializable {
    private static final long serialVersionUID = 1L;

    /** ATSPM ends a cycle when the input's next event is more than 20 minutes later. */
    static final long GAP_MS = 20 * 60_000L;

    private static final long NONE = Long.MIN_VALUE;

    private final int number;
    private long lastEventTs = NONE;
    /** The call of the cycle, or of the entry awaited; null if none. */
    private Long callTs;
    /** The entry of the open cycle; {@link #NONE} while no cycle is open. */
    private long entryTs = NONE;

    private Long trackClearTs;
    private Long dwellTs;
    private Long inputOffTs;
    private boolean maxPresenceExceeded;

    PreemptInput(int number) {
        this.number = number;
    }

    /** Nothing open and no call waiting: the state can be dropped. */
    boolean idle() {
        return callTs == null && entryTs == NONE;
    }

    /** The time at which {@link #advance} closes what is open for lack of events. */
    long wakeup() {
        return idle() ? Long.MAX_VALUE : lastEventTs + GAP_MS + 1;
    }

    /** Every event of this input before {@code t} has been given. */
    void advance(String deviceId, long t, Consumer<SignalMeasure> out) {
        if (!idle() && t - lastEventTs > GAP_MS) {
            close(deviceId, out);
        }
    }

    /** A preempt event (102–111) of this input, in time order. */
    void onEvent(String deviceId, long ts, int code, Consumer<SignalMeasure> out) {
        advance(deviceId, ts, out);
        lastEventTs = ts;
        boolean open = entryTs != NONE;
        switch (code) {
            case SignalCodes.PREEMPT_CALL_ON -> {
                if (open && inputOffTs != null) {
                    close(deviceId, out);
                    callTs = ts;
                } else if (!open && callTs == null) {
                    callTs = ts;
                }
            }
            case SignalCodes.PREEMPT_CALL_OFF -> {
                if (open) {
                    if (inputOffTs == null) {
                        inputOffTs = ts;
                    }
                } else {
                    callTs = null; // the call went away before entry: never a cycle
                }
            }
            case SignalCodes.PREEMPT_ENTRY_STARTED -> {
                if (open) {
                    close(deviceId, out);
                }
                entryTs = ts;
            }
            case SignalCodes.PREEMPT_BEGIN_TRACK_CLEARANCE -> {
                if (open && trackClearTs == null) {
                    trackClearTs = ts;
                }
            }
            case SignalCodes.PREEMPT_BEGIN_DWELL -> {
                if (open && dwellTs == null) {
                    dwellTs = ts;
                }
            }
            case SignalCodes.PREEMPT_MAX_PRESENCE_EXCEEDED -> {
                if (open) {
                    maxPresenceExceeded = true;
                }
            }
            case SignalCodes.PREEMPT_BEGIN_EXIT -> {
                if (open) {
                    emit(deviceId, ts, out);
                    reset();
                }
            }
            default -> {} // 103 gate down, 108/109 link: not part of the record
        }
    }

    /** End of the data: an entered cycle is emitted as far as known, a call that never entered is dropped. */
    void finish(String deviceId, Consumer<SignalMeasure> out) {
        close(deviceId, out);
    }

    private void close(String deviceId, Consumer<SignalMeasure> out) {
        if (entryTs != NONE) {
            emit(deviceId, null, out);
        }
        reset();
    }

    private void reset() {
        callTs = null;
        entryTs = NONE;
        trackClearTs = null;
        dwellTs = null;
        inputOffTs = null;
        maxPresenceExceeded = false;
    }

    private void emit(String deviceId, Long exitTs, Consumer<SignalMeasure> out) {
        Long service = trackClearTs != null ? trackClearTs : dwellTs;
        Long trackClearEnd = dwellTs != null ? dwellTs : exitTs;
        Long dwellEnd = exitTs != null ? exitTs : inputOffTs;
        Double dwellTime = null;
        if (dwellTs != null) {
            dwellTime = seconds(dwellTs, dwellEnd);
        } else if (trackClearTs != null && exitTs != null) {
            dwellTime = 0.0;
        }
        out.accept(new SignalMeasure.Preemption(
                deviceId,
                number,
                callTs,
                entryTs,
                trackClearTs,
                dwellTs,
                exitTs,
                inputOffTs,
                seconds(callTs, entryTs),
                seconds(entryTs, service),
                dwellTime,
                seconds(trackClearTs, trackClearEnd),
                maxPresenceExceeded));
    }

    /** {@code to − from} in seconds, or null if either is unknown or they are out of order. */
    private static Double seconds(Long from, Long to) {
        if (from == null || to == null || to < from) {
            return null;
        }
        return (to - from) / 1000.0;
    }
}
