package io.tokenshare.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The application's {@link AvroSerdes}: Confluent-wire serdes on the configured schema registry, one
 * per type and role, shared by every stream thread (the serdes are thread-safe). They share one registry
 * client: each opening its own cost about twenty HTTP clients, each with a thread and a cache of its own,
 * created at every start.
 */
public final class SchemaRegistryAvroSerdes implements AvroSerdes {

    private final Map<String, Object> configs;
    private final Map<Class<?>, Serde<?>> valueSerdes = new ConcurrentHashMap<>();
    private final Map<Class<?>, Serde<?>> keySerdes = new ConcurrentHashMap<>();

    /** @param configs must hold {@code schema.registry.url}; the serde's other keys are optional */
    public SchemaRegistryAvroSerdes(Map<String, ?> configs) {
        Map<String, Object> withClient = new HashMap<>(configs);
        withClient.put(SchemaRegistryClients.SHARED_CLIENT, SchemaRegistryClients.fromConfig(configs));
        this.configs = Map.copyOf(withClient);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
        return (Serde<T>) valueSerdes.computeIfAbsent(type, t -> ConfluentAvroSerde.forValues(type, configs));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> forKeys(Class<T> type) {
        return (Serde<T>) keySerdes.computeIfAbsent(type, t -> ConfluentAvroSerde.forKeys(type, configs));
    }
}
