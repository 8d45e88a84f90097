package io.tokenshare.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.app.TokenshareApp;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.KafkaTestClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The origin table as a global store on a real broker: rows published while the app runs re-attribute
 * weeks already counted, and after a lost disk the table comes back, history and all, from its topic.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AttributionIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Topics TOPICS = new Topics("attribution-it-");
    private static final String WEEK = "2026-02-02";

    private static EmbeddedKafka kafka;
    private static String scope;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(TopicLayout.of(TOPICS, 2).newTopics(Optional.empty()));
        scope = "attribution-it-" + UUID.randomUUID();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void originRowsPublishedWhileRunningReattributeCountedWeeksAndSurviveALostDisk(@TempDir Path stateDir)
            throws Exception {
        publishOrigin("stealth", row("Stealth", Origin.UNATTRIBUTED));
        publishOrigin("anthropic", row("Anthropic", Origin.US));
        Map<String, ShareRow> byOrigin = new HashMap<>();
        Map<String, ShareRow> byLab = new HashMap<>();
        try (KafkaConsumer<String, ShareRow> origins = shareReader(TOPICS.shareByOrigin());
                KafkaConsumer<String, ShareRow> labs = shareReader(TOPICS.shareByLab())) {
            try (TokenshareApp app = TokenshareApp.start(config(stateDir.resolve("disk")))) {
                publishEvent("stealth/model-q", 300);
                publishEvent("anthropic/claude", 100);
                awaitRow(origins, byOrigin, "all|origin|UNATTRIBUTED", 300);

                publishOrigin("stealth/model-q", row("Zhipu AI", Origin.CN)); // the stealth model is revealed
                awaitRow(origins, byOrigin, "all|origin|CN", 300);
                assertThat(byOrigin).doesNotContainKey(WEEK + "|all|origin|UNATTRIBUTED");
                assertThat(byOrigin.get(WEEK + "|all|origin|CN").getTokenShare())
                        .isEqualTo(0.75);
                assertThat(app.accounting().counted()).isEqualTo(2);
                leaveGroup(app);
            }

            // A replacement disk: the global table is rebuilt from model-origins, each key's history through
            // the same processor, and the share stage remembers which rows it has applied.
            try (TokenshareApp app = TokenshareApp.start(config(stateDir.resolve("replacement-disk")))) {
                await().atMost(PATIENCE)
                        .ignoreExceptions()
                        .until(() -> originTable(app).get("stealth/model-q") != null);
                assertThat(originTable(app).get("stealth/model-q").getRows())
                        .extracting(ModelOrigin::getLab)
                        .containsExactly("Zhipu AI");

                publishOrigin("anthropic", row("Anthropic PBC", Origin.US));
                awaitRow(labs, byLab, "all|lab|Anthropic PBC", 100);
                assertThat(byLab).doesNotContainKey(WEEK + "|all|lab|Anthropic");
                assertThat(byLab.get(WEEK + "|all|lab|Zhipu AI").getTokens()).isEqualTo(300);
            }
        }
    }

    // Closing with a leave request lets the next instance take over at once instead of after the session timeout.
    private static void leaveGroup(TokenshareApp app) {
        app.streams()
                .close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(PATIENCE));
    }

    private static ReadOnlyKeyValueStore<String, OriginHistory> originTable(TokenshareApp app) {
        return app.streams()
                .store(StoreQueryParameters.fromNameAndType(
                        StoreNames.MODEL_ORIGIN_HISTORY, QueryableStoreTypes.<String, OriginHistory>keyValueStore()));
    }

    private static void awaitRow(
            KafkaConsumer<String, ShareRow> consumer, Map<String, ShareRow> latest, String member, long tokens) {
        String key = WEEK + "|" + member;
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), r.value());
                }
            });
            return latest.containsKey(key) && latest.get(key).getTokens() == tokens;
        });
    }

    private static Map<String, Object> config(Path stateDir) {
        Map<String, Object> config = new HashMap<>(registry());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "attribution-it");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put("tokenshare.topic.prefix", TOPICS.prefix());
        return config;
    }

    private static Map<String, Object> registry() {
        return Map.of("schema.registry.url", "mock://" + scope);
    }

    private static ModelOrigin row(String lab, Origin origin) {
        return ModelOrigin.newBuilder().setLab(lab).setOrigin(origin).build();
    }

    private static void publishOrigin(String key, ModelOrigin row) {
        try (KafkaProducer<String, ModelOrigin> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                ConfluentAvroSerde.forValues(ModelOrigin.class, registry()).serializer())) {
            producer.send(new ProducerRecord<>(TOPICS.modelOrigins(), key, row));
        }
    }

    private static void publishEvent(String model, long tokens) {
        TokenUsageEvent event = TokenUsageEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse(WEEK + "T10:00:00Z"))
                .setModelId(model)
                .setTotalTokens(tokens)
                .setRequests(1)
                .build();
        try (KafkaProducer<String, TokenUsageEvent> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry()).serializer())) {
            producer.send(new ProducerRecord<>(TOPICS.tokenUsage(), model, event));
        }
    }

    private static KafkaConsumer<String, ShareRow> shareReader(String topic) {
        Map<String, Object> config =
                KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "attribution-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, ShareRow> consumer = new KafkaConsumer<>(
                config,
                new StringDeserializer(),
                ConfluentAvroSerde.forValues(ShareRow.class, registry()).deserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        return consumer;
    }
}
