package io.tokenshare.replay;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Kafka producer that counts acknowledgements and keeps the first failure, so that a publish loop
 * can stop at the first record Kafka refuses and report it with the broker address and timeouts.
 *
 * <p>Settings: the caller's map, plus throughput defaults it did not set ({@code linger.ms} 20,
 * {@code batch.size} 256 KiB, {@code max.block.ms} 15 s so an unreachable broker is reported in
 * seconds rather than a minute). Idempotence and {@code acks=all} are always on, so that retries
 * never duplicate or lose records.
 */
final class TrackedProducer<K, V> implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> config;
    private final KafkaProducer<K, V> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();

    TrackedProducer(Map<String, Object> callerConfig, String clientIdSuffix, Serializer<K> keySerializer,
                    Serializer<V> valueSerializer) {
        this.config = settings(callerConfig, clientIdSuffix);
        this.producer = new KafkaProducer<>(config, keySerializer, valueSerializer);
    }

    static Map<String, Object> settings(Map<String, Object> callerConfig, String clientIdSuffix) {
        if (callerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("The producer settings need " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + " (host:port of at least one broker), got " + callerConfig.keySet());
        }
        Map<String, Object> settings = new HashMap<>(callerConfig);
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG,
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
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                } else {
                    recordFailure(record.topic(), exception);
                }
            });
        } catch (KafkaException e) {
            recordFailure(record.topic(), e);
        }
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
                ? "Kafka at " + bootstrapServers() + " did not acknowledge a record for topic '" + topic
                        + "' within " + setting(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)
                        + " ms (delivery.timeout.ms): check that the broker is up and reachable: " + cause.getMessage()
                : "Kafka at " + bootstrapServers() + " refused a record for topic '" + topic + "': "
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        firstFailure.compareAndSet(null, new Failure(message, cause));
    }

    private Object bootstrapServers() {
        return config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    private Object setting(String name) {
        return config.getOrDefault(name, ProducerConfig.configDef().defaultValues().get(name));
    }

    private record Failure(String message, Exception cause) {
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
