package io.tokenshare.alert;

import io.tokenshare.config.AvroSerdes;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Test-only serdes: plain Avro binary of the generated classes, no schema registry and no wire header. Enough for a
 * stage's tests until the Confluent-wire serde is merged; null stays null (tombstones).
 */
final class PlainAvroSerdes implements AvroSerdes {

    @Override
    public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
        return Serdes.serdeFrom(serializer(type), deserializer(type));
    }

    @Override
    public <T extends SpecificRecord> Serde<T> forKeys(Class<T> type) {
        return forValues(type);
    }

    static <T extends SpecificRecord> Serializer<T> serializer(Class<T> type) {
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new SerializationException("cannot write a " + type.getSimpleName(), e);
            }
            return out.toByteArray();
        };
    }

    static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            try {
                return reader.read(null, decoder);
            } catch (IOException e) {
                throw new SerializationException("cannot read a " + type.getSimpleName(), e);
            }
        };
    }
}
