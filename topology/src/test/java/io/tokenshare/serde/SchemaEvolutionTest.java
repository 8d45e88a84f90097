package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Schema evolution on the in-memory registry, and use.latest.version. */
class SchemaEvolutionTest {

    private static final String TOPIC = "token-usage";
    private static final String SUBJECT = "token-usage-value";

    private final String scope = "evolution-test-" + UUID.randomUUID();
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void bytesWrittenWithAnOlderSchemaReadIntoTheCurrentClass() throws IOException {
        Schema v1 = withoutFields(TokenUsageEvent.getClassSchema(), "category", "requests");
        int v1Id = registry.register(SUBJECT, v1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("event_id", "old-1");
        old.put("occurred_at", 1_700_000_000_123L);
        old.put("model_id", "deepseek/deepseek-v3.2");
        old.put("total_tokens", 42L);
        byte[] oldBytes = TestRecords.framed(v1Id, ConfluentAvroDeserializerTest.genericBody(v1, old));

        try (ConfluentAvroSerde<TokenUsageEvent> serde = ConfluentAvroSerde.forValues(TokenUsageEvent.class, mock())) {
            TokenUsageEvent current = TestRecords.event(10);
            byte[] newBytes = serde.serializer().serialize(TOPIC, current);
            TokenUsageEvent read = serde.deserializer().deserialize(TOPIC, oldBytes);

            assertThat(registry.latest(SUBJECT).version())
                    .as("the current class registered as v2")
                    .isEqualTo(2);
            assertThat(ByteBuffer.wrap(newBytes, 1, 4).getInt()).isNotEqualTo(v1Id);
            assertThat(read.getEventId()).isEqualTo("old-1");
            assertThat(read.getOccurredAt().toEpochMilli()).isEqualTo(1_700_000_000_123L);
            assertThat(read.getModelId()).isEqualTo("deepseek/deepseek-v3.2");
            assertThat(read.getTotalTokens()).isEqualTo(42L);
            assertThat(read.getCategory())
                    .as("absent in v1: the field's default")
                    .isNull();
            assertThat(read.getRequests())
                    .as("absent in v1: the field's default")
                    .isEqualTo(1);
            assertThat(serde.deserializer().deserialize(TOPIC, newBytes)).isEqualTo(current);
        }
    }

    @Test
    void aNewFieldWithDefaultIsAccepted() {
        registry.register(SUBJECT, TokenUsageEvent.getClassSchema());
        Schema v2 = withField(TokenUsageEvent.getClassSchema(), "region", "\"string\"", "\"unknown\"");

        assertThat(registry.isCompatible(SUBJECT, v2)).isTrue();
        registry.register(SUBJECT, v2);
        assertThat(registry.latest(SUBJECT).schema()).isEqualTo(v2);
    }

    @Test
    void aNewRequiredFieldIsRefusedWithTheReason() {
        registry.register(SUBJECT, TokenUsageEvent.getClassSchema());
        Schema v2 = withField(TokenUsageEvent.getClassSchema(), "region", "\"string\"", null);

        assertThat(registry.isCompatible(SUBJECT, v2)).isFalse();
        assertThatThrownBy(() -> registry.register(SUBJECT, v2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                })
                .hasMessageContaining("subject '" + SUBJECT + "'")
                .hasMessageContaining("level BACKWARD")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("region")
                .hasMessageContaining("give new fields a default");
        assertThat(registry.latest(SUBJECT).version()).isEqualTo(1);
    }

    @Test
    void levelNoneAcceptsWhatBackwardRefuses() {
        registry.register(SUBJECT, TokenUsageEvent.getClassSchema());
        Schema v2 = withField(TokenUsageEvent.getClassSchema(), "region", "\"string\"", null);
        registry.setCompatibility(SUBJECT, "none");

        assertThat(registry.register(SUBJECT, v2)).isPositive();
        assertThat(registry.latest(SUBJECT).version()).isEqualTo(2);
    }

    @Test
    void transitiveLevelsCheckEveryVersionNotOnlyTheLatest() {
        Schema v1 = record("{\"name\": \"a\", \"type\": \"int\"}");
        Schema v2 =
                record("{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");
        Schema v3 = record("{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"b\", \"type\": \"int\"}");
        registry.register("plain", v1);
        registry.register("plain", v2);
        registry.register("transitive", v1);
        registry.register("transitive", v2);
        registry.setCompatibility("transitive", "BACKWARD_TRANSITIVE");

        assertThat(registry.isCompatible("plain", v3)).as("v3 reads v2 data").isTrue();
        assertThat(registry.isCompatible("transitive", v3))
                .as("v3 cannot read v1 data")
                .isFalse();
    }

    @Test
    void forwardLevelRefusesRemovingAFieldOldReadersNeed() {
        Schema v1 = record("{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"b\", \"type\": \"int\"}");
        Schema v2 = record("{\"name\": \"a\", \"type\": \"int\"}");
        registry.setCompatibility(null, "FORWARD");
        registry.register("forward", v1);

        assertThatThrownBy(() -> registry.register("forward", v2))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("an earlier schema cannot read data written with the new one");
    }

    @Test
    void useLatestVersionWritesTheLatestIdWhenTheSchemaDiffersOnlyInDocs() {
        Schema documentedDifferently = new Schema.Parser()
                .parse(TokenUsageEvent.getClassSchema()
                        .toString()
                        .replace("Unique per request or roll-up.", "Unique id."));
        int ownId = registry.register(SUBJECT, TokenUsageEvent.getClassSchema());
        int latestId = registry.register(SUBJECT, documentedDifferently);
        TokenUsageEvent event = TestRecords.event(6);
        assertThat(latestId).as("a doc change is a new version").isNotEqualTo(ownId);

        try (ConfluentAvroSerde<TokenUsageEvent> serde =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, useLatest())) {
            byte[] bytes = serde.serializer().serialize(TOPIC, event);

            assertThat(bytes).isEqualTo(TestRecords.framed(latestId, TestRecords.avroBody(event)));
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
        }
    }

    @Test
    void useLatestVersionConvertsToALatestSchemaThatCanReadTheRecord() throws IOException {
        registry.register(SUBJECT, TokenUsageEvent.getClassSchema());
        Schema v2 = withField(TokenUsageEvent.getClassSchema(), "region", "\"string\"", "\"unknown\"");
        int v2Id = registry.register(SUBJECT, v2);
        TokenUsageEvent event = TestRecords.event(8);

        try (ConfluentAvroSerde<TokenUsageEvent> serde =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, useLatest())) {
            byte[] bytes = serde.serializer().serialize(TOPIC, event);

            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(v2Id);
            GenericRecord asV2 = new GenericDatumReader<GenericRecord>(v2)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            assertThat(asV2.get("region")).hasToString("unknown");
            assertThat(asV2.get("event_id")).hasToString(event.getEventId());
            assertThat(asV2.get("occurred_at")).isEqualTo(event.getOccurredAt().toEpochMilli());
            assertThat(asV2.get("total_tokens")).isEqualTo(event.getTotalTokens());
            assertThat(asV2.get("provider")).hasToString(event.getProvider());
            assertThat(serde.deserializer().deserialize(TOPIC, bytes))
                    .as("read back into the class")
                    .isEqualTo(event);
        }
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotReadTheRecord() {
        registry.setCompatibility(SUBJECT, "NONE");
        registry.register(SUBJECT, TokenUsageEvent.getClassSchema());
        registry.register(SUBJECT, withField(TokenUsageEvent.getClassSchema(), "region", "\"string\"", null));

        try (ConfluentAvroSerde<TokenUsageEvent> serde =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, useLatest())) {
            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, TestRecords.event(1)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("use.latest.version")
                    .hasMessageContaining("latest schema of subject '" + SUBJECT + "' (id 2, version 2) cannot read")
                    .hasMessageContaining("region");
        }
    }

    @Test
    void useLatestVersionNeedsAutoRegisterOff() {
        Map<String, Object> contradictory = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope, AvroSerdeConfig.USE_LATEST_VERSION, true);

        assertThatThrownBy(() -> ConfluentAvroSerde.forValues(TokenUsageEvent.class, contradictory))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas=false");
    }

    private Map<String, Object> mock() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    }

    private Map<String, Object> useLatest() {
        return Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "mock://" + scope,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                false,
                AvroSerdeConfig.USE_LATEST_VERSION,
                true);
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Probe\", \"fields\": [" + fields + "]}");
    }

    /** {@code base} with one more field, written as JSON so the test states the change as a person would. */
    private static Schema withField(Schema base, String name, String typeJson, String defaultJson) {
        String field = "{\"name\": \"" + name + "\", \"type\": " + typeJson
                + (defaultJson == null ? "" : ", \"default\": " + defaultJson) + ", \"doc\": \"Added.\"}";
        String json = base.toString();
        int fieldsEnd = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, fieldsEnd) + ", " + field + json.substring(fieldsEnd));
    }

    private static Schema withoutFields(Schema base, String... names) {
        List<String> dropped = List.of(names);
        List<Schema.Field> kept = base.getFields().stream()
                .filter(field -> !dropped.contains(field.name()))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList();
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, kept);
    }
}
