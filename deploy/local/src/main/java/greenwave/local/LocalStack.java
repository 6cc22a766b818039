package greenwave.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local environment under one data directory: a Kafka broker ({@link EmbeddedKafka}) and an Iceberg
 * warehouse ({@link LocalWarehouse}), plus Flink settings ({@link LocalFlink}) whose checkpoints live there too.
 *
 * <pre>
 *   &lt;dataDir&gt;/kafka/              broker log directory (topics, offsets, transactions)
 *   &lt;dataDir&gt;/iceberg/catalog.db   Iceberg JDBC catalog (SQLite)
 *   &lt;dataDir&gt;/iceberg/warehouse/   table data and metadata
 *   &lt;dataDir&gt;/flink/checkpoints/   retained checkpoints, one directory per job name
 *   &lt;dataDir&gt;/.lock                held while a stack runs on this directory
 *   &lt;dataDir&gt;/stack.properties     how to reach the running stack (broker, SQL gateway, REST catalog)
 * </pre>
 * Another process finds a running stack's services with {@link #running(Path)}, e.g. {@code ./greenwave sql} while
 * {@code ./greenwave run} is up.
 *
 * Everything persists: starting again on the same directory keeps topics, data, tables and checkpoints. Delete the
 * directory to start from scratch. The default directory is {@link #defaultDataDir()}.
 *
 * <p>Shutdown: {@link #close()} is idempotent and thread-safe, stops the warehouse then the broker, and never throws,
 * so it can run from a shutdown hook ({@link #closeOnShutdown()}) and from a normal exit path alike. Stop Flink jobs
 * before closing the stack (they write to the broker and the warehouse).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Path dataDir;
    private final int kafkaPort;
    private final int restPort;
    private FileChannel lockChannel;
    private FileLock lock;
    private EmbeddedKafka kafka;
    private LocalWarehouse warehouse;
    private boolean closed;
    private final Deque<AutoCloseable> dependents = new ArrayDeque<>();

    /**
     * @param dataDir   the data directory (created if missing)
     * @param kafkaPort the broker's client port, 0 = a free one
     * @param restPort  the Flink web UI port for {@link #flinkConfiguration(String)}, 0 = a free one
     */
    public LocalStack(Path dataDir, int kafkaPort, int restPort) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.kafkaPort = kafkaPort;
        this.restPort = restPort;
    }

    /** A stack on {@link #defaultDataDir()}, Kafka on a free port, the web UI on 8081. */
    public LocalStack() {
        this(defaultDataDir(), 0, LocalFlink.DEFAULT_REST_PORT);
    }

    /**
     * The default data directory: system property {@code greenwave.data.dir}, else environment variable
     * {@code GREENWAVE_DATA_DIR}, else {@code .greenwave} in the repository (system property {@code greenwave.repo},
     * set by the {@code ./greenwave} launcher), else {@code .greenwave} in the working directory.
     */
    public static Path defaultDataDir() {
        String dir = System.getProperty("greenwave.data.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("GREENWAVE_DATA_DIR");
        }
        if (dir != null && !dir.isBlank()) {
            return Paths.get(dir).toAbsolutePath().normalize();
        }
        String repo = System.getProperty("greenwave.repo");
        Path base = repo == null || repo.isBlank() ? Paths.get("") : Paths.get(repo);
        return base.resolve(".greenwave").toAbsolutePath().normalize();
    }

    /** Locks the data directory, starts the broker and opens the warehouse. */
    public synchronized LocalStack start() {
        if (closed) {
            throw new IllegalStateException("this stack was closed; create a new one");
        }
        if (kafka != null) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            lockDataDir();
            kafka = new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort).start();
            warehouse = new LocalWarehouse(dataDir.resolve("iceberg"));
            warehouse.catalog(); // fail now, not in the first job, if the catalog cannot be opened
            advertise(BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the local stack in " + dataDir, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info(
                "local stack up in {} ms: Kafka {}, Iceberg warehouse {}, data in {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                kafka.bootstrapServers(),
                warehouse.dir(),
                dataDir);
        return this;
    }

    /** Key of {@link #running}'s properties: the broker's bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    private static final String STACK_PROPERTIES = "stack.properties";

    /**
     * Records how to reach a service of this stack (e.g. {@code sql-gateway.url}) in {@code stack.properties}, for
     * other processes ({@link #running}).
     */
    public synchronized void advertise(String key, String value) {
        Path file = dataDir.resolve(STACK_PROPERTIES);
        Properties p = new Properties();
        try {
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    p.load(in);
                }
            }
            p.setProperty(key, value);
            try (var out = Files.newOutputStream(file)) {
                p.store(out, "the running greenwave stack (deleted when it stops)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The services of the stack another process runs on {@code dataDir} (see {@link #advertise}), or empty when no
     * stack runs there.
     */
    public static Optional<Properties> running(Path dataDir) {
        Path lockFile = dataDir.resolve(".lock");
        Path file = dataDir.resolve(STACK_PROPERTIES);
        if (!Files.exists(lockFile) || !Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                probe = null; // held in this JVM
            }
            if (probe != null) {
                probe.release();
                return Optional.empty(); // nobody holds it: a leftover file of a stopped stack
            }
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            return Optional.of(p);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Registers a JVM shutdown hook that closes this stack (for Ctrl-C); returns this. */
    public LocalStack closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "greenwave-local-stack-shutdown"));
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    public EmbeddedKafka kafka() {
        requireStarted();
        return kafka;
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    public LocalWarehouse warehouse() {
        requireStarted();
        return warehouse;
    }

    /** {@code <dataDir>/flink}. */
    public Path flinkDir() {
        return dataDir.resolve("flink");
    }

    /**
     * Flink settings for the job {@code jobName}: those of {@link LocalFlink#configuration}, resuming from the job's
     * newest retained checkpoint if there is one.
     */
    public Configuration flinkConfiguration(String jobName) {
        Configuration conf = LocalFlink.configuration(flinkDir(), jobName, restPort);
        LocalFlink.resumeFromLatest(conf, LocalFlink.checkpointDir(flinkDir(), jobName))
                .ifPresent(p -> LOG.info("job {} resumes from {}", jobName, p));
        return conf;
    }

    /** Creates the topics (idempotent); see {@link EmbeddedKafka#createTopics}. */
    public void createTopics(Map<String, TopicSpec> topics) {
        kafka().createTopics(topics);
    }

    /**
     * Registers a service that uses this stack (e.g. the SQL gateway): {@link #close()} closes it, newest first,
     * before the warehouse and the broker.
     */
    public synchronized void closeBefore(AutoCloseable dependent) {
        dependents.push(dependent);
    }

    /** Stops the warehouse and the broker and releases the data directory; idempotent, never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!dependents.isEmpty()) {
            AutoCloseable dependent = dependents.pop();
            try {
                dependent.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", dependent, e);
            }
        }
        if (warehouse != null) {
            try {
                warehouse.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the warehouse failed", e);
            }
        }
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping the Kafka broker failed", e);
            }
        }
        try {
            if (lock != null) {
                Files.deleteIfExists(dataDir.resolve(STACK_PROPERTIES)); // ours only while we hold the lock
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("releasing {} failed", dataDir.resolve(".lock"), e);
        }
        LOG.info("local stack in {} stopped", dataDir);
    }

    private void lockDataDir() throws IOException {
        lockChannel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("another greenwave stack is running on " + dataDir
                    + " (stop it, or choose another data directory)");
        }
    }

    private synchronized void requireStarted() {
        if (kafka == null || closed) {
            throw new IllegalStateException("the local stack is not running; call start()");
        }
    }
}
