package greenwave.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of JSON lines to and from Kafka topics: one record per line, the line's bytes as the value.
 *
 * <ul>
 *   <li>{@link #publish} sends every line unchanged (malformed lines too: the pipeline dead-letters them), keyed by a
 *       JSON field when the line parses as a JSON object having it. Empty lines are skipped; a trailing {@code \r} is
 *       part of the line ending. {@code .gz} files are read compressed.</li>
 *   <li>{@link #dump} writes what a {@code read_committed} consumer sees from the beginning up to the end offsets at
 *       the time of the call, partition by partition in offset order, one value per line (tombstones skipped).
 *       An output name ending in {@code .gz} is written compressed.</li>
 * </ul>
 */
public final class KafkaJsonLines {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaJsonLines.class);
    private static final long PROGRESS_EVERY = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private KafkaJsonLines() {}

    /**
     * Sends each non-empty line of {@code file} ({@code .jsonl} or {@code .jsonl.gz}) to {@code topic} with an
     * idempotent producer and waits until all are acknowledged.
     *
     * @param keyField the JSON field whose value (as text) is the record key; {@code null} = no keys
     * @return the number of records sent
     */
    public static long publish(String bootstrap, String topic, Path file, String keyField) throws IOException {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        conf.put(ProducerConfig.ACKS_CONFIG, "all");
        conf.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        conf.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        conf.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        conf.put(ProducerConfig.CLIENT_ID_CONFIG, "greenwave-publish-" + topic);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long count = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer());
                LineReader lines = new LineReader(open(file))) {
            byte[] line;
            while ((line = lines.next()) != null) {
                if (line.length == 0) {
                    continue;
                }
                if (failure.get() != null) {
                    break;
                }
                producer.send(new ProducerRecord<>(topic, key(line, keyField), line), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if (++count % PROGRESS_EVERY == 0) {
                    LOG.info("{}: {} records sent to {}", file.getFileName(), count, topic);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IOException("publishing " + file + " to " + topic + " failed", failure.get());
        }
        LOG.info(
                "{}: {} records published to {} in {} ms",
                file.getFileName(),
                count,
                topic,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return count;
    }

    /**
     * Writes the committed values of {@code topic} to {@code out}, one per line.
     *
     * @return the number of values written
     */
    public static long dump(String bootstrap, String topic, Path out) throws IOException {
        return dump(bootstrap, topic, out, Map.of());
    }

    /**
     * Writes the committed values of {@code topic} from the given offsets per partition (partitions not named: from
     * the beginning) to its current end, one per line: what one batch added to an output topic.
     *
     * @return the number of values written
     */
    public static long dump(String bootstrap, String topic, Path out, Map<Integer, Long> fromOffsets)
            throws IOException {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        conf.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        conf.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        conf.put(ConsumerConfig.CLIENT_ID_CONFIG, "greenwave-dump-" + topic);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        long count = 0;
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                OutputStream w = create(out)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IOException("no such topic: " + topic);
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            partitions.sort(Comparator.comparingInt(TopicPartition::partition));
            // read_committed: the end offsets are the last stable offsets
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                consumer.assign(List.of(tp));
                Long from = fromOffsets.get(tp.partition());
                if (from == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, from);
                }
                long lastProgress = System.nanoTime();
                while (consumer.position(tp, Duration.ofSeconds(30)) < end) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                            throw new IOException("no progress reading " + tp + " at offset " + consumer.position(tp)
                                    + " of " + end + " for 60 s");
                        }
                        continue;
                    }
                    lastProgress = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.offset() >= end) {
                            break;
                        }
                        if (r.value() == null) {
                            continue;
                        }
                        w.write(r.value());
                        w.write('\n');
                        if (++count % PROGRESS_EVERY == 0) {
                            LOG.info("{}: {} records written from {}", out.getFileName(), count, topic);
                        }
                    }
                }
            }
        }
        LOG.info(
                "{}: {} records dumped from {} in {} ms",
                out.getFileName(),
                count,
                topic,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return count;
    }

    /** The key for a line: the text of {@code keyField} if the line is a JSON object with a scalar there. */
    static byte[] key(byte[] line, String keyField) {
        if (keyField == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode k = node == null ? null : node.get(keyField);
            if (node == null || !node.isObject() || k == null || !k.isValueNode() || k.isNull()) {
                return null;
            }
            return k.asText().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static OutputStream create(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return file.getFileName().toString().endsWith(".gz")
                ? new BufferedOutputStream(new GZIPOutputStream(out, 1 << 16), 1 << 16)
                : new BufferedOutputStream(out, 1 << 16);
    }

    /** Splits a byte stream at {@code \n} (dropping a preceding {@code \r}) without decoding it. */
    static final class LineReader implements AutoCloseable {
        private final InputStream in;
        private final byte[] chunk = new byte[1 << 16];
        private int pos;
        private int limit;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its terminator, or null at the end. */
        byte[] next() throws IOException {
            line.reset();
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    limit = in.read(chunk, 0, chunk.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return any ? strip(line.toByteArray()) : null;
                    }
                }
                any = true;
                int start = pos;
                while (pos < limit && chunk[pos] != '\n') {
                    pos++;
                }
                line.write(chunk, start, pos - start);
                if (pos < limit) { // found a newline
                    pos++;
                    return strip(line.toByteArray());
                }
            }
        }

        private static byte[] strip(byte[] l) {
            return l.length > 0 && l[l.length - 1] == '\r' ? java.util.Arrays.copyOf(l, l.length - 1) : l;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
