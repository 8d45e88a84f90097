package io.tokenshare.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenshare.serde.SchemaRegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire Avro values of any schema, looked up by the id in the record, into plain JSON
 * with the Avro field names: dates as {@code yyyy-MM-dd}, timestamps as ISO-8601 instants, unions as
 * their value. The export uses it for alerts, so that it needs no generated class for them.
 */
public final class AvroJson implements Deserializer<JsonNode> {

    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_LENGTH = 5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistryClient registry;

    /** @param registry where the writers' schemas are looked up */
    public AvroJson(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public JsonNode deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_LENGTH || data[0] != MAGIC_BYTE) {
            throw new SerializationException("a value of topic " + topic + " is not Confluent-wire Avro (magic byte 0"
                    + " and a schema id); it was not written by tokenshare");
        }
        int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
        Schema schema = registry.schemaById(schemaId);
        try {
            Object datum = new GenericDatumReader<>(schema)
                    .read(
                            null,
                            DecoderFactory.get().binaryDecoder(data, HEADER_LENGTH, data.length - HEADER_LENGTH, null));
            return toJson(datum, schema);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "a value of topic " + topic + " does not decode with its schema " + schemaId + " ("
                            + schema.getFullName() + "): " + e.getMessage(),
                    e);
        }
    }

    /** A decoded Avro datum as JSON. */
    public static JsonNode toJson(Object datum, Schema schema) {
        return switch (schema.getType()) {
            case NULL -> NODES.nullNode();
            case UNION -> toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case RECORD -> record((GenericRecord) datum, schema);
            case ARRAY -> array((Collection<?>) datum, schema.getElementType());
            case MAP -> map((Map<?, ?>) datum, schema.getValueType());
            case ENUM, STRING -> NODES.textNode(datum.toString());
            case BOOLEAN -> NODES.booleanNode((Boolean) datum);
            case INT -> logicalInt((Integer) datum, schema.getLogicalType());
            case LONG -> logicalLong((Long) datum, schema.getLogicalType());
            case FLOAT -> NODES.numberNode((Float) datum);
            case DOUBLE -> NODES.numberNode((Double) datum);
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) datum)));
            case FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(((GenericData.Fixed) datum).bytes()));
        };
    }

    private static ObjectNode record(GenericRecord record, Schema schema) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            node.set(field.name(), toJson(record.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static ArrayNode array(Collection<?> items, Schema itemSchema) {
        ArrayNode node = NODES.arrayNode();
        items.forEach(item -> node.add(toJson(item, itemSchema)));
        return node;
    }

    private static ObjectNode map(Map<?, ?> entries, Schema valueSchema) {
        ObjectNode node = NODES.objectNode();
        entries.forEach((k, v) -> node.set(k.toString(), toJson(v, valueSchema)));
        return node;
    }

    private static JsonNode logicalInt(int value, LogicalType type) {
        return type instanceof LogicalTypes.Date
                ? NODES.textNode(LocalDate.ofEpochDay(value).toString())
                : NODES.numberNode(value);
    }

    private static JsonNode logicalLong(long value, LogicalType type) {
        return type instanceof LogicalTypes.TimestampMillis
                ? NODES.textNode(Instant.ofEpochMilli(value).toString())
                : NODES.numberNode(value);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
