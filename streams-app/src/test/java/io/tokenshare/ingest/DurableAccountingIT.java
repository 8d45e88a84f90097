package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.app.TokenshareApp;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.query.QueryServer;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.KafkaTestClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The promise {@code read = counted + duplicates + dead letters} over the life of an application, not of an
 * instance: records of every fate are read, the instance is closed and started again on the same state, then on
 * an empty state directory (a new disk), and the accounting always shows each record once, neither forgotten
 * nor counted again.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DurableAccountingIT {

    private static final int PARTITIONS = 2;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Instant WEEK = Instant.parse("2026-02-10T10:00:00Z");
    private static final String SCOPE = "durable-accounting-" + UUID.randomUUID();
    private static final Map<String, Object> REGISTRY = Map.of("schema.registry.url", "mock://" + SCOPE);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void eachRecordIsCountedOnceAcrossARestartAndANewDisk() throws Exception {
        Topics topics = new Topics("durable-");
        kafka.createTopics(TopicLayout.of(topics, PARTITIONS).newTopics(Optional.empty()));
        Expected expected = new Expected();
        publish(topics, 0, 120, 15, 10, 6, expected);

        Map<Integer, IngestAccounting.PartitionCounts> firstRun;
        Map<String, Object> config = config(topics, "durable", false);
        try (TokenshareApp app = TokenshareApp.start(config)) {
            awaitExactly(app, expected);
            firstRun = app.accounting().byPartition();
            assertThat(firstRun).containsOnlyKeys(0, 1);
            leaveGroup(app);
        }

        try (TokenshareApp app = TokenshareApp.start(config)) {
            assertThat(app.awaitRunning(PATIENCE)).isTrue();
            await().atMost(PATIENCE).until(() -> app.accounting().byPartition().size() == PARTITIONS);
            assertThat(app.accounting().byPartition())
                    .as("the committed counts of the first run, neither reset nor read again")
                    .isEqualTo(firstRun);
            // Resends of the first run's events, and more of every kind.
            publish(topics, 100, 60, 25, 4, 3, expected);
            awaitExactly(app, expected);
            leaveGroup(app);
        }

        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("durable-new-disk").toString());
        int port = freePort();
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        try (TokenshareApp app = TokenshareApp.start(config);
                QueryServer server = QueryServer.start(app.served(), "127.0.0.1", port)) {
            awaitExactly(app, expected);
            publish(topics, 300, 10, 0, 0, 2, expected);
            awaitExactly(app, expected);
            String metrics = get("http://127.0.0.1:" + server.port() + "/metrics");
            assertThat(metricSum(metrics, "tokenshare_events_read_total")).isEqualTo(expected.read);
            assertThat(metricSum(metrics, "tokenshare_ingest_partition_records{fate=\"read\""))
                    .as("the per-partition gauges add up to the instance's total")
                    .isEqualTo(expected.read);
        }
    }

    @Test
    void undecodableRecordsAreCountedOnceWhenRoutedByEventId() throws Exception {
        Topics topics = new Topics("durable-routed-");
        kafka.createTopics(TopicLayout.of(topics, PARTITIONS).newTopics(Optional.empty()));
        Expected expected = new Expected();
        publish(topics, 0, 80, 10, 5, 6, expected);

        Map<String, Object> config = config(topics, "durable-routed", true);
        try (TokenshareApp app = TokenshareApp.start(config)) {
            awaitExactly(app, expected);
            leaveGroup(app);
        }
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("durable-routed-new-disk").toString());
        try (TokenshareApp app = TokenshareApp.start(config)) {
            publish(topics, 50, 40, 0, 0, 4, expected);
            awaitExactly(app, expected);
        }
    }

    /** What the accounting must show: every record published so far, by fate. */
    private static final class Expected {
        long read;
        long counted;
        long duplicates;
        final Map<DeadLetterReason, Long> deadLetters = new EnumMap<>(DeadLetterReason.class);
        final Set<Integer> published = new HashSet<>();

        void deadLetter(DeadLetterReason reason) {
            read++;
            deadLetters.merge(reason, 1L, Long::sum);
        }
    }

    private static void awaitExactly(TokenshareApp app, Expected expected) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> app.accounting().read() >= expected.read);
        IngestAccounting accounting = app.accounting();
        assertThat(accounting.read()).as("read").isEqualTo(expected.read);
        assertThat(accounting.counted()).as("counted").isEqualTo(expected.counted);
        assertThat(accounting.duplicates()).as("duplicates").isEqualTo(expected.duplicates);
        assertThat(accounting.deadLettersByReason()).containsExactlyInAnyOrderEntriesOf(expected.deadLetters);
        assertThat(accounting.balances()).isTrue();
    }

    /**
     * Publishes events {@code first..first+fresh-1} (those already published before become resends), {@code resends}
     * more copies of the first of them, {@code invalid} events with negative tokens and {@code undecodable} records of
     * bytes that are no event, spread over both partitions.
     */
    private static void publish(
            Topics topics, int first, int fresh, int resends, int invalid, int undecodable, Expected expected) {
        Serializer<TokenUsageEvent> avro =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, REGISTRY).serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = first; i < first + fresh; i++) {
                send(producer, topics, avro, event("e-" + i, 10 + i));
                expected.read++;
                if (expected.published.add(i)) {
                    expected.counted++;
                } else {
                    expected.duplicates++;
                }
            }
            for (int i = first; i < first + resends; i++) {
                send(producer, topics, avro, event("e-" + i, 10 + i));
                expected.read++;
                expected.duplicates++;
            }
            for (int i = 0; i < invalid; i++) {
                send(producer, topics, avro, event("bad-" + first + "-" + i, -1));
                expected.deadLetter(DeadLetterReason.NEGATIVE_TOKENS);
            }
            for (int i = 0; i < undecodable; i++) {
                byte[] garbage = ("not an event " + i).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topics.tokenUsage(), i % PARTITIONS, key(i), garbage));
                expected.deadLetter(DeadLetterReason.UNDECODABLE);
            }
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            Topics topics,
            Serializer<TokenUsageEvent> avro,
            TokenUsageEvent e) {
        // Keyed by event id: a resend lands on its original's partition and is recognised there.
        producer.send(new ProducerRecord<>(
                topics.tokenUsage(),
                e.getEventId().getBytes(StandardCharsets.UTF_8),
                avro.serialize(topics.tokenUsage(), e)));
    }

    private static byte[] key(int i) {
        return ("garbage-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static TokenUsageEvent event(String id, long tokens) {
        return TokenUsageEvent.newBuilder()
                .setEventId(id)
                .setModelId("acme/model-" + (Math.abs(id.hashCode()) % 3))
                .setOccurredAt(WEEK.plusSeconds(Math.abs(id.hashCode()) % 3600))
                .setTotalTokens(tokens)
                .build();
    }

    private static Map<String, Object> config(Topics topics, String name, boolean routed) throws IOException {
        Map<String, Object> config = new HashMap<>(REGISTRY);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "durable-accounting-it-" + name);
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("durable-accounting").toString());
        config.put(TokenshareSettings.TOPIC_PREFIX, topics.prefix());
        config.put(TokenshareSettings.ROUTE_BY_EVENT_ID, Boolean.toString(routed));
        return config;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The sum of the Prometheus samples whose line starts with {@code prefix}. */
    private static long metricSum(String exposition, String prefix) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Leaving the group lets the next instance take over at once instead of after the session timeout. */
    private static void leaveGroup(TokenshareApp app) {
        app.streams()
                .close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(PATIENCE));
    }
}
