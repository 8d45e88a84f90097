package io.tokenshare.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer} of one SpecificRecord class
 * as a Kafka Streams serde. One instance may serve every stream thread. Configure it before use, or
 * build it configured with {@link #forValues} / {@link #forKeys}.
 *
 * @param <T> the record class
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer = new ConfluentAvroSerializer<>();
    private final ConfluentAvroDeserializer<T> deserializer;

    /** A serde of {@code type}; call {@link #configure} before use. */
    public ConfluentAvroSerde(Class<T> type) {
        this.deserializer = new ConfluentAvroDeserializer<>(type);
    }

    /** A serde of {@code type} configured for record values (subject {@code <topic>-value}). */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(Class<T> type, Map<String, ?> configs) {
        ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>(type);
        serde.configure(configs, false);
        return serde;
    }

    /** A serde of {@code type} configured for record keys (subject {@code <topic>-key}). */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forKeys(Class<T> type, Map<String, ?> configs) {
        ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>(type);
        serde.configure(configs, true);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
