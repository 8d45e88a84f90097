package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad bytes: each case fails with a SerializationException that names the topic and what was wrong. */
class ConfluentAvroDeserializerTest {

    private static final String TOPIC = "token-usage";

    private final String scope = "deserializer-test-" + UUID.randomUUID();
    private final Map<String, Object> configs = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    private final ConfluentAvroSerde<TokenUsageEvent> serde =
            ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs);

    @AfterEach
    void cleanUp() {
        serde.close();
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void jsonBytesAreRecognisedByTheirFirstByte() {
        byte[] json = "{\"event_id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("value of a record of topic 'token-usage'")
                .hasMessageContaining("first byte 0x7b is not the Confluent magic byte 0x0")
                .hasMessageContaining("was this written by a JSON/String serializer?");
    }

    @Test
    void binaryBytesWithoutTheHeaderAreRefused() {
        byte[] plainAvro = TestRecords.avroBody(TestRecords.event(1));
        plainAvro[0] = (byte) 0x9c;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, plainAvro))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'token-usage'")
                .hasMessageContaining("first byte 0x9c is not the Confluent magic byte 0x0")
                .hasMessageContaining("Confluent-compatible Avro");
    }

    @Test
    void fewerBytesThanTheHeaderAreRefused() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'token-usage'")
                .hasMessageContaining("3 byte(s), fewer than the 5-byte Confluent header");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0 byte(s)");
    }

    @Test
    void anUnknownSchemaIdIsNamedWithTheRegistry() {
        byte[] bytes = TestRecords.framed(0x00_0F_42_3F, TestRecords.avroBody(TestRecords.event(1)));

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'token-usage'")
                .hasMessageContaining("schema id 999999 is unknown to the schema registry")
                .hasMessageContaining("mock://" + scope);
    }

    @Test
    void aTruncatedPayloadIsReportedAsTruncated() {
        byte[] whole = serde.serializer().serialize(TOPIC, TestRecords.event(2));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 3);
        int id = registry().idOf("token-usage-value", TokenUsageEvent.getClassSchema());

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'token-usage'")
                .hasMessageContaining("ended early for writer schema id " + id)
                .hasMessageContaining("truncated");
    }

    @Test
    void aCorruptBodyIsReportedWithItsWriterSchema() {
        serde.serializer().serialize(TOPIC, TestRecords.event(2));
        int id = registry().idOf("token-usage-value", TokenUsageEvent.getClassSchema());
        // event_id is the first field: zig-zag 0x01 is a string length of -1.
        byte[] corrupt = TestRecords.framed(id, new byte[] {0x01, 0x02, 0x03});

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, corrupt))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'token-usage'")
                .hasMessageContaining("not valid for writer schema id " + id + " (io.tokenshare.avro.TokenUsageEvent)")
                .hasMessageContaining("corrupt");
    }

    @Test
    void aWriterSchemaTheClassCannotReadIsExplainedEveryTime() throws IOException {
        Schema incompatible = new Schema.Parser()
                .parse(
                        """
                {"type": "record", "name": "TokenUsageEvent", "namespace": "io.tokenshare.avro", "fields": [
                  {"name": "event_id", "type": "string"},
                  {"name": "model_id", "type": "string"},
                  {"name": "total_tokens", "type": "string"}]}""");
        registry().setCompatibility("token-usage-value", "NONE");
        int id = registry().register("token-usage-value", incompatible);
        GenericRecord record = new GenericData.Record(incompatible);
        record.put("event_id", "e1");
        record.put("model_id", "m");
        record.put("total_tokens", "many");
        byte[] bytes = TestRecords.framed(id, genericBody(incompatible, record));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic 'token-usage'")
                    .hasMessageContaining(
                            "writer schema (id " + id + ", io.tokenshare.avro.TokenUsageEvent) cannot be read as "
                                    + "io.tokenshare.avro.TokenUsageEvent")
                    .hasMessageContaining("TYPE_MISMATCH");
        }
    }

    @Test
    void keyFailuresSayKey() {
        try (ConfluentAvroSerde<TokenUsageEvent> keys = ConfluentAvroSerde.forKeys(TokenUsageEvent.class, configs)) {
            assertThatThrownBy(() -> keys.deserializer()
                            .deserialize("model-origins", "deepseek".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("the key of a record of topic 'model-origins'")
                    .hasMessageContaining("first byte 0x64");
        }
    }

    @Test
    void goodBytesStillReadAfterBadOnes() {
        TokenUsageEvent event = TestRecords.event(5);
        byte[] good = serde.serializer().serialize(TOPIC, event);
        byte[] truncated = Arrays.copyOf(good, good.length - 1);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class);
        assertThat(serde.deserializer().deserialize(TOPIC, good)).isEqualTo(event);
    }

    private InMemorySchemaRegistry registry() {
        return InMemorySchemaRegistry.forScope(scope);
    }

    static byte[] genericBody(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
