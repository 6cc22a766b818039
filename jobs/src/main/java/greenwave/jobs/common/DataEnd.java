package greenwave.jobs.common;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The data's end: the latest event time a job has seen (the largest {@code ts} of its valid events), used by the bike
 * and food jobs.
 *
 * <p>At the end of a bounded input Flink advances the watermark to {@link Long#MAX_VALUE} and fires every pending
 * event-time timer, however far behind the data the watermark was a moment before. Nothing may be decided then for a
 * time after the data's end: no alarm opens, closes or escalates, no bike is forgotten, no sensor goes offline, no
 * snapshot is taken for a
 * time the data never reached ({@link #beyond}). Up to the data's end everything happens as if the watermark had
 * moved there event by event, so a bounded replay gives the same outputs on every run and at any parallelism. An
 * unbounded job never sees that watermark and is unaffected.
 *
 * <p>Each operator that decides in event time learns the data's end the same way, deterministically:
 * {@link greenwave.jobs.common.LatestEventTime}, right after the events are decoded, keeps the latest ts of its
 * parallel instance and sends it on (broadcast to every instance downstream) whenever it grew, before each watermark
 * it forwards, before its input goes idle, and so before the final watermark. A downstream operator reaches the final watermark only once
 * every upstream instance has sent it, hence after every instance's latest ts: the maximum it keeps in broadcast state
 * ({@link #STATE}) is then the maximum over all events, whichever instance saw which event.
 */
public final class DataEnd {
    static final String KEY = "latest-event-ts";
    /** Nothing is known yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private DataEnd() {}

    /**
     * The broadcast state of a job's operators that decide in event time: {@link #KEY} → the latest event time seen.
     * {@code name} is the state's name in savepoints: one per job, never changed.
     */
    public static MapStateDescriptor<String, Long> state(String name) {
        return new MapStateDescriptor<>(name, Types.STRING, Types.LONG);
    }

    /** The latest event time broadcast so far, or {@link #UNKNOWN}. */
    public static long of(ReadOnlyBroadcastState<String, Long> state) throws Exception {
        Long ts = state.get(KEY);
        return ts == null ? UNKNOWN : ts;
    }

    /** Keeps the larger of what is known and {@code ts}. */
    public static void advance(BroadcastState<String, Long> state, long ts) throws Exception {
        Long known = state.get(KEY);
        if (known == null || ts > known) {
            state.put(KEY, ts);
        }
    }

    /**
     * A timer at {@code ts} firing under {@code watermark} is beyond the data: the input ended (the watermark is at its
     * maximum) and the data never reached {@code ts}. Nothing may be decided for it.
     */
    public static boolean beyond(long ts, long watermark, long dataEnd) {
        return watermark == Long.MAX_VALUE && ts > dataEnd;
    }
}
