package io.tokenshare.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/** Client settings and polling helpers shared by the integration tests. */
public final class KafkaTestClients {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private KafkaTestClients() {}

    /** Producer settings: acknowledged by the (single) replica, nothing lingering. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /** Consumer settings reading a topic from its beginning, without committing offsets. */
    public static Map<String, Object> consumerConfig(String bootstrapServers, String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Polls until at least {@code count} records have arrived, and returns all that did. */
    public static <K, V> List<ConsumerRecord<K, V>> pollAtLeast(Consumer<K, V> consumer, int count) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            consumer.poll(POLL).forEach(received::add);
            return received.size() >= count;
        });
        return received;
    }

    /**
     * Polls the assigned partitions until the consumer's position reaches their end offsets (for a
     * read_committed consumer: the last stable offset), so nothing readable is left behind.
     */
    public static <K, V> List<ConsumerRecord<K, V>> pollToEnd(
            Consumer<K, V> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            consumer.poll(POLL).forEach(received::add);
            return partitions.stream().allMatch(p -> consumer.position(p) >= endOffsets.get(p));
        });
        return received;
    }
}
