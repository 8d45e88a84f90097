package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.app.TokenshareApp;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.KafkaTestClients;
import io.tokenshare.window.IsoWeek;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a real broker with four token-usage partitions, the same events and resends keyed by model id, by
 * event id, and not at all (routed by event id) give the same exact per-week, per-origin totals; every
 * week turns final; every record is accounted for; and a query by model answers the merged figure from
 * the partition the query layer routes it to, although the model's events sat on every partition.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnyKeyIT {

    private static final int PARTITIONS = 4;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Instant FIRST_WEEK = Instant.parse("2026-01-05T00:00:00Z");
    // The restart test needs recent weeks: the broker time-retains windowed changelogs (model-week-usage) by the
    // records' event times, so a restore would miss the usage of a distant past.
    private static final Instant RECENT_FIRST_WEEK = Instant.ofEpochMilli(IsoWeek.startMillisContaining(
            System.currentTimeMillis() - Duration.ofDays(7L * 6).toMillis()));
    private static final int WEEKS = 5;
    private static final Map<String, Origin> LABS = Map.of(
            "deepseek",
            Origin.CN,
            "qwen",
            Origin.CN,
            "openai",
            Origin.US,
            "anthropic",
            Origin.US,
            "mistralai",
            Origin.EU);
    private static final List<String> MODELS = List.of(
            "deepseek/deepseek-v3.2",
            "qwen/qwen3-coder",
            "openai/gpt-5",
            "anthropic/claude-sonnet-4.5",
            "mistralai/mistral-large",
            "stealth/unknown-model");

    private enum KeyScheme {
        MODEL_ID,
        EVENT_ID,
        NULL_ROUTED_BY_EVENT_ID
    }

    private static EmbeddedKafka kafka;
    private static String scope;
    private static Workload workload;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        scope = "any-key-it-" + UUID.randomUUID();
        workload = Workload.generate(new Random(20261207L), FIRST_WEEK, 1500, 60);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void modelIdEventIdAndNullKeysGiveTheSameExactFinalWeeks() throws Exception {
        Map<KeyScheme, Map<String, Long>> totals = new HashMap<>();
        for (KeyScheme scheme : KeyScheme.values()) {
            totals.put(scheme, run(scheme));
        }
        assertThat(totals.get(KeyScheme.MODEL_ID)).isEqualTo(workload.expectedByWeekAndOrigin());
        assertThat(totals.get(KeyScheme.EVENT_ID)).isEqualTo(workload.expectedByWeekAndOrigin());
        assertThat(totals.get(KeyScheme.NULL_ROUTED_BY_EVENT_ID)).isEqualTo(workload.expectedByWeekAndOrigin());
    }

    @Test
    void anInstanceOnANewDiskGoesOnFromTheChangeloggedPartials() throws Exception {
        Topics topics = new Topics("any-key-restart-");
        kafka.createTopics(TopicLayout.of(topics, PARTITIONS).newTopics(Optional.empty()));
        publishOrigins(topics);
        Workload recent = Workload.generate(new Random(7L), RECENT_FIRST_WEEK, 800, 0);
        List<TokenUsageEvent> firstHalf = recent.originals.subList(0, recent.originals.size() / 2);
        List<TokenUsageEvent> secondHalf =
                new ArrayList<>(recent.originals.subList(firstHalf.size(), recent.originals.size()));
        secondHalf.addAll(firstHalf.subList(0, 40)); // resends of events counted before the restart
        try (TokenshareApp app = TokenshareApp.start(config(topics, KeyScheme.EVENT_ID, "restart"))) {
            publishEvents(topics, KeyScheme.EVENT_ID, firstHalf);
            await().atMost(PATIENCE).until(() -> app.accounting().read() == firstHalf.size());
            // Leaving the group lets the next instance take over at once instead of after the session timeout.
            app.streams()
                    .close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(PATIENCE));
        }
        // A new state directory: the partials, seen ids and progress come back from their changelogs. The weeks
        // are recent, so they stay provisional (a watermark past their grace would lie in the future).
        try (TokenshareApp app = TokenshareApp.start(config(topics, KeyScheme.EVENT_ID, "restart"))) {
            publishEvents(topics, KeyScheme.EVENT_ID, secondHalf);
            // The counts of the first run come back with the changelogs and go on from there.
            await().atMost(PATIENCE).until(() -> app.accounting().read() == firstHalf.size() + secondHalf.size());
            Map<String, ShareRow> rows =
                    readUntil(topics, latest -> byWeekAndOrigin(latest).equals(recent.expectedByWeekAndOrigin()));

            assertThat(byWeekAndOrigin(rows)).isEqualTo(recent.expectedByWeekAndOrigin());
            assertThat(app.accounting().duplicates()).isEqualTo(40);
            assertThat(app.accounting().counted()).isEqualTo(recent.originals.size());
            assertThat(app.accounting().balances()).isTrue();
        }
    }

    /** Runs the app on its own topics with events keyed by the scheme; returns the final tokens by 'week|origin'. */
    private static Map<String, Long> run(KeyScheme scheme) throws Exception {
        Topics topics = new Topics("any-key-" + scheme.name().toLowerCase(java.util.Locale.ROOT) + "-");
        kafka.createTopics(TopicLayout.of(topics, PARTITIONS).newTopics(Optional.empty()));
        publishOrigins(topics);
        try (TokenshareApp app =
                TokenshareApp.start(config(topics, scheme, scheme.name().toLowerCase(java.util.Locale.ROOT)))) {
            publishEvents(topics, scheme, workload.sends);
            await().atMost(PATIENCE).until(() -> app.accounting().read() == workload.sends.size());
            sendWatermarks(topics, FIRST_WEEK.plus(Duration.ofDays(7L * WEEKS + 61)));
            Map<String, ShareRow> rows = readUntilEveryWeekIsFinal(topics);

            assertThat(app.accounting().counted()).as(scheme + " counted").isEqualTo(workload.unique);
            assertThat(app.accounting().duplicates())
                    .as(scheme + " duplicates")
                    .isEqualTo(workload.sends.size() - workload.unique);
            assertThat(app.accounting().deadLetters())
                    .as(scheme + " dead letters")
                    .isZero();
            assertThat(app.accounting().balances()).isTrue();
            assertThat(rows.values()).allMatch(ShareRow::getFinal$);
            assertThat(app.accounting().nullKeyed())
                    .as("routed records are keyed by event id")
                    .isZero();
            // Metadata and stores may be briefly unavailable while the group settles after the run.
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertModelQueriesAnswerTheMergedWeeks(app));
            return byWeekAndOrigin(rows);
        }
    }

    private static Map<String, Long> byWeekAndOrigin(Map<String, ShareRow> rows) {
        Map<String, Long> byWeekAndOrigin = new TreeMap<>();
        rows.forEach((key, row) -> {
            if (key.contains("|all|origin|")) {
                byWeekAndOrigin.put(row.getWeekStart() + "|" + row.getMember(), row.getTokens());
            }
        });
        return byWeekAndOrigin;
    }

    private static Map<String, Object> config(Topics topics, KeyScheme scheme, String name) throws java.io.IOException {
        Map<String, Object> config = new HashMap<>(registry());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "any-key-it-" + name);
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("any-key-it").toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        // Without an advertised endpoint Kafka Streams keeps no key-to-partition metadata for queries.
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:18080");
        config.put(TokenshareSettings.TOPIC_PREFIX, topics.prefix());
        // Events of one week arrive spread over partitions processed at different paces (and, when routed, mixed
        // again): a long grace keeps lateness out of a test about keys.
        config.put(TokenshareSettings.GRACE, "60d");
        config.put(TokenshareSettings.ROUTE_BY_EVENT_ID, Boolean.toString(scheme == KeyScheme.NULL_ROUTED_BY_EVENT_ID));
        return config;
    }

    private static void assertModelQueriesAnswerTheMergedWeeks(TokenshareApp app) {
        for (String model : MODELS) {
            KeyQueryMetadata owner =
                    app.streams().queryMetadataForKey(StoreNames.MODEL_WEEK_USAGE, model, new StringSerializer());
            ReadOnlyWindowStore<String, ModelWeekUsage> store = app.streams()
                    .store(StoreQueryParameters.fromNameAndType(
                                    StoreNames.MODEL_WEEK_USAGE,
                                    QueryableStoreTypes.<String, ModelWeekUsage>windowStore())
                            .withPartition(owner.partition()));
            Map<String, Long> weeks = new TreeMap<>();
            try (WindowStoreIterator<ModelWeekUsage> it =
                    store.fetch(model, FIRST_WEEK, FIRST_WEEK.plus(Duration.ofDays(7L * WEEKS)))) {
                while (it.hasNext()) {
                    KeyValue<Long, ModelWeekUsage> kv = it.next();
                    weeks.put(IsoWeek.ofStartMillis(kv.key).toString(), kv.value.getTokens());
                }
            }
            assertThat(weeks)
                    .as("weekly usage of " + model + " from partition " + owner.partition())
                    .isEqualTo(workload.expectedByModel(model));
        }
    }

    private static Map<String, ShareRow> readUntilEveryWeekIsFinal(Topics topics) {
        Set<String> weeks = workload.weeks();
        return readUntil(topics, latest -> {
            Set<String> finalWeeks = new HashSet<>();
            latest.values().stream()
                    .filter(ShareRow::getFinal$)
                    .forEach(row -> finalWeeks.add(row.getWeekStart().toString()));
            return finalWeeks.containsAll(weeks) && latest.values().stream().allMatch(ShareRow::getFinal$);
        });
    }

    /** The latest share-by-origin rows once they satisfy {@code done}. */
    private static Map<String, ShareRow> readUntil(
            Topics topics, java.util.function.Predicate<Map<String, ShareRow>> done) {
        Map<String, ShareRow> latest = new HashMap<>();
        Map<String, Object> config =
                KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "any-key-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, ShareRow> consumer = new KafkaConsumer<>(
                config,
                new StringDeserializer(),
                ConfluentAvroSerde.forValues(ShareRow.class, registry()).deserializer())) {
            consumer.assign(List.of(new TopicPartition(topics.shareByOrigin(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                });
                return done.test(latest);
            });
        }
        return latest;
    }

    private static void publishOrigins(Topics topics) {
        try (KafkaProducer<String, ModelOrigin> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                ConfluentAvroSerde.forValues(ModelOrigin.class, registry()).serializer())) {
            LABS.forEach((lab, origin) -> producer.send(new ProducerRecord<>(
                    topics.modelOrigins(),
                    lab,
                    ModelOrigin.newBuilder().setLab(lab).setOrigin(origin).build())));
        }
    }

    private static void publishEvents(Topics topics, KeyScheme scheme, List<TokenUsageEvent> events) {
        Random partitions = new Random(7);
        try (KafkaProducer<String, TokenUsageEvent> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry()).serializer())) {
            for (TokenUsageEvent e : events) {
                ProducerRecord<String, TokenUsageEvent> record =
                        switch (scheme) {
                            case MODEL_ID -> new ProducerRecord<>(topics.tokenUsage(), e.getModelId(), e);
                            case EVENT_ID -> new ProducerRecord<>(topics.tokenUsage(), e.getEventId(), e);
                                // A gateway without keys spreads records, resends included, over every partition.
                            case NULL_ROUTED_BY_EVENT_ID -> new ProducerRecord<>(
                                    topics.tokenUsage(), partitions.nextInt(PARTITIONS), null, e);
                        };
                producer.send(record);
            }
        }
    }

    private static void sendWatermarks(Topics topics, Instant at) {
        try (KafkaProducer<String, TokenUsageEvent> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry()).serializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                TokenUsageEvent marker = TokenUsageEvent.newBuilder()
                        .setEventId("watermark-" + p)
                        .setModelId("tokenshare/watermark")
                        .setOccurredAt(at)
                        .setTotalTokens(0)
                        .build();
                RecordHeaders headers = new RecordHeaders();
                headers.add(ControlHeaders.MARKER, ControlHeaders.MARKER_WATERMARK.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(
                        topics.tokenUsage(), p, at.toEpochMilli(), marker.getModelId(), marker, headers));
            }
        }
    }

    private static Map<String, Object> registry() {
        return Map.of("schema.registry.url", "mock://" + scope);
    }

    /** Events over a few weeks in time order, each resend shortly after its original, and the truth computed by a loop. */
    private record Workload(List<TokenUsageEvent> sends, long unique, List<TokenUsageEvent> originals) {

        static Workload generate(Random random, Instant firstWeek, int events, int resends) {
            List<TokenUsageEvent> originals = new ArrayList<>();
            long spacing = Duration.ofDays(7L * WEEKS).toMillis() / events;
            for (int i = 0; i < events; i++) {
                String model = MODELS.get(random.nextInt(MODELS.size()));
                originals.add(TokenUsageEvent.newBuilder()
                        .setEventId("req-" + i)
                        .setModelId(model)
                        .setOccurredAt(firstWeek.plusMillis(i * spacing + random.nextInt(1000)))
                        .setTotalTokens(1 + random.nextInt(50_000))
                        .setRequests(1)
                        .build());
            }
            List<TokenUsageEvent> sends = new ArrayList<>(originals);
            for (int r = 0; r < resends; r++) {
                int original = random.nextInt(events);
                sends.add(
                        Math.min(sends.size(), original + 1 + r + random.nextInt(5)),
                        TokenUsageEvent.newBuilder(originals.get(original)).build());
            }
            return new Workload(List.copyOf(sends), events, List.copyOf(originals));
        }

        Map<String, Long> expectedByWeekAndOrigin() {
            Map<String, Long> expected = new TreeMap<>();
            for (TokenUsageEvent e : originals) {
                Origin origin = LABS.getOrDefault(
                        e.getModelId().substring(0, e.getModelId().indexOf('/')), Origin.UNKNOWN);
                expected.merge(
                        IsoWeek.containing(e.getOccurredAt().toEpochMilli()) + "|" + origin.name(),
                        e.getTotalTokens(),
                        Long::sum);
            }
            return expected;
        }

        Map<String, Long> expectedByModel(String model) {
            Map<String, Long> expected = new TreeMap<>();
            originals.stream()
                    .filter(e -> e.getModelId().equals(model))
                    .forEach(e -> expected.merge(
                            IsoWeek.containing(e.getOccurredAt().toEpochMilli()).toString(),
                            e.getTotalTokens(),
                            Long::sum));
            return expected;
        }

        Set<String> weeks() {
            Set<String> weeks = new HashSet<>();
            originals.forEach(e -> weeks.add(
                    IsoWeek.containing(e.getOccurredAt().toEpochMilli()).toString()));
            return weeks;
        }
    }
}
