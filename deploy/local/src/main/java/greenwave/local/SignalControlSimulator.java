package greenwave.local;

import greenwave.schemas.Contract;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.Decoded;
import greenwave.schemas.PlanAck;
import greenwave.schemas.TimingPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small simulated signal-control system, for the demo and tests: it behaves as the real one would at the far end of
 * {@code signal.timing-plans}. It reads the plans a transactional producer has committed ({@code read_committed}, so
 * a plan of an aborted transaction is never seen) and answers each on {@code signal.plan-acks} (key {@code device_id}):
 *
 * <ul>
 *   <li>{@code accepted} at {@code issued_at} + the answer delay, then {@code applied} at {@code effective_at} (or at
 *       the acceptance, if the plan was already effective by then);</li>
 *   <li>{@code rejected}, with the reason, at {@code issued_at} + the answer delay, when the plan fails the
 *       controller's own check: a cycle above the controller's maximum;</li>
 *   <li>nothing at all for a device in the offline set (to demonstrate the "plan not applied" alert).</li>
 * </ul>
 *
 * <p>Deterministic: ack times come from the plan, never from the wall clock, so a replay gives the same acks. Where
 * it has read to is kept as the offsets of its consumer group (committed after its acks are acknowledged by the
 * broker), so each plan is answered once per group; like any producer in the contract it delivers at least once (a
 * crash between acking and committing answers again, which the ack tracker takes as harmless duplicates).
 *
 * <p>Two ways to run: {@link #start()} answers plans in a background thread as they are committed, until
 * {@link #close()}; {@link #drain()} answers, once, everything committed so far and returns. Use one or the other.
 */
public final class SignalControlSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalControlSimulator.class);

    /** Consumer group of the simulator's reading position (the real system's would be its own, too). */
    public static final String DEFAULT_GROUP = "greenwave-signal-control-simulator";
    /** The default delay between a plan's issue and the controller's answer. */
    public static final Duration DEFAULT_ANSWER_DELAY = Duration.ofSeconds(5);

    /** What one {@link #drain()} (or the thread so far) did. */
    public record Answered(int plans, int accepted, int applied, int rejected, int unanswered) {
        Answered plus(Answered o) {
            return new Answered(
                    plans + o.plans,
                    accepted + o.accepted,
                    applied + o.applied,
                    rejected + o.rejected,
                    unanswered + o.unanswered);
        }
    }

    private final String bootstrapServers;
    private final String plansTopic;
    private final String acksTopic;
    private final String groupId;
    private final int maxCycleS;
    private final Set<String> offlineDevices;
    private final long answerDelayMs;
    private final ContractCodec codec = ContractCodec.shared();

    private final AtomicReference<Answered> total = new AtomicReference<>(new Answered(0, 0, 0, 0, 0));
    private volatile boolean stopping;
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> threadConsumer;
    private volatile Exception threadFailure;

    /**
     * @param maxCycleS      the controllers' maximum cycle: a plan with a longer cycle is rejected
     * @param offlineDevices devices that never answer
     * @param answerDelay    time from a plan's {@code issued_at} to the controller's answer
     */
    public SignalControlSimulator(
            String bootstrapServers,
            String plansTopic,
            String acksTopic,
            String groupId,
            int maxCycleS,
            Set<String> offlineDevices,
            Duration answerDelay) {
        this.bootstrapServers = bootstrapServers;
        this.plansTopic = plansTopic;
        this.acksTopic = acksTopic;
        this.groupId = groupId;
        this.maxCycleS = maxCycleS;
        this.offlineDevices = Set.copyOf(offlineDevices);
        this.answerDelayMs = answerDelay.toMillis();
    }

    /** Every device online, the default group and answer delay. */
    public SignalControlSimulator(String bootstrapServers, String plansTopic, String acksTopic, int maxCycleS) {
        this(bootstrapServers, plansTopic, acksTopic, DEFAULT_GROUP, maxCycleS, Set.of(), DEFAULT_ANSWER_DELAY);
    }

    /** The acks the controller sends for {@code plan}, in order; empty for an offline device. */
    public List<PlanAck> answer(TimingPlan plan) {
        if (offlineDevices.contains(plan.deviceId())) {
            return List.of();
        }
        long answeredAt = plan.issuedAt() + answerDelayMs;
        if (plan.cycleS() > maxCycleS) {
            return List.of(new PlanAck(
                    plan.planId(),
                    plan.deviceId(),
                    answeredAt,
                    PlanAck.REJECTED,
                    "cycle " + plan.cycleS() + " s above the controller's maximum of " + maxCycleS + " s"));
        }
        return List.of(
                new PlanAck(plan.planId(), plan.deviceId(), answeredAt, PlanAck.ACCEPTED, null),
                new PlanAck(
                        plan.planId(),
                        plan.deviceId(),
                        Math.max(plan.effectiveAt(), answeredAt),
                        PlanAck.APPLIED,
                        null));
    }

    /** Answers every plan committed on the plans topic since the group's last position, then returns. */
    public Answered drain() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions = assignFromCommitted(consumer);
            // read_committed: the end offsets are the last stable offsets, i.e. what has been committed
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Answered answered = new Answered(0, 0, 0, 0, 0);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                answered = answered.plus(answerBatch(consumer, producer, consumer.poll(Duration.ofMillis(500))));
            }
            total.accumulateAndGet(answered, Answered::plus);
            return answered;
        }
    }

    /** Starts answering in a background thread, as plans are committed; {@link #close()} stops it. */
    public synchronized SignalControlSimulator start() {
        if (thread != null) {
            return this;
        }
        threadConsumer = consumer();
        thread = new Thread(this::runLoop, "signal-control-simulator");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Plans answered so far by this simulator (drains and thread). */
    public Answered answered() {
        return total.get();
    }

    /** The background thread's failure, if it stopped on one. */
    public Exception failure() {
        return threadFailure;
    }

    private void runLoop() {
        try (KafkaConsumer<byte[], byte[]> consumer = threadConsumer;
                KafkaProducer<byte[], byte[]> producer = producer()) {
            assignFromCommitted(consumer);
            while (!stopping) {
                Answered a = answerBatch(consumer, producer, consumer.poll(Duration.ofMillis(500)));
                total.accumulateAndGet(a, Answered::plus);
            }
        } catch (WakeupException stopped) {
            // close() woke the consumer up
        } catch (Exception e) {
            threadFailure = e;
            LOG.error("the simulated signal-control system stopped", e);
        }
    }

    /** Stops the background thread, if running; idempotent. */
    @Override
    public synchronized void close() {
        stopping = true;
        if (thread != null) {
            threadConsumer.wakeup();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /**
     * Sends the acks of a batch of plans, waits until the broker has them, then records the position: a plan is
     * never marked as read before its answer is safely written.
     */
    private Answered answerBatch(
            KafkaConsumer<byte[], byte[]> consumer,
            KafkaProducer<byte[], byte[]> producer,
            Iterable<ConsumerRecord<byte[], byte[]>> records) {
        int plans = 0;
        int accepted = 0;
        int applied = 0;
        int rejected = 0;
        int unanswered = 0;
        Map<TopicPartition, OffsetAndMetadata> position = new HashMap<>();
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            position.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            Decoded<TimingPlan> decoded = r.value() == null
                    ? Decoded.failure("tombstone")
                    : codec.decode(Contract.SIGNAL_TIMING_PLANS, r.value(), TimingPlan.class);
            if (!decoded.ok()) {
                // A real controller cannot answer what it cannot read; the pipeline never sends such a record.
                LOG.warn("unreadable plan at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), decoded.error());
                continue;
            }
            plans++;
            List<PlanAck> acks = answer(decoded.value());
            if (acks.isEmpty()) {
                unanswered++;
            }
            for (PlanAck ack : acks) {
                switch (ack.status()) {
                    case PlanAck.ACCEPTED -> accepted++;
                    case PlanAck.APPLIED -> applied++;
                    default -> rejected++;
                }
                sent.add(producer.send(new ProducerRecord<>(
                        acksTopic, codec.keyBytes(Contract.SIGNAL_PLAN_ACKS, ack), codec.encode(ack))));
            }
        }
        if (position.isEmpty()) {
            return new Answered(0, 0, 0, 0, 0);
        }
        producer.flush();
        for (var f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending acks", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("sending acks to " + acksTopic + " failed", e.getCause());
            }
        }
        consumer.commitSync(position);
        return new Answered(plans, accepted, applied, rejected, unanswered);
    }

    /** Assigns every partition of the plans topic, each at the group's committed offset (or its beginning). */
    private List<TopicPartition> assignFromCommitted(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(plansTopic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("no such topic: " + plansTopic);
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed =
                consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(30));
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            if (at == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, at.offset());
            }
        }
        if (!fromStart.isEmpty()) { // an empty list would mean every assigned partition
            consumer.seekToBeginning(fromStart);
        }
        return partitions;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        conf.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Only plans of committed transactions: an aborted plan was never sent.
        conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        conf.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        conf.put(ConsumerConfig.CLIENT_ID_CONFIG, "signal-control-simulator");
        return new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> conf = new HashMap<>();
        conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        conf.put(ProducerConfig.ACKS_CONFIG, "all");
        conf.put(ProducerConfig.CLIENT_ID_CONFIG, "signal-control-simulator");
        return new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
