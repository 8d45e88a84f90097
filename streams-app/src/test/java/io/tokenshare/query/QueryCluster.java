package io.tokenshare.query;

import static org.awaitility.Awaitility.await;

import io.tokenshare.app.TokenshareApp;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.ingest.ControlHeaders;
import io.tokenshare.replay.OriginTableRow;
import io.tokenshare.replay.OriginsPublisher;
import io.tokenshare.replay.RankingsRow;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.ShippedData;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.serde.SchemaRegistryAvroSerdes;
import io.tokenshare.testsupport.KafkaTestClients;
import io.tokenshare.testsupport.TcpPorts;
import io.tokenshare.window.IsoWeek;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real broker, the shipped rankings and origin table replayed into it, and tokenshare instances of
 * one application, each with its query server on its own port and state directory.
 */
final class QueryCluster implements AutoCloseable {

    static final int USAGE_PARTITIONS = 4;
    static final Duration PATIENCE = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(QueryCluster.class);
    private static final String APPLICATION_ID = "tokenshare-query-it";

    private final EmbeddedKafka kafka;
    private final Path stateRoot;
    private final String registryScope = "query-it-" + UUID.randomUUID();
    private final List<Instance> instances = new ArrayList<>();
    private final Topics topics = Topics.unprefixed();

    /** One instance: its app and query server; restartable on the same port and state directory. */
    static final class Instance implements AutoCloseable {
        private final int port;
        private final Map<String, Object> config;
        private TokenshareApp app;
        private QueryServer server;

        private Instance(int port, Map<String, Object> config) {
            this.port = port;
            this.config = config;
        }

        private void start() {
            app = TokenshareApp.start(config);
            server = QueryServer.start(app.served(), "127.0.0.1", port);
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        TokenshareApp app() {
            return app;
        }

        /** Stops as a rolling restart does: the instance leaves the group so that the others take over at once. */
        void stop() {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (app != null) {
                    app.streams()
                            .close(CloseOptions.groupMembershipOperation(
                                            CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                                    .withTimeout(Duration.ofSeconds(30)));
                    app.close();
                }
                server = null;
                app = null;
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    private QueryCluster(EmbeddedKafka kafka, Path stateRoot) {
        this.kafka = kafka;
        this.stateRoot = stateRoot;
    }

    /** A broker with tokenshare's topics; no instance yet. */
    static QueryCluster start(Path stateRoot) {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            QueryCluster cluster = new QueryCluster(kafka, stateRoot);
            cluster.createTopics();
            return cluster;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** Starts one more instance of the application. */
    Instance addInstance() {
        int index = instances.size();
        int port = TcpPorts.free();
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateRoot.resolve("instance-" + index).toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put("schema.registry.url", "mock://" + registryScope);
        Instance instance = new Instance(port, config);
        instance.start();
        instances.add(instance);
        return instance;
    }

    List<Instance> instances() {
        return instances;
    }

    /** Stops an instance and starts it again on the same port and state directory. */
    void restart(Instance instance) {
        instance.stop();
        instance.start();
    }

    /**
     * Publishes the origin table and every rankings row as a daily roll-up event, then one watermark
     * marker per partition past the last week's end plus grace, so that every week closes.
     *
     * @return the number of usage events published
     */
    long replayShippedData() {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + registryScope);
        SchemaRegistryAvroSerdes serdes = new SchemaRegistryAvroSerdes(serdeConfig);
        Map<String, Object> producer = KafkaTestClients.producerConfig(kafka.bootstrapServers());
        try (OriginsPublisher origins = new OriginsPublisher(
                        producer, serdes.forValues(ModelOrigin.class).serializer(), topics);
                Stream<OriginTableRow> rows = ShippedData.origins()) {
            origins.publish(rows, n -> {});
        }
        long published;
        try (UsagePublisher usage = new UsagePublisher(
                        producer, serdes.forValues(TokenUsageEvent.class).serializer(), topics, RateLimit.UNLIMITED);
                Stream<RankingsRow> rows = ShippedData.rankings()) {
            published = usage.publishEvents(rows.map(RankingsRow::toRollUp), n -> {})
                    .published();
        }
        LocalDate lastDay;
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            lastDay = rows.map(RankingsRow::date).max(LocalDate::compareTo).orElseThrow();
        }
        sendWatermarks(serdes.forValues(TokenUsageEvent.class).serializer(), watermarkAfter(lastDay));
        LOG.info("Replayed {} usage events up to {}", published, lastDay);
        return published;
    }

    /** Publishes events to token-usage, keyed by model id, as a gateway would after the replay. */
    void publishEvents(List<TokenUsageEvent> events) {
        SchemaRegistryAvroSerdes serdes =
                new SchemaRegistryAvroSerdes(Map.of("schema.registry.url", "mock://" + registryScope));
        try (UsagePublisher usage = new UsagePublisher(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                serdes.forValues(TokenUsageEvent.class).serializer(),
                topics,
                RateLimit.UNLIMITED)) {
            usage.publishEvents(events.stream(), n -> {});
        }
    }

    /** Sends a watermark marker at {@code eventTime} to every partition: the weeks it has passed (plus grace) close. */
    void sendWatermarks(Instant eventTime) {
        SchemaRegistryAvroSerdes serdes =
                new SchemaRegistryAvroSerdes(Map.of("schema.registry.url", "mock://" + registryScope));
        sendWatermarks(serdes.forValues(TokenUsageEvent.class).serializer(), eventTime);
    }

    /** An event time past the end of the last day's week plus grace: every week before it can close. */
    static Instant watermarkAfter(LocalDate lastDay) {
        Duration grace = TokenshareSettings.defaultSettings().grace();
        return Instant.ofEpochMilli(IsoWeek.containing(lastDay).endMillis())
                .plus(grace)
                .plus(Duration.ofDays(1));
    }

    private void sendWatermarks(Serializer<TokenUsageEvent> serializer, Instant eventTime) {
        try (KafkaProducer<String, TokenUsageEvent> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()), new StringSerializer(), serializer)) {
            for (int partition = 0; partition < USAGE_PARTITIONS; partition++) {
                TokenUsageEvent marker = TokenUsageEvent.newBuilder()
                        .setEventId("watermark-" + partition)
                        .setOccurredAt(eventTime)
                        .setModelId("watermark")
                        .setTotalTokens(0)
                        .build();
                ProducerRecord<String, TokenUsageEvent> record = new ProducerRecord<>(
                        topics.tokenUsage(), partition, eventTime.toEpochMilli(), "watermark", marker);
                record.headers()
                        .add(ControlHeaders.MARKER, ControlHeaders.MARKER_WATERMARK.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }

    /**
     * Waits until every instance's API lists exactly the expected weeks, all final, with the expected
     * totals. Final alone is not enough: weeks close once the watermark has passed them, which can be
     * before the last of their usage has come through the attribution joins (they are then revised).
     */
    void awaitAllWeeksFinalWithTotals(Map<String, Long> expectedTotals) {
        ApiClient api = new ApiClient();
        long start = System.nanoTime();
        await("every week final")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> instances.stream()
                        .allMatch(i -> finalWeeks(api, i).keySet().equals(expectedTotals.keySet())));
        long allFinal = System.nanoTime();
        await("every week's total as expected")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> instances.stream().allMatch(i -> finalWeeks(api, i).equals(expectedTotals)));
        LOG.info(
                "All {} weeks final {} s after the replay; their totals complete {} s after that",
                expectedTotals.size(),
                Duration.ofNanos(allFinal - start).toSeconds(),
                Duration.ofNanos(System.nanoTime() - allFinal).toSeconds());
    }

    /** The final weeks an instance's API lists, with their totals; empty while it answers 503. */
    private static Map<String, Long> finalWeeks(ApiClient api, Instance instance) {
        ApiClient.Answer answer = api.get(instance.url() + "/api/v1/weeks");
        Map<String, Long> totals = new TreeMap<>();
        if (answer.status() == 200) {
            answer.data().forEach(w -> {
                if (w.get("final").asBoolean()) {
                    totals.put(w.get("week").asText(), w.get("tokens").asLong());
                }
            });
        }
        return totals;
    }

    private static void stopQuietly(Instance instance) {
        try {
            instance.stop();
        } catch (RuntimeException e) {
            LOG.warn("Instance {} did not stop cleanly", instance.address(), e);
        }
    }

    private void createTopics() {
        Map<String, String> history = Map.of("retention.ms", "-1");
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        List<NewTopic> created = new ArrayList<>();
        created.add(new NewTopic(topics.tokenUsage(), USAGE_PARTITIONS, (short) 1).configs(history));
        created.add(new NewTopic(topics.tokenUsageDlq(), 1, (short) 1).configs(history));
        created.add(new NewTopic(topics.modelOrigins(), 1, (short) 1).configs(compacted));
        topics.shareTopics().forEach(t -> created.add(new NewTopic(t, 1, (short) 1).configs(compacted)));
        created.add(new NewTopic(topics.shareAlerts(), 1, (short) 1).configs(compacted));
        kafka.createTopics(created);
    }

    @Override
    public void close() {
        try {
            instances.forEach(QueryCluster::stopQuietly);
        } finally {
            kafka.close();
            InMemorySchemaRegistry.dropScope(registryScope);
        }
    }
}
