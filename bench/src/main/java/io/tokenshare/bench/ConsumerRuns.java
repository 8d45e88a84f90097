package io.tokenshare.bench;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The two reference readings of token-usage: a plain consumer that only touches the bytes (the I/O
 * limit) and the same consumer decoding every value with the project's Avro deserializer. Both read
 * committed data only, as the pipeline's exactly-once consumer does.
 */
final class ConsumerRuns {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration GIVE_UP_AFTER_IDLE = Duration.ofSeconds(30);

    private ConsumerRuns() {}

    /** How one reading went: records read, key and value bytes seen, values that did not decode, elapsed time. */
    record Reading(long records, long bytes, long undecodable, long nanos) {

        double recordsPerSecond() {
            return records * 1e9 / Math.max(1, nanos);
        }
    }

    /** Where a reading hands its records. */
    interface RecordSink {

        void accept(ConsumerRecord<byte[], byte[]> record);

        /** Values that could not be decoded so far. */
        default long undecodable() {
            return 0;
        }
    }

    /** Reads {@code expected} records, touching only their bytes. */
    static Reading bytesOnly(String bootstrap, String topic, long expected) {
        return read(bootstrap, topic, expected, record -> {});
    }

    /** Reads {@code expected} records and decodes every value into a {@link TokenUsageEvent}. */
    static Reading decoded(String bootstrap, String topic, long expected) {
        try (EventDecoder decoder = new EventDecoder(topic)) {
            return read(bootstrap, topic, expected, decoder);
        }
    }

    /**
     * Reads the topic from the beginning until {@code expected} records have been handed to the sink,
     * timing from the first poll.
     *
     * @throws IllegalStateException when no record arrives for 30 s before the count is reached
     */
    static Reading read(String bootstrap, String topic, long expected, RecordSink sink) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long lastProgress = start;
            while (read < expected) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    bytes += record.serializedKeySize() + record.serializedValueSize();
                    sink.accept(record);
                }
                read += batch.count();
                long now = System.nanoTime();
                if (!batch.isEmpty()) {
                    lastProgress = now;
                } else if (now - lastProgress > GIVE_UP_AFTER_IDLE.toNanos()) {
                    throw new IllegalStateException("reading " + topic + " stalled at " + read + " of " + expected
                            + " records for " + GIVE_UP_AFTER_IDLE.toSeconds() + " s: were they all produced?");
                }
            }
            return new Reading(read, bytes, sink.undecodable(), System.nanoTime() - start);
        }
    }

    static Map<String, Object> config(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tokenshare-bench-reader");
        return config;
    }

    /** Decodes values with the project's deserializer, as the pipeline's source does. */
    static class EventDecoder implements RecordSink, AutoCloseable {

        private final String topic;
        private final ConfluentAvroDeserializer<TokenUsageEvent> deserializer =
                new ConfluentAvroDeserializer<>(TokenUsageEvent.class);
        private long undecodable;
        // Summing a field keeps the JIT from dropping the decode as unused.
        private long tokens;

        EventDecoder(String topic) {
            this.topic = topic;
            deserializer.configure(BenchRegistry.serdeConfig(), false);
        }

        @Override
        public void accept(ConsumerRecord<byte[], byte[]> record) {
            TokenUsageEvent event = decode(record);
            if (event != null) {
                tokens += event.getTotalTokens();
            }
        }

        /** The decoded value, or null (counted) when the bytes are not an event. */
        TokenUsageEvent decode(ConsumerRecord<byte[], byte[]> record) {
            try {
                return deserializer.deserialize(topic, record.value());
            } catch (SerializationException e) {
                undecodable++;
                return null;
            }
        }

        @Override
        public long undecodable() {
            return undecodable;
        }

        @Override
        public void close() {
            deserializer.close();
        }
    }
}
