package io.tokenshare.serde;

import static io.tokenshare.testsupport.KafkaTestClients.consumerConfig;
import static io.tokenshare.testsupport.KafkaTestClients.pollToEnd;
import static io.tokenshare.testsupport.KafkaTestClients.producerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.testsupport.ApicurioRegistry;
import io.tokenshare.testsupport.TcpPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The foundation's proof: Avro records travel through a real broker in Confluent's wire format, with
 * their schemas in a real registry (Apicurio's Confluent-compatible API, BACKWARD compatibility), and
 * the schema evolves the way production needs it to.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SerdeRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema V1 = TokenUsageEvent.getClassSchema();

    private static EmbeddedKafka kafka;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startBrokerAndRegistry() {
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.start();
    }

    @AfterAll
    static void stopEverythingAndLeaveNothingBehind() {
        int kafkaPort = TcpPorts.portOf(kafka.bootstrapServers());
        ProcessHandle registryProcess = registry.processHandle();
        int registryPort = registry.port();
        registry.close();
        kafka.close();
        assertThat(registryProcess.isAlive()).as("registry process after close").isFalse();
        assertThat(TcpPorts.isFree(registryPort))
                .as("registry port after close")
                .isTrue();
        assertThat(TcpPorts.isFree(kafkaPort)).as("broker port after close").isTrue();
    }

    @Test
    void recordsCarryTheIdTheRegistryGaveTheirSchemaAndReadBackEqual() {
        String topic = createTopic("usage-roundtrip");
        List<TokenUsageEvent> sent = List.of(
                event("e-1", "deepseek/deepseek-v3.2", 1_200L),
                event("e-2", "anthropic/claude-sonnet-4", 900L),
                event("e-3", "qwen/qwen3-coder", 4_000L));
        try (ConfluentAvroSerde<TokenUsageEvent> serde = valueSerde()) {
            produce(topic, serde, sent);
            List<byte[]> values = readAllValues(topic);

            int registeredId = latestIdFromRegistry(topic + "-value");
            assertThat(values).hasSize(sent.size()).allSatisfy(bytes -> {
                assertThat(bytes[0]).as("magic byte").isZero();
                assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                        .as("schema id in header")
                        .isEqualTo(registeredId);
            });
            assertThat(values)
                    .map(bytes -> serde.deserializer().deserialize(topic, bytes))
                    .containsExactlyElementsOf(sent);

            Schema fromRegistry = new Schema.Parser()
                    .parse(field(registry.get("/apis/ccompat/v7/schemas/ids/" + registeredId), "schema")
                            .asText());
            assertThat(fromRegistry).isEqualTo(V1);
        }
    }

    @Test
    void aBackwardCompatibleV2IsAcceptedAndOldAndNewDataBothRead() {
        String topic = createTopic("usage-evolution");
        String subject = topic + "-value";
        TokenUsageEvent oldEvent = event("old-1", "mistralai/mistral-large", 700L);
        Schema v2 = v1With("{\"name\": \"region\", \"type\": [\"null\", \"string\"], \"default\": null}");
        try (ConfluentAvroSerde<TokenUsageEvent> serde = valueSerde();
                SchemaRegistryClient client = SchemaRegistryClients.fromConfig(registryConfig())) {
            produce(topic, serde, List.of(oldEvent));
            int v1Id = client.latest(subject).id();

            assertThat(client.isCompatible(subject, v2)).isTrue();
            int v2Id = client.register(subject, v2);
            RegisteredSchema latest = client.latest(subject);
            assertThat(latest.id()).isEqualTo(v2Id).isNotEqualTo(v1Id);
            assertThat(latest.version()).isEqualTo(2);
            assertThat(latest.schema()).isEqualTo(v2);

            GenericRecord newEvent = new GenericRecordBuilder(v2)
                    .set("event_id", "new-1")
                    .set("occurred_at", Instant.parse("2026-03-02T10:00:00Z").toEpochMilli())
                    .set("model_id", "z-ai/glm-4.6")
                    .set("total_tokens", 2_500L)
                    .set("requests", 1)
                    .set("region", "eu")
                    .build();
            produceRaw(topic, confluentFrame(v2Id, v2, newEvent));

            List<byte[]> values = readAllValues(topic);
            assertThat(values).hasSize(2);
            TokenUsageEvent oldAsV1 = serde.deserializer().deserialize(topic, values.get(0));
            TokenUsageEvent newAsV1 = serde.deserializer().deserialize(topic, values.get(1));
            assertThat(oldAsV1).isEqualTo(oldEvent);
            assertThat(newAsV1.getEventId()).isEqualTo("new-1");
            assertThat(newAsV1.getModelId()).isEqualTo("z-ai/glm-4.6");
            assertThat(newAsV1.getTotalTokens()).isEqualTo(2_500L);

            GenericRecord oldAsV2 = readWith(values.get(0), client.schemaById(v1Id), v2);
            assertThat(oldAsV2.get("event_id")).hasToString("old-1");
            assertThat(oldAsV2.get("region")).isNull();
        }
    }

    @Test
    void anIncompatibleV2IsRefusedWithAMessageSayingSo() {
        String topic = createTopic("usage-incompatible");
        String subject = topic + "-value";
        Schema breaking = v1With("{\"name\": \"tenant\", \"type\": \"string\"}");
        try (ConfluentAvroSerde<TokenUsageEvent> serde = valueSerde();
                SchemaRegistryClient client = SchemaRegistryClients.fromConfig(registryConfig())) {
            produce(topic, serde, List.of(event("only-1", "openai/gpt-5", 300L)));

            assertThat(client.isCompatible(subject, breaking)).isFalse();
            assertThatThrownBy(() -> client.register(subject, breaking))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining(subject)
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase()).contains("incompatib"));
            RegisteredSchema latest = client.latest(subject);
            assertThat(latest.version()).isEqualTo(1);
            assertThat(latest.schema()).isEqualTo(V1);
        }
    }

    private static TokenUsageEvent event(String id, String model, long totalTokens) {
        return TokenUsageEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(Instant.parse("2026-02-23T08:15:30Z"))
                .setModelId(model)
                .setProvider("provider-" + id)
                .setCategory("programming")
                .setInputTokens(totalTokens / 4)
                .setOutputTokens(totalTokens - totalTokens / 4)
                .setTotalTokens(totalTokens)
                .setRequests(1)
                .build();
    }

    /** TokenUsageEvent's schema with one more field, parsed from text as an independent producer would. */
    private static Schema v1With(String extraFieldJson) {
        String v1 = V1.toString();
        String v2 = v1.substring(0, v1.lastIndexOf(']')) + "," + extraFieldJson + "]}";
        return new Schema.Parser().parse(v2);
    }

    /** Confluent framing written by hand: magic 0, big-endian id, Avro binary body. */
    private static byte[] confluentFrame(int schemaId, Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericRecord readWith(byte[] framed, Schema writer, Schema reader) {
        try {
            return new GenericDatumReader<GenericRecord>(writer, reader, GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String createTopic(String name) {
        kafka.createTopics(List.of(new NewTopic(name, 1, (short) 1)));
        return name;
    }

    private static Map<String, Object> registryConfig() {
        return Map.of("schema.registry.url", registry.ccompatUrl());
    }

    private static ConfluentAvroSerde<TokenUsageEvent> valueSerde() {
        return ConfluentAvroSerde.forValues(TokenUsageEvent.class, registryConfig());
    }

    private static void produce(String topic, ConfluentAvroSerde<TokenUsageEvent> serde, List<TokenUsageEvent> events) {
        try (KafkaProducer<String, TokenUsageEvent> producer = new KafkaProducer<>(
                producerConfig(kafka.bootstrapServers()), new StringSerializer(), serde.serializer())) {
            events.forEach(e -> producer.send(new ProducerRecord<>(topic, e.getModelId(), e)));
            producer.flush();
        }
    }

    private static void produceRaw(String topic, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                producerConfig(kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value));
            producer.flush();
        }
    }

    private static List<byte[]> readAllValues(String topic) {
        Map<String, Object> config = consumerConfig(kafka.bootstrapServers(), "unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<byte[]> values = new ArrayList<>();
            pollToEnd(consumer, List.of(partition)).stream()
                    .map(ConsumerRecord::value)
                    .forEach(values::add);
            return values;
        }
    }

    /** The id the registry itself reports for the subject's latest version, read over plain HTTP. */
    private static int latestIdFromRegistry(String subject) {
        String path =
                "/apis/ccompat/v7/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions/latest";
        return field(registry.get(path), "id").asInt();
    }

    private static JsonNode field(String json, String name) {
        try {
            JsonNode value = JSON.readTree(json).get(name);
            assertThat(value).as("field '%s' in %s", name, json).isNotNull();
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
