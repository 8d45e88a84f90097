package io.tokenshare.bench;

import io.tokenshare.avro.ShareRow;
import io.tokenshare.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a share topic as a user would (read_committed, so only rows of committed transactions) from
 * its end at the moment the watcher starts, and hands every row to a listener with the moment it
 * became visible. Runs on its own thread until closed.
 */
final class ShareWatcher implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    // Short, so that a row is seen as soon as its transaction commits rather than when a fetch times out.
    private static final int FETCH_MAX_WAIT_MS = 10;

    /** Told about every share row read. */
    interface Listener {

        /**
         * @param row         the row (never a tombstone)
         * @param computedAtMs the record's timestamp: when the pipeline computed the row
         * @param seenAtMs    when the watcher read it: when it became visible to consumers
         */
        void onRow(ShareRow row, long computedAtMs, long seenAtMs);
    }

    private final KafkaConsumer<String, ShareRow> consumer;
    private final Listener listener;
    private final Thread thread;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private ShareWatcher(KafkaConsumer<String, ShareRow> consumer, Listener listener, String topic) {
        this.consumer = consumer;
        this.listener = listener;
        this.thread = new Thread(this::loop, "share-watcher-" + topic);
        thread.setDaemon(true);
    }

    /** Starts reading {@code topic} from its current end. */
    static ShareWatcher start(String bootstrap, String topic, Listener listener) {
        ConfluentAvroDeserializer<ShareRow> rows = new ConfluentAvroDeserializer<>(ShareRow.class);
        rows.configure(BenchRegistry.serdeConfig(), false);
        Map<String, Object> config = ConsumerRuns.config(bootstrap);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tokenshare-bench-share-watcher");
        KafkaConsumer<String, ShareRow> consumer = new KafkaConsumer<>(config, new StringDeserializer(), rows);
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: ask for the positions now, so that rows written from here on are all seen.
        partitions.forEach(consumer::position);
        ShareWatcher watcher = new ShareWatcher(consumer, listener, topic);
        watcher.thread.start();
        return watcher;
    }

    private void loop() {
        try {
            while (!closing.get()) {
                ConsumerRecords<String, ShareRow> batch = consumer.poll(POLL);
                long seenAt = System.currentTimeMillis();
                for (ConsumerRecord<String, ShareRow> record : batch) {
                    if (record.value() != null) {
                        listener.onRow(record.value(), record.timestamp(), seenAt);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            if (!closing.get()) {
                failure.set(e);
            }
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close();
        }
    }

    /** The error that stopped the watcher, if one did. */
    RuntimeException failure() {
        return failure.get();
    }

    @Override
    public void close() {
        closing.set(true);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
