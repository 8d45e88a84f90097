package io.tokenshare.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes SpecificRecords in Confluent's wire format under the TopicNameStrategy subject
 * ({@code <topic>-key} / {@code <topic>-value}). Usable by class name in a producer config; configure it
 * with {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL} and optionally {@value AvroSerdeConfig#AUTO_REGISTER_SCHEMAS}
 * (default true) or {@value AvroSerdeConfig#USE_LATEST_VERSION}. The registry is asked once per
 * (topic, schema); null data gives null bytes (a tombstone). Thread-safe.
 *
 * @param <T> the record class
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Map<String, Map<Schema, SchemaWriter>> writersByTopic = new ConcurrentHashMap<>();
    private volatile Setup setup;

    /** An unconfigured serializer; call {@link #configure} before use (Kafka does so for one built by class name). */
    public ConfluentAvroSerializer() {}

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.parse(configs);
        if (config.useLatestVersion() && config.autoRegisterSchemas()) {
            throw new ConfigException(AvroSerdeConfig.USE_LATEST_VERSION + "=true has no effect while "
                    + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is true (its default), as with Confluent's serializer: "
                    + "set " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=false.");
        }
        Setup previous = setup;
        setup = new Setup(
                SchemaRegistryClients.fromConfig(configs),
                isKey,
                config.autoRegisterSchemas(),
                config.useLatestVersion());
        writersByTopic.clear();
        if (previous != null) {
            previous.registry().close();
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Setup current = configured();
        SchemaWriter writer = writerFor(current, topic, data);
        try {
            return WireFormat.encode(writer.schemaId(), writer.body(), data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize " + WireFormat.describe(topic, current.isKey())
                            + " as Avro " + data.getSchema().getFullName() + ": " + e.getMessage()
                            + " (is a required field null or out of range?)",
                    e);
        }
    }

    @Override
    public void close() {
        Setup current = setup;
        if (current != null) {
            current.registry().close();
        }
    }

    private Setup configured() {
        Setup current = setup;
        if (current == null) {
            throw new IllegalStateException("ConfluentAvroSerializer is not configured: call configure(configs, isKey) "
                    + "with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " first.");
        }
        return current;
    }

    private SchemaWriter writerFor(Setup current, String topic, T data) {
        Map<Schema, SchemaWriter> bySchema = writersByTopic.get(topic);
        if (bySchema == null) {
            bySchema = writersByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        }
        Schema schema = data.getSchema();
        SchemaWriter writer = bySchema.get(schema);
        return writer != null ? writer : bySchema.computeIfAbsent(schema, s -> plan(current, topic, data));
    }

    private SchemaWriter plan(Setup current, String topic, T data) {
        String subject = WireFormat.subject(topic, current.isKey());
        Schema schema = data.getSchema();
        SpecificData model = SpecificData.getForClass(data.getClass());
        try {
            if (current.useLatestVersion()) {
                return latestVersionWriter(current, topic, subject, schema, model);
            }
            int id = current.autoRegister()
                    ? current.registry().register(subject, schema)
                    : current.registry().idOf(subject, schema);
            return new SchemaWriter(id, direct(schema, model));
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Cannot serialize " + WireFormat.describe(topic, current.isKey()) + " as Avro "
                            + schema.getFullName() + ": " + registryFailure(current, subject, e),
                    e);
        }
    }

    private static String registryFailure(Setup current, String subject, SchemaRegistryException e) {
        if (e.isNotFound() && !current.autoRegister()) {
            return "its schema is not registered under subject '" + subject + "' and "
                    + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false: register it first, or set "
                    + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=true. " + e.getMessage();
        }
        return e.getMessage();
    }

    /**
     * With use.latest.version the bytes carry the latest schema's id, so they must be laid out by that
     * schema: written as they are when it is the record's own (modulo docs and logical types), converted
     * through Avro schema resolution when the latest schema can read the record's, refused otherwise.
     */
    private static SchemaWriter latestVersionWriter(
            Setup current, String topic, String subject, Schema schema, SpecificData model) {
        RegisteredSchema latest = current.registry().latest(subject);
        if (SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
            return new SchemaWriter(latest.id(), direct(schema, model));
        }
        List<String> problems = ReadCompatibility.problems(latest.schema(), schema);
        if (!problems.isEmpty()) {
            throw new SerializationException("Cannot serialize " + WireFormat.describe(topic, current.isKey())
                    + " with " + AvroSerdeConfig.USE_LATEST_VERSION + ": the latest schema of subject '" + subject
                    + "' (id " + latest.id() + ", version " + latest.version() + ") cannot read records of "
                    + schema.getFullName() + ": " + String.join("; ", problems)
                    + ". Register a schema that can, or update the record class.");
        }
        return new SchemaWriter(latest.id(), converting(schema, model, latest.schema()));
    }

    private static WireFormat.BodyWriter direct(Schema schema, SpecificData model) {
        DatumWriter<Object> writer = new SpecificDatumWriter<>(schema, model);
        return writer::write;
    }

    private static WireFormat.BodyWriter converting(Schema recordSchema, SpecificData model, Schema latestSchema) {
        DatumWriter<Object> recordWriter = new SpecificDatumWriter<>(recordSchema, model);
        // No logical-type conversions on the generic side: dates and timestamps pass as their raw ints and longs.
        GenericData raw = new GenericData();
        GenericDatumReader<Object> asLatest = new GenericDatumReader<>(recordSchema, latestSchema, raw);
        GenericDatumWriter<Object> latestWriter = new GenericDatumWriter<>(latestSchema, raw);
        return (datum, encoder) -> {
            ByteArrayOutputStream recordBytes = new ByteArrayOutputStream();
            BinaryEncoder recordEncoder = EncoderFactory.get().directBinaryEncoder(recordBytes, null);
            recordWriter.write(datum, recordEncoder);
            Object converted = asLatest.read(null, DecoderFactory.get().binaryDecoder(recordBytes.toByteArray(), null));
            latestWriter.write(converted, encoder);
        };
    }

    private record Setup(
            SchemaRegistryClient registry, boolean isKey, boolean autoRegister, boolean useLatestVersion) {}

    private record SchemaWriter(int schemaId, WireFormat.BodyWriter body) {}
}
