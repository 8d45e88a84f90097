package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.ingest.DeadLetteringDeserializationHandler;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.KafkaTestClients;
import io.tokenshare.testsupport.StreamsLiveness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An input record whose dead letter would be too large for the app's producer (here: 64 KB of bytes
 * under a lowered {@code max.request.size}). Under exactly-once one refused record fails the whole
 * transaction, the thread dies, and it died again on the same record after every restart; now the dead
 * letter leaves the value out (its headers say how large it was), and the app keeps running across a restart.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OversizeOutputIT {

    private static final Topics TOPICS = Topics.unprefixed();

    @Test
    void aDeadLetterTooLargeToWriteLeavesItsValueOutAndTheAppKeepsRunningAcrossARestart() throws Exception {
        String scope = "oversize-" + UUID.randomUUID();
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + scope);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(TopicLayout.of(TOPICS, 1).newTopics(Optional.of((short) 1)));
            Map<String, Object> config = new HashMap<>(registry);
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "oversize");
            config.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("oversize-state").toString());
            config.put(StreamsConfig.producerPrefix("max.request.size"), 16 * 1024);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                var avro = ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry)
                        .serializer();
                producer.send(record(avro.serialize(TOPICS.tokenUsage(), event("e1", 100))));
                byte[] garbage = new byte[64 * 1024];
                java.util.Arrays.fill(garbage, (byte) 'x');
                producer.send(record(garbage));
                producer.send(record(avro.serialize(TOPICS.tokenUsage(), event("e2", 200))));
            }

            Map<Integer, IngestAccounting.PartitionCounts> firstRun;
            try (TokenshareApp app = TokenshareApp.start(config)) {
                await().atMost(Duration.ofMinutes(2))
                        .until(() ->
                                app.accounting().read() == 3 || app.streams().state() == KafkaStreams.State.ERROR);
                assertThat(app.accounting().counted()).isEqualTo(2);
                assertThat(app.accounting().deadLetters(DeadLetterReason.UNDECODABLE))
                        .isEqualTo(1);
                firstRun = app.accounting().byPartition();
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> !deadLetters(kafka).isEmpty());
                assertThat(StreamsLiveness.settledState(app.streams(), Duration.ofMinutes(1)))
                        .isEqualTo(KafkaStreams.State.RUNNING);
            }
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(kafka);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
                assertThat(header(r, DeadLetteringDeserializationHandler.OMITTED_VALUE_BYTES_HEADER))
                        .isEqualTo("65536");
                assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
                assertThat(r.value()).isNull();
            });

            try (TokenshareApp again = TokenshareApp.start(config)) {
                assertThat(again.awaitRunning(Duration.ofMinutes(1))).isTrue();
                // The counts are the committed ones of the first run: nothing read again, nothing forgotten.
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> !again.accounting().byPartition().isEmpty());
                assertThat(again.accounting().byPartition()).isEqualTo(firstRun);
                assertThat(StreamsLiveness.settledState(again.streams(), Duration.ofMinutes(1)))
                        .isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(again.accounting().byPartition())
                        .as("counts after the restart settled")
                        .isEqualTo(firstRun);
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(byte[] value) {
        return new ProducerRecord<>(TOPICS.tokenUsage(), 0, "m/a".getBytes(StandardCharsets.UTF_8), value);
    }

    private static TokenUsageEvent event(String id, long tokens) {
        return TokenUsageEvent.newBuilder()
                .setEventId(id)
                .setModelId("m/a")
                .setOccurredAt(Instant.parse("2026-02-10T10:00:00Z"))
                .setTotalTokens(tokens)
                .build();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(EmbeddedKafka kafka) {
        Map<String, Object> c =
                KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "oversize-dlq-" + UUID.randomUUID());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPICS.tokenUsageDlq(), 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return KafkaTestClients.pollToEnd(consumer, partitions);
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
