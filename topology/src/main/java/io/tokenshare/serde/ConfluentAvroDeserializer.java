package io.tokenshare.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into a SpecificRecord class: the writer schema comes from the registry by
 * the id in the header, and Avro schema resolution maps it to the class's schema, so that records
 * written with an older (BACKWARD compatible) schema still read. One DatumReader per writer id is
 * cached, so the registry is asked once per id. Null bytes give null (a tombstone). Bad bytes raise a
 * {@link SerializationException} that names the topic and what was wrong. Thread-safe.
 *
 * <p>Built by class name (in a consumer config), it reads into the class named by
 * {@value AvroSerdeConfig#SPECIFIC_AVRO_VALUE_TYPE} (or {@value AvroSerdeConfig#SPECIFIC_AVRO_KEY_TYPE}).
 *
 * @param <T> the record class read into
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> fixedType;
    private final Map<Integer, WriterReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private volatile Setup<T> setup;
    /** The reader used last: most topics carry one writer schema, so this spares the map lookup and boxing. */
    private volatile WriterReader<T> lastReader;

    /** A deserializer that learns its record class from the configuration; see the class comment. */
    public ConfluentAvroDeserializer() {
        this.fixedType = null;
    }

    /** A deserializer into {@code type}; call {@link #configure} before use. */
    public ConfluentAvroDeserializer(Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("The record class to read into is required.");
        }
        this.fixedType = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.parse(configs);
        Class<T> type = fixedType != null ? fixedType : configuredType(config, isKey);
        SpecificData model = SpecificData.getForClass(type);
        Setup<T> previous = setup;
        setup = new Setup<>(SchemaRegistryClients.fromConfig(configs), isKey, type, model.getSchema(type), model);
        readersByWriterId.clear();
        lastReader = null;
        if (previous != null) {
            previous.registry().close();
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(topic, data, 0, data.length);
    }

    /** Reads straight from the buffer's array when it has one, sparing the copy Kafka's default makes. */
    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    @Override
    public void close() {
        Setup<T> current = setup;
        if (current != null) {
            current.registry().close();
        }
    }

    private T decode(String topic, byte[] data, int offset, int length) {
        Setup<T> current = configured();
        int writerId = WireFormat.schemaId(topic, current.isKey(), data, offset, length);
        WriterReader<T> reader = lastReader;
        if (reader == null || reader.writerId() != writerId) {
            reader = readersByWriterId.get(writerId);
            if (reader == null) {
                reader = readersByWriterId.computeIfAbsent(writerId, id -> readerFor(current, topic, id));
            }
            lastReader = reader;
        }
        return reader.read(current, topic, data, offset + WireFormat.HEADER_LENGTH, length - WireFormat.HEADER_LENGTH);
    }

    private Setup<T> configured() {
        Setup<T> current = setup;
        if (current == null) {
            throw new IllegalStateException(
                    "ConfluentAvroDeserializer is not configured: call configure(configs, isKey) " + "with "
                            + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " first.");
        }
        return current;
    }

    private WriterReader<T> readerFor(Setup<T> current, String topic, int writerId) {
        Schema writerSchema;
        try {
            writerSchema = current.registry().schemaById(writerId);
        } catch (SchemaRegistryException e) {
            String problem = e.isNotFound()
                    ? "its schema id " + writerId + " is unknown to the schema registry — was it written against "
                            + "another registry, or is the payload corrupt? "
                    : "the schema registry could not give its writer schema id " + writerId + ": ";
            throw new SerializationException(
                    "Cannot deserialize " + WireFormat.describe(topic, current.isKey()) + ": " + problem
                            + e.getMessage(),
                    e);
        }
        List<String> problems = ReadCompatibility.problems(current.readerSchema(), writerSchema);
        if (!problems.isEmpty()) {
            return WriterReader.unreadable(
                    writerId,
                    writerSchema,
                    "its writer schema (id " + writerId + ", "
                            + writerSchema.getFullName() + ") cannot be read as "
                            + current.type().getName() + ": "
                            + String.join("; ", problems) + ". The schema change was not backward compatible; "
                            + "update the record class or read this topic with a matching one.");
        }
        return WriterReader.readable(
                writerId,
                writerSchema,
                new SpecificDatumReader<>(writerSchema, current.readerSchema(), current.model()));
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> configuredType(AvroSerdeConfig config, boolean isKey) {
        String key = isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
        Class<?> type = config.specificType(isKey);
        if (type == null) {
            throw new ConfigException(key + " is not set: name the Avro SpecificRecord class to read "
                    + (isKey ? "keys" : "values") + " into, e.g. io.tokenshare.avro.TokenUsageEvent "
                    + "(or construct the deserializer with the class).");
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(
                    key, type.getName(), "not an Avro SpecificRecord class (one generated from an .avsc schema)");
        }
        return (Class<T>) type;
    }

    private record Setup<T>(
            SchemaRegistryClient registry, boolean isKey, Class<T> type, Schema readerSchema, SpecificData model) {}

    /** How to read bytes of one writer schema id, or why they cannot be read. */
    private record WriterReader<T>(int writerId, Schema writerSchema, DatumReader<T> reader, String unreadable) {

        static <T> WriterReader<T> readable(int writerId, Schema writerSchema, DatumReader<T> reader) {
            return new WriterReader<>(writerId, writerSchema, reader, null);
        }

        static <T> WriterReader<T> unreadable(int writerId, Schema writerSchema, String why) {
            return new WriterReader<>(writerId, writerSchema, null, why);
        }

        T read(Setup<T> setup, String topic, byte[] data, int offset, int length) {
            if (unreadable != null) {
                throw new SerializationException(
                        "Cannot deserialize " + WireFormat.describe(topic, setup.isKey()) + ": " + unreadable);
            }
            try {
                return reader.read(null, WireFormat.decoder(data, offset, length));
            } catch (EOFException e) {
                throw new SerializationException(
                        "Cannot deserialize " + WireFormat.describe(topic, setup.isKey())
                                + ": its Avro body (" + length
                                + " bytes after the header) ended early for writer schema id "
                                + writerId + " (" + writerSchema.getFullName() + ") — the payload is truncated, or was "
                                + "written with another schema than its id says.",
                        e);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException(
                        "Cannot deserialize " + WireFormat.describe(topic, setup.isKey())
                                + ": its Avro body is not valid for writer schema id " + writerId + " ("
                                + writerSchema.getFullName() + "): " + e
                                + " — the payload is corrupt, or was written with "
                                + "another schema than its id says.",
                        e);
            }
        }
    }
}
