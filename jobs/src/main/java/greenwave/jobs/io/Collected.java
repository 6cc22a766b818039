package greenwave.jobs.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.CloseableIterator;

/**
 * Gathers the records of a bounded job's streams into lists. Each stream is drained on its own thread: the
 * streams often share an upstream operator, and one undrained stream would hold back the others.
 */
public final class Collected<T> {
    private final CloseableIterator<T> iterator;
    private Future<List<T>> result;

    private Collected(CloseableIterator<T> iterator) {
        this.iterator = iterator;
    }

    /** Registers {@code stream} for collection; call before the job is executed. */
    public static <T> Collected<T> of(DataStream<T> stream) {
        return new Collected<>(stream.collectAsync());
    }

    /** Starts draining; call right after the job was submitted (e.g. {@code env.executeAsync()}). */
    public Collected<T> startDraining(ExecutorService pool) {
        result = pool.submit(() -> {
            List<T> out = new ArrayList<>();
            try (CloseableIterator<T> it = iterator) {
                it.forEachRemaining(out::add);
            }
            return out;
        });
        return this;
    }

    public List<T> get() throws Exception {
        return result.get();
    }

    /** A pool with one thread per collected stream. */
    public static ExecutorService pool(int streams) {
        return Executors.newFixedThreadPool(streams, r -> {
            Thread t = new Thread(r, "collect");
            t.setDaemon(true);
            return t;
        });
    }
}
