package io.tokenshare.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary
 * body. Encoders, decoders and the output buffer are reused per thread, because the serde is shared by
 * every stream thread and a per-record allocation of them costs a good part of the decode time.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0x0;
    static final int HEADER_LENGTH = 5;

    private static final ThreadLocal<EncodeBuffers> ENCODE_BUFFERS = ThreadLocal.withInitial(EncodeBuffers::new);
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private WireFormat() {}

    /** Writes an Avro body; the serializer's plan for one (topic, schema). */
    @FunctionalInterface
    interface BodyWriter {
        void write(Object datum, Encoder encoder) throws IOException;
    }

    /** The bytes of {@code datum}: the header with {@code schemaId}, then the body {@code writer} encodes. */
    static byte[] encode(int schemaId, BodyWriter writer, Object datum) throws IOException {
        EncodeBuffers buffers = ENCODE_BUFFERS.get();
        GrowableOutput out = buffers.out;
        out.reset();
        out.write(MAGIC_BYTE);
        out.writeIntBigEndian(schemaId);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffers.encoder);
        buffers.encoder = null; // until the body is written whole: a failed write leaves bytes in its buffer
        writer.write(datum, encoder);
        encoder.flush();
        buffers.encoder = encoder;
        return out.toByteArrayAndShrink();
    }

    /**
     * The schema id of a record's bytes.
     *
     * @throws SerializationException when the bytes are too short or lack the magic byte, naming the topic
     */
    static int schemaId(String topic, boolean isKey, byte[] data, int offset, int length) {
        if (length < HEADER_LENGTH) {
            throw new SerializationException("Cannot deserialize " + describe(topic, isKey) + ": it has "
                    + length
                    + " byte(s), fewer than the 5-byte Confluent header (magic byte 0x0 and a 4-byte schema id)"
                    + " — the payload is truncated or was not written by a Confluent-compatible Avro serializer.");
        }
        byte first = data[offset];
        if (first != MAGIC_BYTE) {
            throw new SerializationException("Cannot deserialize " + describe(topic, isKey) + ": first byte "
                    + String.format("0x%02x", first & 0xff) + " is not the Confluent magic byte 0x0 — "
                    + guessWriter(first));
        }
        return ((data[offset + 1] & 0xff) << 24)
                | ((data[offset + 2] & 0xff) << 16)
                | ((data[offset + 3] & 0xff) << 8)
                | (data[offset + 4] & 0xff);
    }

    /** A decoder over {@code data[offset, offset+length)}, this thread's own, reset to that range. */
    static BinaryDecoder decoder(byte[] data, int offset, int length) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, length, DECODERS.get());
        DECODERS.set(decoder);
        return decoder;
    }

    /** "the value of a record of topic 'x'": how messages name what failed. */
    static String describe(String topic, boolean isKey) {
        return "the " + (isKey ? "key" : "value") + " of a record of topic '" + topic + "'";
    }

    /** The Confluent subject of a topic's keys or values (TopicNameStrategy). */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private static String guessWriter(byte first) {
        if (first >= 0x20 && first < 0x7f) {
            return "was this written by a JSON/String serializer? Read this topic with the matching deserializer, "
                    + "or produce to it with the Confluent Avro serializer.";
        }
        return "was this written by another serializer than a Confluent-compatible Avro one (e.g. plain Avro "
                + "without the header)? Produce to this topic with the Confluent Avro serializer.";
    }

    /** One thread's output buffer and encoder. */
    private static final class EncodeBuffers {
        final GrowableOutput out = new GrowableOutput();
        BinaryEncoder encoder;
    }

    /**
     * An unsynchronized byte buffer (ByteArrayOutputStream locks on every write). It gives its memory
     * back after an unusually large record so that one outlier does not stay pinned to the thread.
     */
    private static final class GrowableOutput extends OutputStream {
        private static final int INITIAL_CAPACITY = 512;
        private static final int RETAINED_CAPACITY = 1 << 20;

        private byte[] buffer = new byte[INITIAL_CAPACITY];
        private int count;

        void reset() {
            count = 0;
        }

        @Override
        public void write(int b) {
            ensureCapacity(count + 1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensureCapacity(count + length);
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }

        void writeIntBigEndian(int value) {
            ensureCapacity(count + 4);
            buffer[count++] = (byte) (value >>> 24);
            buffer[count++] = (byte) (value >>> 16);
            buffer[count++] = (byte) (value >>> 8);
            buffer[count++] = (byte) value;
        }

        byte[] toByteArrayAndShrink() {
            byte[] bytes = Arrays.copyOf(buffer, count);
            if (buffer.length > RETAINED_CAPACITY) {
                buffer = new byte[INITIAL_CAPACITY];
            }
            count = 0;
            return bytes;
        }

        private void ensureCapacity(int needed) {
            if (needed > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
            }
        }
    }
}
