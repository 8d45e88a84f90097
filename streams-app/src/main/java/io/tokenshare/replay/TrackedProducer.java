package io.tokenshare.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka producer that counts acknowledgements and keeps the first failure, so that a publish loop
 * can stop at the first record Kafka refuses and report it with the broker address and timeouts.
 *
 * <p>Settings: the caller's map, plus throughput defaults it did not set ({@code linger.ms} 20,
 * {@code batch.size} 256 KiB, {@code max.block.ms} 15 s so an unreachable broker is reported in
 * seconds rather than a minute). Idempotence and {@code acks=all} are always on, so that retries
 * never duplicate or lose records.
 *
 * <p>Outages: {@code delivery.timeout.ms} is the outage patience (10 minutes unless set), so records
 * already handed over survive a broker restart; a send that blocks longer than {@code max.block.ms}
 * (the buffer is full, or metadata cannot be fetched) is tried again, with a progress line every
 * attempt, until the broker is back or the patience is spent. Failure messages name the setting that
 * really expired.
 */
final class TrackedProducer<K, V> implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a replay waits for an unreachable broker unless told otherwise. */
    static final Duration DEFAULT_OUTAGE_PATIENCE = Duration.ofMinutes(10);

    private static final long STALL_NOTICE_NANOS = Duration.ofSeconds(20).toNanos();

    private final Map<String, Object> config;
    private final KafkaProducer<K, V> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
    private final Duration patience;
    private final Consumer<String> notices;
    private final AtomicLong sent = new AtomicLong();
    private volatile long lastAckNanos = System.nanoTime();
    private long lastNoticeNanos;
    private long outageStartNanos = -1;

    TrackedProducer(
            Map<String, Object> callerConfig,
            String clientIdSuffix,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer) {
        this(callerConfig, clientIdSuffix, keySerializer, valueSerializer, DEFAULT_OUTAGE_PATIENCE, notice -> {});
    }

    /**
     * @param patience how long to wait out an unreachable broker before giving up
     * @param notices  told a line of progress while the broker does not answer
     */
    TrackedProducer(
            Map<String, Object> callerConfig,
            String clientIdSuffix,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            Duration patience,
            Consumer<String> notices) {
        this.config = settings(callerConfig, clientIdSuffix, patience);
        this.patience = patience;
        this.notices = notices;
        this.producer = new KafkaProducer<>(config, keySerializer, valueSerializer);
    }

    static Map<String, Object> settings(Map<String, Object> callerConfig, String clientIdSuffix) {
        return settings(callerConfig, clientIdSuffix, DEFAULT_OUTAGE_PATIENCE);
    }

    static Map<String, Object> settings(Map<String, Object> callerConfig, String clientIdSuffix, Duration patience) {
        if (callerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("The producer settings need " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + " (host:port of at least one broker), got " + callerConfig.keySet());
        }
        Map<String, Object> settings = new HashMap<>(callerConfig);
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // Records handed over wait this long for a broker to come back; a restart takes tens of seconds.
        settings.putIfAbsent(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, patience.toMillis()));
        settings.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                settings.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "tokenshare-replay") + "-" + clientIdSuffix);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        return settings;
    }

    /**
     * Looks the topic up once so that an unreachable broker or a missing topic is reported as one
     * clear failure, instead of every send waiting out its own timeout.
     */
    void checkReachable(String topic) {
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            String message = e instanceof TimeoutException
                    ? "Kafka at " + bootstrapServers() + " did not answer within "
                            + setting(ProducerConfig.MAX_BLOCK_MS_CONFIG) + " ms (max.block.ms) when looking up topic '"
                            + topic + "': check that a broker runs at that address, that this machine can reach it, "
                            + "and that the topic exists"
                    : "Kafka at " + bootstrapServers() + " could not describe topic '" + topic + "': "
                            + e.getClass().getSimpleName() + ": " + e.getMessage();
            firstFailure.compareAndSet(null, new Failure(message, e));
        }
    }

    /** Sends asynchronously; a failure, now or on acknowledgement, is kept for {@link #failure()}. */
    void send(ProducerRecord<K, V> record) {
        send(record, null);
    }

    /**
     * Sends asynchronously, waiting out an unreachable broker for up to the patience; {@code onAck} runs
     * when the record is acknowledged. A failure, now or on acknowledgement, is kept for {@link #failure()}.
     */
    void send(ProducerRecord<K, V> record, Runnable onAck) {
        while (!trySend(record, onAck)) {
            long now = System.nanoTime();
            if (outageStartNanos < 0) {
                outageStartNanos = now - Duration.ofMillis(maxBlockMs()).toNanos();
            }
            long outageMs = Duration.ofNanos(now - outageStartNanos).toMillis();
            if (outageMs >= patience.toMillis()) {
                String message = "Kafka at " + bootstrapServers() + " stayed unreachable for " + outageMs / 1000
                        + " s: a send to topic '" + record.topic() + "' waited " + maxBlockMs()
                        + " ms (max.block.ms) each time, and the outage patience of " + patience.toSeconds()
                        + " s (--outage-patience) is spent";
                firstFailure.compareAndSet(null, new Failure(message, new TimeoutException(message)));
                return;
            }
            notices.accept("Kafka at " + bootstrapServers() + " unreachable for " + outageMs / 1000
                    + " s, still waiting (up to " + patience.toSeconds() + " s, --outage-patience)…");
        }
        if (outageStartNanos >= 0) {
            notices.accept("Kafka at " + bootstrapServers() + " answers again after "
                    + Duration.ofNanos(System.nanoTime() - outageStartNanos).toSeconds() + " s; going on");
            outageStartNanos = -1;
        }
    }

    /** False when the send blocked longer than max.block.ms: the record was not taken and may be sent again. */
    private boolean trySend(ProducerRecord<K, V> record, Runnable onAck) {
        Thread caller = Thread.currentThread();
        boolean[] blocked = {false};
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                    lastAckNanos = System.nanoTime();
                    if (onAck != null) {
                        onAck.run();
                    }
                } else if (Thread.currentThread() == caller && exception instanceof TimeoutException) {
                    // Called back within send(): the record never reached the buffer.
                    blocked[0] = true;
                } else {
                    recordFailure(record.topic(), exception);
                }
            });
        } catch (TimeoutException e) {
            blocked[0] = true;
        } catch (KafkaException e) {
            recordFailure(record.topic(), e);
        }
        if (!blocked[0]) {
            sent.incrementAndGet();
        }
        return !blocked[0];
    }

    /**
     * Prints a progress line when records are waiting and none was acknowledged for a while: a broker
     * outage while the buffer still has room blocks nothing, so only the silence shows it.
     */
    void noticeIfStalled() {
        long now = System.nanoTime();
        if (sent.get() > acknowledged.get() + failedCount()
                && now - lastAckNanos > STALL_NOTICE_NANOS
                && now - lastNoticeNanos > STALL_NOTICE_NANOS) {
            lastNoticeNanos = now;
            notices.accept("Kafka at " + bootstrapServers() + " has acknowledged nothing for "
                    + Duration.ofNanos(now - lastAckNanos).toSeconds() + " s, still waiting (records wait up to "
                    + setting(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG) + " ms, delivery.timeout.ms)…");
        }
    }

    private long failedCount() {
        return firstFailure.get() == null ? 0 : 1;
    }

    private long maxBlockMs() {
        return Long.parseLong(String.valueOf(setting(ProducerConfig.MAX_BLOCK_MS_CONFIG)));
    }

    boolean hasFailed() {
        return firstFailure.get() != null;
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Waits until every record sent so far is acknowledged or has failed. */
    void flush() {
        producer.flush();
    }

    /** The first failure, as an exception naming the broker, topic and relevant timeout; null if none. */
    PublishException failure(PublishReport report) {
        Failure failure = firstFailure.get();
        return failure == null ? null : new PublishException(failure.message(), report, failure.cause());
    }

    private void recordFailure(String topic, Exception cause) {
        if (firstFailure.get() != null) {
            return;
        }
        String message = cause instanceof TimeoutException
                ? timeoutMessage(topic, cause)
                : "Kafka at " + bootstrapServers() + " refused a record for topic '" + topic + "': "
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        firstFailure.compareAndSet(null, new Failure(message, cause));
    }

    /**
     * Names the timeout that expired: a batch that waited too long for acknowledgement is
     * delivery.timeout.ms; metadata or buffer space not obtained in time is max.block.ms.
     */
    private String timeoutMessage(String topic, Exception cause) {
        String text = String.valueOf(cause.getMessage());
        boolean blocked =
                text.contains("metadata") || text.contains("max blocking time") || text.contains("max.block.ms");
        String setting = blocked ? ProducerConfig.MAX_BLOCK_MS_CONFIG : ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
        return "Kafka at " + bootstrapServers()
                + (blocked ? " could not take a record for topic '" : " did not acknowledge a record for topic '")
                + topic + "' within " + setting(setting) + " ms (" + setting
                + "): check that the broker is up and reachable: "
                + cause.getMessage();
    }

    private Object bootstrapServers() {
        return config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    private Object setting(String name) {
        return config.getOrDefault(
                name, ProducerConfig.configDef().defaultValues().get(name));
    }

    private record Failure(String message, Exception cause) {}

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
