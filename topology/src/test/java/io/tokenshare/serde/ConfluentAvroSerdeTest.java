package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

    private static final String TOPIC = "token-usage";

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final Map<String, Object> configs = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void tokenUsageEventsRoundTrip() {
        try (ConfluentAvroSerde<TokenUsageEvent> serde = ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs)) {
            for (int n = 0; n < 10; n++) {
                TokenUsageEvent event = TestRecords.event(n);
                assertThat(roundTrip(serde, TOPIC, event)).isEqualTo(event);
            }
        }
    }

    @Test
    void modelOriginsRoundTripAsKeysAndValues() {
        ModelOrigin origin = TestRecords.modelOrigin();
        try (ConfluentAvroSerde<ModelOrigin> values = ConfluentAvroSerde.forValues(ModelOrigin.class, configs);
                ConfluentAvroSerde<ModelOrigin> keys = ConfluentAvroSerde.forKeys(ModelOrigin.class, configs)) {
            assertThat(roundTrip(values, "model-origins", origin)).isEqualTo(origin);
            assertThat(roundTrip(keys, "model-origins", origin)).isEqualTo(origin);
        }
        int id = registry.idOf("model-origins-value", ModelOrigin.getClassSchema());
        assertThat(registry.idOf("model-origins-key", ModelOrigin.getClassSchema()))
                .isEqualTo(id);
    }

    @Test
    void shareRowsRoundTrip() {
        ShareRow row = TestRecords.shareRow();
        try (ConfluentAvroSerde<ShareRow> serde = ConfluentAvroSerde.forValues(ShareRow.class, configs)) {
            ShareRow read = roundTrip(serde, "share-by-origin", row);
            assertThat(read).isEqualTo(row);
            assertThat(read.getWeekStart()).isEqualTo(row.getWeekStart());
            assertThat(read.getComputedAt()).isEqualTo(row.getComputedAt());
        }
    }

    @Test
    void bytesAreMagicByteThenBigEndianIdThenAvroBodyUnderTheTopicValueSubject() {
        TokenUsageEvent event = TestRecords.event(4);
        try (ConfluentAvroSerde<TokenUsageEvent> serde = ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, event);

            int id = registry.idOf("token-usage-value", TokenUsageEvent.getClassSchema());
            assertThat(bytes).isEqualTo(TestRecords.framed(id, TestRecords.avroBody(event)));
            assertThat(bytes[0]).isZero();
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        }
    }

    @Test
    void keysGoUnderTheTopicKeySubject() {
        try (ConfluentAvroSerde<TokenUsageEvent> serde = ConfluentAvroSerde.forKeys(TokenUsageEvent.class, configs)) {
            serde.serializer().serialize(TOPIC, TestRecords.event(1));
        }
        assertThat(registry.latest("token-usage-key").schema()).isEqualTo(TokenUsageEvent.getClassSchema());
        assertThatThrownBy(() -> registry.latest("token-usage-value")).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void nullIsATombstoneBothWays() {
        try (ConfluentAvroSerde<TokenUsageEvent> serde = ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs)) {
            assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
            assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
            assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null))
                    .isNull();
        }
    }

    @Test
    void readsFromTheMiddleOfAByteBufferWithoutDisturbingIt() {
        TokenUsageEvent event = TestRecords.event(7);
        try (ConfluentAvroSerde<TokenUsageEvent> serde = ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, event);
            byte[] larger = new byte[bytes.length + 20];
            System.arraycopy(bytes, 0, larger, 13, bytes.length);
            ByteBuffer buffer =
                    ByteBuffer.wrap(larger, 3, bytes.length + 10).slice().position(10);
            buffer.limit(10 + bytes.length);

            assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), buffer))
                    .isEqualTo(event);
            assertThat(buffer.position()).isEqualTo(10);
            ByteBuffer direct =
                    ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), direct))
                    .isEqualTo(event);
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRefusedWithTheSubjectNamed() {
        Map<String, Object> noAutoRegister = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false");
        try (ConfluentAvroSerde<TokenUsageEvent> serde =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, noAutoRegister)) {
            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, TestRecords.event(1)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic 'token-usage'")
                    .hasMessageContaining("not registered under subject 'token-usage-value'")
                    .hasMessageContaining("auto.register.schemas=true");
        }
    }

    @Test
    void withoutAutoRegisterTheRegisteredIdIsUsed() {
        registry.register("some-other-subject", ModelOrigin.getClassSchema());
        int id = registry.register("token-usage-value", TokenUsageEvent.getClassSchema());
        Map<String, Object> noAutoRegister = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        try (ConfluentAvroSerde<TokenUsageEvent> serde =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, noAutoRegister)) {
            TokenUsageEvent event = TestRecords.event(2);
            byte[] bytes = serde.serializer().serialize(TOPIC, event);
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
        }
        assertThat(registry.latest("token-usage-value").version()).isEqualTo(1);
    }

    @Test
    void aDeserializerBuiltByClassNameReadsIntoTheConfiguredType() throws Exception {
        Map<String, Object> byName = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "mock://" + scope,
                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                "io.tokenshare.avro.TokenUsageEvent");
        @SuppressWarnings("unchecked")
        Serializer<Object> serializer =
                (Serializer<Object>) Class.forName("io.tokenshare.serde.ConfluentAvroSerializer")
                        .getConstructor()
                        .newInstance();
        @SuppressWarnings("unchecked")
        Deserializer<Object> deserializer =
                (Deserializer<Object>) Class.forName("io.tokenshare.serde.ConfluentAvroDeserializer")
                        .getConstructor()
                        .newInstance();
        serializer.configure(byName, false);
        deserializer.configure(byName, false);
        TokenUsageEvent event = TestRecords.event(3);

        Object read = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, event));

        assertThat(read).isInstanceOf(TokenUsageEvent.class).isEqualTo(event);
        serializer.close();
        deserializer.close();
    }

    @Test
    void oneSerdeSharedByManyThreadsRoundTripsEveryRecord() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try (ConfluentAvroSerde<TokenUsageEvent> events = ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs);
                ConfluentAvroSerde<ShareRow> rows = ConfluentAvroSerde.forValues(ShareRow.class, configs)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<String>> work = () -> {
                    start.await();
                    List<String> mismatches = new ArrayList<>();
                    ShareRow row = TestRecords.shareRow();
                    for (int i = 0; i < perThread; i++) {
                        TokenUsageEvent event = TestRecords.event(thread * perThread + i);
                        String topic = "topic-" + (i % 3); // cold caches raced on first use of each topic
                        if (!event.equals(roundTrip(events, topic, event))) {
                            mismatches.add(event.getEventId());
                        }
                        if (i % 10 == 0 && !row.equals(roundTrip(rows, "rows-" + (i % 3), row))) {
                            mismatches.add("row " + i);
                        }
                    }
                    return mismatches;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(registry.latest("topic-0-value").version()).isEqualTo(1);
    }

    @Test
    void anUnconfiguredSerdeSaysToConfigureIt() {
        ConfluentAvroSerde<TokenUsageEvent> serde = new ConfluentAvroSerde<>(TokenUsageEvent.class);
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, TestRecords.event(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure");
    }

    @Test
    void aRecordWithANullRequiredFieldFailsNamingTheTopic() {
        TokenUsageEvent broken = TestRecords.event(1);
        broken.setModelId(null);
        try (ConfluentAvroSerde<TokenUsageEvent> serde = ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs)) {
            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, broken))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic 'token-usage'")
                    .hasMessageContaining("model_id");
            TokenUsageEvent fine = TestRecords.event(2);
            assertThat(roundTrip(serde, TOPIC, fine))
                    .as("the thread's encoder is clean after a failure")
                    .isEqualTo(fine);
        }
    }

    private static <T extends SpecificRecord> T roundTrip(ConfluentAvroSerde<T> serde, String topic, T record) {
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, record));
    }
}
