package io.tokenshare;

import io.tokenshare.config.RocksDbMemoryBound;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.DeadLetteringDeserializationHandler;
import io.tokenshare.ingest.DeadLetteringProductionHandler;
import io.tokenshare.ingest.IngestAccounting;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings tokenshare runs with unless the user says otherwise: exactly-once,
 * explicitly named internal resources, undecodable input to the dead-letter topic.
 */
public final class StreamsDefaults {

    public static final String DEFAULT_APPLICATION_ID = "tokenshare";
    /** How long the group waits for a silent member before its partitions move to the others. */
    public static final int SESSION_TIMEOUT_MS = 10_000;
    /** How often a member tells the group it is alive: a fifth of the session timeout. */
    public static final int HEARTBEAT_INTERVAL_MS = 1_000;

    private StreamsDefaults() {}

    /**
     * Kafka Streams properties: tokenshare's defaults, overridden by {@code overrides} (any Kafka Streams
     * or client key passes through), plus the wiring that is not a user's choice.
     */
    public static Properties streamsProperties(
            Map<String, ?> overrides, TokenshareSettings settings, IngestAccounting accounting) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
        // The share task reads two repartition topics (usage by week, ingest progress). Waiting to
        // order them by timestamp would tie each one's processing to the other's arrival; nothing
        // here needs that order (a week closes on recorded progress, not stream time), so process
        // whatever has arrived.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // An instance that dies without leaving the group (kill -9, a lost host) keeps its partitions
        // until the coordinator gives up on it, and a restarted instance's rebalance waits for that
        // too: Kafka's 45 s made both take 45 s and more. 10 s (the consumer default before Kafka
        // 3.0, above the broker's 6 s minimum) moves them within 15 s. A member learns of a rebalance
        // from its next heartbeat, and a restarted instance waits for two: every second, not every 2 s.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        // One block cache and write-buffer budget for every RocksDB instance: without it each store,
        // task and window segment takes its own 50 MiB cache and 48 MiB of memtables.
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemoryBound.class.getName());
        Object memoryBound = overrides.get(RocksDbMemoryBound.MEMORY_BOUND);
        p.put(
                RocksDbMemoryBound.MEMORY_BOUND,
                RocksDbMemoryBound.parseBytes(
                        memoryBound == null ? RocksDbMemoryBound.DEFAULT_MEMORY_BOUND : memoryBound));
        overrides.forEach((k, v) -> {
            if (!k.startsWith("tokenshare.") && v != null) {
                p.put(k, v);
            }
        });
        p.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                settings.topics().tokenUsageDlq());
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringDeserializationHandler.class.getName());
        // A record that can never be written must not fail the client on every restart.
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class.getName());
        p.put(IngestAccounting.CONFIG_KEY, accounting);
        return p;
    }
}
