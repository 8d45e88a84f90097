package io.tokenshare.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Silences, for the demo only, the Kafka messages a newcomer can do nothing about and that say
 * nothing is wrong: producer retries while the previous exactly-once transaction completes
 * (CONCURRENT_TRANSACTIONS), the embedded broker's matching out-of-order-sequence reports on a
 * transaction's first write, metadata warnings while Kafka Streams creates its internal topics, and
 * advice about settings the demo chose on purpose (a temporary state directory). Real errors of
 * tokenshare and of Kafka Streams still show. {@code run} keeps the configured levels.
 */
final class DemoLogging {

    private static final Map<String, Level> LEVELS = Map.of(
            "org.apache.kafka.clients.producer.internals.Sender", Level.ERROR,
            "org.apache.kafka.clients.NetworkClient", Level.ERROR,
            "org.apache.kafka.streams.StreamsConfig", Level.ERROR,
            "org.apache.kafka.streams.processor.internals.StateDirectory", Level.ERROR,
            "kafka.server.DefaultAutoTopicCreationManager", Level.ERROR,
            "kafka.server.ReplicaManager", Level.OFF);

    private DemoLogging() {}

    /** Applies the demo's levels when Logback is the logging backend; does nothing otherwise. */
    static void quietTransientKafkaWarnings() {
        LEVELS.forEach((name, level) -> {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                logger.setLevel(level);
            }
        });
    }
}
