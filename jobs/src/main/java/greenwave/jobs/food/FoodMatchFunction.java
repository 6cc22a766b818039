package greenwave.jobs.food;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.util.OutputTag;

/**
 * Turns a rule's CEP matches, or its timed-out partial matches (where the timeout is the violation), into
 * {@link FoodSignal}s for the episode function. Timeouts go to {@link #TIMEOUTS}.
 */
public final class FoodMatchFunction extends PatternProcessFunction<FoodEvent, FoodSignal>
        implements TimedOutPartialMatchHandler<FoodEvent> {
    public static final OutputTag<FoodSignal> TIMEOUTS = new OutputTag<>("food-timeouts") {};

    /** A serializable key function. */
    public interface Key extends Function<FoodEvent, String>, java.io.Serializable {}

    private final String matchTag;
    private final String timeoutTag;
    private final long timeoutAfterMs;
    private final Key key;

    /**
     * @param matchTag       tag of full matches, null to drop them (a full match is the near miss)
     * @param timeoutTag     tag of timed-out partial matches, null to drop them
     * @param timeoutAfterMs a timeout takes effect at its first event's time + this
     */
    public FoodMatchFunction(String matchTag, String timeoutTag, long timeoutAfterMs, Key key) {
        this.matchTag = matchTag;
        this.timeoutTag = timeoutTag;
        this.timeoutAfterMs = timeoutAfterMs;
        this.key = key;
    }

    private static List<FoodEvent> flatten(Map<String, List<FoodEvent>> match) {
        List<FoodEvent> all = new ArrayList<>();
        for (List<FoodEvent> events : match.values()) {
            all.addAll(events);
        }
        all.sort((a, b) -> a.ts() != b.ts() ? Long.compare(a.ts(), b.ts()) : Integer.compare(a.order(), b.order()));
        return all;
    }

    @Override
    public void processMatch(
            Map<String, List<FoodEvent>> match, Context ctx, org.apache.flink.util.Collector<FoodSignal> out) {
        if (matchTag == null) {
            return;
        }
        List<FoodEvent> events = flatten(match);
        FoodEvent last = events.get(events.size() - 1);
        out.collect(new FoodSignal(key.apply(last), matchTag, last.ts(), events));
    }

    @Override
    public void processTimedOutMatch(Map<String, List<FoodEvent>> match, Context ctx) {
        if (timeoutTag == null) {
            return;
        }
        List<FoodEvent> events = flatten(match);
        FoodEvent first = events.get(0);
        ctx.output(TIMEOUTS, new FoodSignal(key.apply(first), timeoutTag, first.ts() + timeoutAfterMs, events));
    }
}
