package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.cli.WatermarkMarkers;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.replay.OriginsPublisher;
import io.tokenshare.replay.RankingsRow;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.ShippedData;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.KafkaTestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Final" means final across rebalances: the shipped history is replayed while the group changes under the
 * pipeline (a stream thread added, a second instance joining and leaving, a thread removed), then every record
 * ever written to share-by-origin is read, not only the last per key. No row marked final may carry less than
 * its week's complete total, computed by a plain loop over the shipped file.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FinalWeeksIT {

    private static final int PARTITIONS = 4;
    private static final Topics TOPICS = Topics.unprefixed();

    private final String scope = "final-weeks-it-" + UUID.randomUUID();
    private final Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + scope);
    private final List<AutoCloseable> open = new ArrayList<>();
    private EmbeddedKafka kafka;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void noFinalRowEverCarriesLessThanItsWeeksCompleteTotal() throws Exception {
        TreeMap<LocalDate, Long> totals = weekTotalsOfTheShippedHistory();
        kafka = EmbeddedKafka.start();
        open.add(kafka);
        kafka.createTopics(TopicLayout.of(TOPICS, PARTITIONS).newTopics(Optional.empty()));
        Map<String, Object> producer = KafkaTestClients.producerConfig(kafka.bootstrapServers());
        try (OriginsPublisher origins = new OriginsPublisher(
                producer,
                ConfluentAvroSerde.forValues(ModelOrigin.class, registry).serializer(),
                TOPICS)) {
            origins.publish(ShippedData.origins(), n -> {});
        }
        long events;
        try (UsagePublisher usage = new UsagePublisher(
                        producer,
                        ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry)
                                .serializer(),
                        TOPICS,
                        RateLimit.UNLIMITED);
                Stream<RankingsRow> rows = ShippedData.rankings()) {
            events = usage.publishEvents(rows.map(RankingsRow::toRollUp), n -> {})
                    .published();
        }

        TokenshareApp first = start("first", 1);
        await("ingest under way")
                .atMost(Duration.ofMinutes(2))
                .until(() -> first.accounting().read() > 0);
        first.streams().addStreamThread();
        TokenshareApp second = start("second", 1);
        await("the second instance running")
                .atMost(Duration.ofMinutes(2))
                .until(() -> second.streams().state() == KafkaStreams.State.RUNNING);
        second.close();
        open.remove(second);
        first.streams().removeStreamThread();
        await("every event read")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                // The partitions the second instance counted came back with their committed counts.
                .until(() -> first.accounting().read() == events);
        sendWatermarks(totals.lastKey().plusDays(7 + 3));

        List<ShareRow> history = readEveryRecordUntilEveryWeekIsFinal(totals);
        List<ShareRow> finals = history.stream()
                .filter(ShareRow::getFinal$)
                .filter(r -> r.getBasisLabel().equals("all"))
                .toList();
        assertThat(finals).isNotEmpty();
        for (ShareRow row : finals) {
            assertThat(row.getTotalTokens())
                    .as(
                            "total of final row %s|%s (revision %d)",
                            row.getWeekStart(), row.getMember(), row.getRevision())
                    .isEqualTo(totals.get(row.getWeekStart()));
        }
    }

    private TokenshareApp start(String name, int threads) throws Exception {
        Map<String, Object> config = new HashMap<>(registry);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "final-weeks-it");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("final-weeks-" + name).toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        TokenshareApp app = TokenshareApp.start(config);
        open.add(app);
        return app;
    }

    /** Every record of share-by-origin, in order, until the last record of every week is final. */
    private List<ShareRow> readEveryRecordUntilEveryWeekIsFinal(TreeMap<LocalDate, Long> totals) {
        List<ShareRow> history = new ArrayList<>();
        Map<String, ShareRow> latest = new HashMap<>();
        Map<String, Object> config =
                KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "final-weeks-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, ShareRow> consumer = new KafkaConsumer<>(
                config,
                new StringDeserializer(),
                ConfluentAvroSerde.forValues(ShareRow.class, registry).deserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPICS.shareByOrigin(), 0)));
            consumer.seekToBeginning(consumer.assignment());
            await("every week final")
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (ConsumerRecord<String, ShareRow> r : consumer.poll(Duration.ofMillis(500))) {
                            if (r.value() == null) {
                                latest.remove(r.key());
                            } else {
                                history.add(r.value());
                                latest.put(r.key(), r.value());
                            }
                        }
                        return totals.keySet().stream().allMatch(w -> latest.values().stream()
                                        .anyMatch(r -> r.getWeekStart().equals(w) && r.getFinal$()))
                                && latest.values().stream().allMatch(ShareRow::getFinal$);
                    });
        }
        return history;
    }

    /** The project's own watermark markers, one per partition: every week up to {@code until} can close. */
    private void sendWatermarks(LocalDate until) {
        WatermarkMarkers.send(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry).serializer(),
                TOPICS.tokenUsage(),
                until.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Tokens per ISO week of the shipped rankings, by a plain loop over the file. */
    private static TreeMap<LocalDate, Long> weekTotalsOfTheShippedHistory() throws Exception {
        TreeMap<LocalDate, Long> totals = new TreeMap<>();
        try (var reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(ShippedData.open(ShippedData.RANKINGS), StandardCharsets.UTF_8))) {
            reader.lines().skip(1).forEach(line -> {
                String[] f = line.split(",");
                LocalDate week = LocalDate.parse(f[0]).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                totals.merge(week, Long.parseLong(f[2]), Long::sum);
            });
        }
        return totals;
    }
}
