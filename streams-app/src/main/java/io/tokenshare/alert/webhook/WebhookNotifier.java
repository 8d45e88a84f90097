package io.tokenshare.alert.webhook;

import io.tokenshare.avro.ShareAlert;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every alert of the share-alerts topic to a webhook as JSON, with an {@code Idempotency-Key} header of
 * 'alert key|status|detected_at' so that the receiver can drop the repeats that at-least-once delivery allows,
 * while an alert that fires again after a retraction still gets through.
 *
 * <p>An alert's offset is committed only after a 2xx answer, so a restart redelivers whatever was not confirmed and
 * no alert is lost. A failed attempt (5xx, 408, 429, a timeout, a refused or dropped connection) is retried with
 * exponential backoff, for as long as it takes: the partition is paused meanwhile and later alerts wait their turn.
 * Any other answer (a 4xx, a redirect) will not get better by retrying: the alert is logged as given up and skipped;
 * so is a record that cannot be deserialized.
 *
 * <p>{@link #run()} polls until {@link #stop()} is called from another thread:
 * <pre>{@code
 * WebhookNotifier notifier = new WebhookNotifier(WebhookConfig.of(URI.create(url), bootstrapServers, topics),
 *         serdes.forValues(ShareAlert.class).deserializer());
 * Runtime.getRuntime().addShutdownHook(new Thread(notifier::stop));
 * notifier.run();
 * }</pre>
 */
public final class WebhookNotifier implements Runnable {

    /** The header that carries 'alert key|status|detected_at (epoch ms)'. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /** Few records per poll: each may take a request timeout, and the group wants a poll within 5 minutes. */
    private static final int MAX_RECORDS_PER_POLL = 10;

    private final WebhookConfig config;
    private final Deserializer<ShareAlert> alertDeserializer;
    private final HttpClient http;
    private final Map<TopicPartition, Retry> retries = new HashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile KafkaConsumer<String, ShareAlert> consumer;

    /**
     * @param config            where to read and where to post
     * @param alertDeserializer deserializer of the topic's values (the application's Avro serde)
     */
    public WebhookNotifier(WebhookConfig config, Deserializer<ShareAlert> alertDeserializer) {
        this.config = config;
        this.alertDeserializer = alertDeserializer;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a WebhookNotifier runs once; create a new one to run again");
        }
        try (KafkaConsumer<String, ShareAlert> kafka =
                new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), alertDeserializer)) {
            consumer = kafka;
            kafka.subscribe(List.of(config.topic()), new ForgetRetriesOnRevocation());
            log.info("posting alerts of {} to {}", config.topic(), config.url());
            while (!stopRequested) {
                pollOnce(kafka);
            }
        } catch (WakeupException stopping) {
            if (!stopRequested) {
                throw stopping;
            }
        } finally {
            consumer = null;
            finished.countDown();
        }
    }

    /** Stops {@link #run()} after the request in flight, if any, and waits up to 30 s for it to close its consumer. */
    public void stop() {
        stopRequested = true;
        KafkaConsumer<String, ShareAlert> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        if (started.get()) {
            try {
                if (!finished.await(30, TimeUnit.SECONDS)) {
                    log.warn("the webhook notifier did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Alerts the webhook accepted with a 2xx. */
    public long delivered() {
        return delivered.get();
    }

    /** Attempts that failed and were retried. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Records given up on: answers that retrying cannot fix, records that cannot be read. */
    public long givenUp() {
        return givenUp.get();
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The alert stage writes in transactions: never post an alert of an aborted one.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_RECORDS_PER_POLL);
        props.putAll(config.consumerOverrides());
        return props;
    }

    private void pollOnce(KafkaConsumer<String, ShareAlert> kafka) {
        resumeDuePartitions(kafka);
        ConsumerRecords<String, ShareAlert> records;
        try {
            records = kafka.poll(nextPollTimeout());
        } catch (RecordDeserializationException unreadable) {
            giveUpUnreadable(kafka, unreadable);
            return;
        }
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, ShareAlert> record : records.records(partition)) {
                if (stopRequested || !handle(kafka, partition, record)) {
                    break;
                }
            }
        }
    }

    /** Delivers one record; false when it must be retried later, the partition then paused at its offset. */
    private boolean handle(
            KafkaConsumer<String, ShareAlert> kafka,
            TopicPartition partition,
            ConsumerRecord<String, ShareAlert> record) {
        Attempt attempt = record.value() == null ? skipTombstone(partition, record) : post(record.value());
        if (attempt == Attempt.RETRY) {
            Retry retry = retries.merge(partition, Retry.first(config), (old, first) -> old.next(config));
            kafka.seek(partition, record.offset());
            kafka.pause(Set.of(partition));
            log.warn(
                    "will retry alert {} in {} ms (attempt {} failed)",
                    record.key(),
                    retry.waitMillis(),
                    retry.failures());
            return false;
        }
        retries.remove(partition);
        commit(kafka, partition, record.offset() + 1);
        return true;
    }

    private Attempt skipTombstone(TopicPartition partition, ConsumerRecord<String, ShareAlert> record) {
        givenUp.incrementAndGet();
        log.error(
                "gave up on the record at {} offset {} (key {}): it holds no alert",
                partition,
                record.offset(),
                record.key());
        return Attempt.GIVEN_UP;
    }

    /**
     * The same for every delivery of one alert record, different for the next record of the same alert key:
     * a retraction, and a fire after a retraction, which 'key|status' alone would have repeated.
     */
    static String idempotencyKeyOf(ShareAlert alert) {
        return alert.getAlertKey()
                + '|'
                + alert.getStatus()
                + '|'
                + alert.getDetectedAt().toEpochMilli();
    }

    private Attempt post(ShareAlert alert) {
        String idempotencyKey = idempotencyKeyOf(alert);
        HttpRequest request = HttpRequest.newBuilder(config.url())
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY_HEADER, headerSafe(idempotencyKey))
                .POST(HttpRequest.BodyPublishers.ofString(AlertJson.write(alert), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return judge(idempotencyKey, response);
        } catch (IOException failed) {
            failedAttempts.incrementAndGet();
            log.warn("posting alert {} to {} failed: {}", idempotencyKey, config.url(), failed.toString());
            return Attempt.RETRY;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopRequested = true;
            return Attempt.RETRY;
        }
    }

    private Attempt judge(String idempotencyKey, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            delivered.incrementAndGet();
            log.debug("delivered alert {} ({})", idempotencyKey, status);
            return Attempt.DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500) {
            failedAttempts.incrementAndGet();
            log.warn("the webhook answered {} to alert {}", status, idempotencyKey);
            return Attempt.RETRY;
        }
        givenUp.incrementAndGet();
        log.error(
                "gave up on alert {}: the webhook {} answered {} (not retried: a client error or a redirect does not"
                        + " heal by itself), body: {}",
                idempotencyKey,
                config.url(),
                status,
                excerpt(response.body()));
        return Attempt.GIVEN_UP;
    }

    private void giveUpUnreadable(KafkaConsumer<String, ShareAlert> kafka, RecordDeserializationException unreadable) {
        givenUp.incrementAndGet();
        log.error(
                "gave up on the record at {} offset {}: it cannot be read as a ShareAlert ({})",
                unreadable.topicPartition(),
                unreadable.offset(),
                unreadable.getMessage());
        kafka.seek(unreadable.topicPartition(), unreadable.offset() + 1);
        commit(kafka, unreadable.topicPartition(), unreadable.offset() + 1);
    }

    /** Commits synchronously; a stop() racing with the commit must not lose the offset of a delivered alert. */
    private void commit(KafkaConsumer<String, ShareAlert> kafka, TopicPartition partition, long nextOffset) {
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(partition, new OffsetAndMetadata(nextOffset));
        try {
            kafka.commitSync(offsets);
        } catch (WakeupException stopping) {
            kafka.commitSync(offsets);
        }
    }

    private void resumeDuePartitions(KafkaConsumer<String, ShareAlert> kafka) {
        long now = System.nanoTime();
        List<TopicPartition> due = retries.entrySet().stream()
                .filter(e -> e.getValue().dueAt() - now <= 0)
                .map(Map.Entry::getKey)
                .filter(kafka.paused()::contains)
                .toList();
        kafka.resume(due);
    }

    private Duration nextPollTimeout() {
        long now = System.nanoTime();
        long untilDue = retries.values().stream()
                .filter(retry -> retry.dueAt() - now > 0)
                .mapToLong(retry -> retry.dueAt() - now)
                .min()
                .orElse(Long.MAX_VALUE);
        return Duration.ofNanos(Math.min(untilDue, IDLE_POLL.toNanos()));
    }

    /** Header values must be visible ASCII: anything else is percent-encoded as UTF-8. */
    static String headerSafe(String value) {
        StringBuilder safe = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b > 0x20 && b < 0x7f && b != '%') {
                safe.append((char) b);
            } else {
                safe.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return safe.toString();
    }

    private static String excerpt(String body) {
        return body == null ? "" : body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    private enum Attempt {
        DELIVERED,
        RETRY,
        GIVEN_UP
    }

    /** Failed attempts at the head of a partition and when the next may start (System.nanoTime). */
    private record Retry(int failures, long waitMillis, long dueAt) {
        static Retry first(WebhookConfig config) {
            return after(1, config);
        }

        Retry next(WebhookConfig config) {
            return after(failures + 1, config);
        }

        private static Retry after(int failures, WebhookConfig config) {
            Duration wait = config.backoff(failures);
            return new Retry(failures, wait.toMillis(), System.nanoTime() + wait.toNanos());
        }
    }

    /** A revoked partition's retries belong to its next owner, which starts again from the committed offset. */
    private final class ForgetRetriesOnRevocation implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            retries.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing to set up: a partition starts at its committed offset
        }
    }
}
