package io.tokenshare.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The application's {@link AvroSerdes}: Confluent-wire serdes on the configured schema registry, one
 * per type and role, shared by every stream thread (the serdes are thread-safe).
 */
public final class SchemaRegistryAvroSerdes implements AvroSerdes {

    private final Map<String, ?> configs;
    private final Map<Class<?>, Serde<?>> valueSerdes = new ConcurrentHashMap<>();
    private final Map<Class<?>, Serde<?>> keySerdes = new ConcurrentHashMap<>();

    /** @param configs must hold {@code schema.registry.url}; the serde's other keys are optional */
    public SchemaRegistryAvroSerdes(Map<String, ?> configs) {
        this.configs = Map.copyOf(configs);
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
