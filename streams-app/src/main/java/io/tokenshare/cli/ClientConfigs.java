package io.tokenshare.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Cuts the one resolved configuration down to what each Kafka client reads (its own keys, security
 * included, and Kafka Streams-style {@code producer.}/{@code consumer.}/{@code admin.} overrides), so
 * that the clients do not warn about every tokenshare and registry key they were handed; and to what
 * the Avro serde reads.
 */
public final class ClientConfigs {

    private ClientConfigs() {}

    public static Map<String, Object> producer(Map<String, ?> config) {
        return select(config, ProducerConfig.configNames(), "producer.");
    }

    public static Map<String, Object> consumer(Map<String, ?> config) {
        return select(config, ConsumerConfig.configNames(), "consumer.");
    }

    public static Map<String, Object> admin(Map<String, ?> config) {
        return select(config, AdminClientConfig.configNames(), "admin.");
    }

    /** The schema-registry and serde keys, as the application hands them to its serdes. */
    public static Map<String, Object> serde(Map<String, ?> config) {
        Map<String, Object> serde = new HashMap<>();
        config.forEach((key, value) -> {
            if (value != null
                    && (key.startsWith("schema.registry.")
                            || key.startsWith("basic.auth.")
                            || key.equals("auto.register.schemas")
                            || key.equals("use.latest.version")
                            || key.startsWith("http."))) {
                serde.put(key, value);
            }
        });
        return serde;
    }

    private static Map<String, Object> select(Map<String, ?> config, Set<String> names, String overridePrefix) {
        Map<String, Object> selected = new HashMap<>();
        config.forEach((key, value) -> {
            if (value != null && names.contains(key)) {
                selected.put(key, value);
            }
        });
        config.forEach((key, value) -> {
            if (value != null && key.startsWith(overridePrefix)) {
                selected.put(key.substring(overridePrefix.length()), value);
            }
        });
        return selected;
    }
}
