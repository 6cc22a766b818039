package greenwave.jobs.food;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The data's end for the food job (as {@code greenwave.jobs.bike.DataEnd} for the bike job): at the end of a bounded
 * input the watermark jumps to its maximum and every CEP window times out at once; nothing is decided for a time the
 * data never reached (no sensor goes offline, no excursion opens or escalates after the last event). Each instance of
 * {@link greenwave.jobs.common.LatestEventTime} sends its latest event time, broadcast, ahead of each watermark it
 * forwards, so it reaches the episode function before the final watermark. An unbounded job never sees that watermark and is unaffected.
 */
public final class FoodDataEnd {
    public static final MapStateDescriptor<String, Long> STATE = new MapStateDescriptor<>("food-data-end",
            Types.STRING, Types.LONG);
    static final String KEY = "latest-event-ts";

    private FoodDataEnd() {
    }

    /** A decision at {@code ts} under {@code watermark} is beyond the data. */
    static boolean beyond(long ts, long watermark, Long dataEnd) {
        return watermark == Long.MAX_VALUE && (dataEnd == null || ts > dataEnd);
    }
}
