package io.tokenshare.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic, from its first record to the end offsets it had when reading started, without
 * a consumer group and without committing anything. Only committed transactions are read
 * ({@code read_committed}), since the app writes its results with exactly-once.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerConfig;
    private final Duration patience;

    /**
     * @param consumerConfig consumer settings; needs {@code bootstrap.servers}, security settings pass through
     * @param patience       how long to wait without any progress before giving up
     */
    public TopicReader(Map<String, Object> consumerConfig, Duration patience) {
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.patience = patience;
    }

    /**
     * The last value of every key of a compacted topic: a later record replaces an earlier one and a
     * tombstone (null value) deletes the key, exactly as compaction will. Keys keep the order in which
     * they were first seen.
     */
    public <K, V> Map<K, V> latestByKey(String topic, Deserializer<K> keys, Deserializer<V> values) {
        Map<K, V> latest = new LinkedHashMap<>();
        readAll(topic, keys, values, record -> {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), record.value());
            }
        });
        return latest;
    }

    /**
     * Hands every record of the topic to {@code each}, partition by partition in offset order.
     *
     * @throws ExportException when the topic does not exist, the broker does not answer, or reading stalls
     */
    public <K, V> void readAll(
            String topic, Deserializer<K> keys, Deserializer<V> values, Consumer<ConsumerRecord<K, V>> each) {
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(consumerConfig, keys, values)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, patience);
            long lastProgress = System.nanoTime();
            while (!reachedEnd(consumer, end)) {
                int polled = 0;
                for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                    each.accept(record);
                    polled++;
                }
                if (polled > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > patience.toNanos()) {
                    throw new ExportException("reading topic " + topic + " from Kafka at " + bootstrapServers()
                            + " made no progress for " + patience.toSeconds() + " s before reaching its end offsets "
                            + end + ": check that the broker is up and that no transaction on the topic is left open");
                }
            }
        } catch (TimeoutException e) {
            throw new ExportException(
                    "Kafka at " + bootstrapServers() + " did not answer within "
                            + patience.toSeconds() + " s while reading topic " + topic
                            + ": check that a broker runs at that address and that this machine can reach it",
                    e);
        } catch (KafkaException e) {
            throw new ExportException(
                    "cannot read topic " + topic + " from Kafka at " + bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, patience);
        if (infos == null || infos.isEmpty()) {
            throw new ExportException("topic " + topic + " does not exist on Kafka at " + bootstrapServers()
                    + ": create the topics with 'tokenshare topics create' and run the app first");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private Object bootstrapServers() {
        return consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }
}
