package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.tokenshare.avro.AlertStatus;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.ingest.ControlHeaders;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.replay.OriginsCsvReader;
import io.tokenshare.replay.OriginsPublisher;
import io.tokenshare.replay.RankingsCsvReader;
import io.tokenshare.replay.RankingsRow;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.KafkaTestClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real OpenRouter history (one roll-up event per CSV row) through the whole pipeline on a real
 * broker, checked week by week against a plain loop over the CSV.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RankingsReplayIT {

    private static final int PARTITIONS = 3;
    private static final Path DATA = sharedData();
    private static final Topics TOPICS = Topics.unprefixed();

    private static EmbeddedKafka kafka;
    private static TokenshareApp app;
    private static String scope;
    private static Map<String, ShareRow> originRows;
    private static Map<String, ShareAlert> alerts;
    private static Expected expected;

    @BeforeAll
    static void replayTheHistory() throws Exception {
        expected = Expected.compute(DATA.resolve("openrouter-rankings-daily.csv"), DATA.resolve("author-origins.csv"));
        kafka = EmbeddedKafka.start();
        createTopics();
        scope = "replay-it-" + UUID.randomUUID();
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + scope);
        Map<String, Object> producer = KafkaTestClients.producerConfig(kafka.bootstrapServers());
        try (OriginsPublisher origins = new OriginsPublisher(
                        producer,
                        ConfluentAvroSerde.forValues(ModelOrigin.class, registry)
                                .serializer(),
                        TOPICS);
                Stream<io.tokenshare.replay.OriginTableRow> rows =
                        OriginsCsvReader.rows(DATA.resolve("author-origins.csv"))) {
            origins.publish(rows, n -> {});
        }
        try (UsagePublisher usage = new UsagePublisher(
                        producer,
                        ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry)
                                .serializer(),
                        TOPICS,
                        RateLimit.UNLIMITED);
                Stream<RankingsRow> rows = RankingsCsvReader.rows(DATA.resolve("openrouter-rankings-daily.csv"))) {
            usage.publishEvents(rows.map(RankingsRow::toRollUp), n -> {});
        }
        sendUndecodableRecord();

        Map<String, Object> config = new HashMap<>(registry);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-it");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("replay-it-state").toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        app = TokenshareApp.start(config);
        await().atMost(Duration.ofMinutes(4)).until(() -> app.accounting().read() == expected.rows + 1);
        sendWatermarks(expected.lastWeek.plusDays(7 + 2));
        originRows = readUntilEveryWeekIsFinal();
        alerts = readLatest(TOPICS.shareAlerts(), ShareAlert.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void everyRecordIsAccountedFor() {
        assertThat(app.accounting().counted()).isEqualTo(expected.rows);
        assertThat(app.accounting().duplicates()).isZero();
        assertThat(app.accounting().deadLettersByReason())
                .containsExactlyEntriesOf(Map.of(DeadLetterReason.UNDECODABLE, 1L));
        assertThat(app.accounting().balances()).isTrue();
    }

    @Test
    void undecodableBytesReachTheDeadLetterTopicWithTheirReason() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(TOPICS.tokenUsageDlq(), 0);
            consumer.assign(List.of(p));
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClients.pollAtLeast(consumer, 1);
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not an avro record");
            assertThat(new String(
                            dead.get(0)
                                    .headers()
                                    .lastHeader(DeadLetterHeaders.REASON)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("UNDECODABLE");
        }
    }

    @Test
    void weeklyTotalsMatchThePlainSumExactly() {
        expected.totalByWeek.forEach(
                (week, total) -> assertThat(row(week, "all", "CN").getTotalTokens())
                        .as("total tokens, week of %s", week)
                        .isEqualTo(total));
    }

    @Test
    void originTokensAndSharesMatchOnAllThreeBases() {
        for (LocalDate week : expected.totalByWeek.keySet()) {
            for (String basis : List.of("all", "attributed", "top9")) {
                Map<String, Long> byOrigin = expected.byOrigin(basis, week);
                long total =
                        byOrigin.values().stream().mapToLong(Long::longValue).sum();
                byOrigin.forEach((origin, tokens) -> {
                    ShareRow r = row(week, basis, origin);
                    assertThat(r.getTokens())
                            .as("%s tokens of %s, week of %s", basis, origin, week)
                            .isEqualTo(tokens);
                    assertThat(r.getTotalTokens())
                            .as("%s total, week of %s", basis, week)
                            .isEqualTo(total);
                    assertThat(r.getTokenShare()).isCloseTo((double) tokens / total, within(1e-12));
                    assertThat(r.getFinal$()).isTrue();
                });
            }
        }
    }

    @Test
    void partialWeeksSayOnHowManyDaysTheyHadData() {
        // The history starts on a Wednesday and ends on a Friday; two weeks lack a day at the source.
        assertThat(expected.daysByWeek)
                .containsEntry(LocalDate.parse("2024-12-30"), 5)
                .containsEntry(LocalDate.parse("2026-10-05"), 5)
                .containsEntry(LocalDate.parse("2025-06-09"), 6)
                .containsEntry(LocalDate.parse("2025-07-14"), 6);
        assertThat(expected.daysByWeek.values().stream().filter(days -> days < 7))
                .hasSize(4);
        for (LocalDate week : expected.totalByWeek.keySet()) {
            int days = expected.daysByWeek.get(week);
            assertThat(originRows.values().stream().filter(r -> r.getWeekStart().equals(week)))
                    .as("rows of the week of %s", week)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getDaysWithData())
                            .as("days with data, week of %s", week)
                            .isEqualTo(days));
        }
    }

    @Test
    void noAlertReadsAPartialWeek() {
        assertThat(alerts.values()).isNotEmpty().allSatisfy(a -> assertThat(
                        java.util.stream.Stream.of(a.getWeekStart(), a.getBeforeWeekStart(), a.getAfterWeekStart())
                                .filter(java.util.Objects::nonNull)
                                .filter(expected::partial))
                .as("partial weeks read by alert %s", a.getAlertKey())
                .isEmpty());
    }

    @Test
    void theSeedArticlesFiguresHoldOnTheTop9BasisOnly() {
        LocalDate feb9 = LocalDate.parse("2026-02-09");
        assertThat(row(feb9, "top9", "CN").getTokens())
                .isGreaterThan(row(feb9, "top9", "US").getTokens());
        assertThat(row(feb9, "all", "CN").getTokens())
                .isLessThan(row(feb9, "all", "US").getTokens());
    }

    @Test
    void crossoverAlertsFireWhereThePlainSharesCross() {
        for (String basis : List.of("all", "top9")) {
            String rule = basis.equals("all") ? "cn-us-crossover-all" : "cn-us-crossover-top";
            List<LocalDate> fired = alerts.values().stream()
                    .filter(a -> a.getRuleId().equals(rule) && a.getStatus() == AlertStatus.FIRED)
                    .map(ShareAlert::getWeekStart)
                    .sorted()
                    .toList();
            // The rules do not fire on partial weeks: a crossing in one, or against one the week before, is not sent.
            List<LocalDate> onWholeWeeks = expected.crossings(basis, 2.0).stream()
                    .filter(week -> !expected.partial(week) && !expected.partial(week.minusWeeks(1)))
                    .toList();
            assertThat(fired).as("%s crossings", basis).isEqualTo(onWholeWeeks);
        }
        assertThat(expected.crossings("all", 2.0)).startsWith(LocalDate.parse("2026-03-23"));
        assertThat(expected.crossings("top9", 2.0)).contains(LocalDate.parse("2026-02-09"));
    }

    @Test
    void theWholePlatformPeakOfChinaOriginShareIsATurningPoint() {
        LocalDate peakWeek = expected.peakWeek("all", LocalDate.parse("2026-01-05"), LocalDate.parse("2026-05-25"));
        double peakShare = expected.share("all", peakWeek, "CN");
        assertThat(peakWeek).isEqualTo(LocalDate.parse("2026-03-30"));
        assertThat(alerts.values()).anySatisfy(a -> {
            assertThat(a.getRuleId()).isEqualTo("cn-turning-points-all");
            assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRED);
            assertThat(a.getExtremeWeekStart()).isEqualTo(peakWeek);
            assertThat(a.getExtremeShare()).isCloseTo(peakShare, within(1e-9));
        });
    }

    private static ShareRow row(LocalDate week, String basis, String origin) {
        ShareRow r = originRows.get(week + "|" + basis + "|origin|" + origin);
        assertThat(r).as("row %s|%s|origin|%s", week, basis, origin).isNotNull();
        return r;
    }

    private static Map<String, ShareRow> readUntilEveryWeekIsFinal() {
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + scope);
        Map<String, ShareRow> latest = new HashMap<>();
        try (KafkaConsumer<String, ShareRow> consumer = new KafkaConsumer<>(
                consumerConfig(),
                new StringDeserializer(),
                ConfluentAvroSerde.forValues(ShareRow.class, registry).deserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPICS.shareByOrigin(), 0)));
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                            if (r.value() == null) {
                                latest.remove(r.key());
                            } else {
                                latest.put(r.key(), r.value());
                            }
                        });
                        return expected.totalByWeek.keySet().stream().allMatch(w -> latest.values().stream()
                                        .anyMatch(r -> r.getWeekStart().equals(w) && r.getFinal$()))
                                && latest.values().stream().allMatch(ShareRow::getFinal$);
                    });
        }
        return latest;
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> Map<String, V> readLatest(
            String topic, Class<V> type) {
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + scope);
        Map<String, V> latest = new HashMap<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                consumerConfig(),
                new StringDeserializer(),
                ConfluentAvroSerde.forValues(type, registry).deserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            KafkaTestClients.pollToEnd(consumer, partitions).forEach(r -> latest.put(r.key(), r.value()));
        }
        return latest;
    }

    private static Map<String, Object> consumerConfig() {
        Map<String, Object> c =
                KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "replay-it-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return c;
    }

    private static void createTopics() {
        Map<String, String> history = Map.of("retention.ms", "-1");
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(TOPICS.tokenUsage(), PARTITIONS, (short) 1).configs(history));
        topics.add(new NewTopic(TOPICS.tokenUsageDlq(), 1, (short) 1).configs(history));
        topics.add(new NewTopic(TOPICS.modelOrigins(), 1, (short) 1).configs(compacted));
        TOPICS.shareTopics().forEach(t -> topics.add(new NewTopic(t, 1, (short) 1).configs(compacted)));
        topics.add(new NewTopic(TOPICS.shareAlerts(), 1, (short) 1).configs(compacted));
        kafka.createTopics(topics);
    }

    private static void sendUndecodableRecord() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    TOPICS.tokenUsage(),
                    0,
                    "x/y".getBytes(StandardCharsets.UTF_8),
                    "not an avro record".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** One watermark per partition: every week up to {@code until} can close. */
    private static void sendWatermarks(LocalDate until) {
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + scope);
        try (KafkaProducer<String, TokenUsageEvent> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry).serializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                TokenUsageEvent marker = TokenUsageEvent.newBuilder()
                        .setEventId("watermark-" + p)
                        .setModelId("tokenshare/watermark")
                        .setOccurredAt(until.atStartOfDay(java.time.ZoneOffset.UTC)
                                .toInstant()
                                .plusMillis(1))
                        .setTotalTokens(0)
                        .build();
                RecordHeaders headers = new RecordHeaders();
                headers.add(ControlHeaders.MARKER, ControlHeaders.MARKER_WATERMARK.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(
                        TOPICS.tokenUsage(),
                        p,
                        marker.getOccurredAt().toEpochMilli(),
                        marker.getModelId(),
                        marker,
                        headers));
            }
        }
    }

    private static Path sharedData() {
        String configured = System.getProperty("tokenshare.shared.dir");
        if (configured != null && Files.isDirectory(Path.of(configured, "data"))) {
            return Path.of(configured, "data");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/data"))) {
                return dir.resolve("shared/data");
            }
        }
        throw new IllegalStateException("../shared/data not found: run from the repository with shared/ beside it");
    }

    /** Expectations from a plain loop over the CSV files, with no project code. */
    private record Expected(
            long rows,
            LocalDate lastWeek,
            TreeMap<LocalDate, Long> totalByWeek,
            Map<LocalDate, Map<String, Long>> modelTokens,
            Map<String, String> originOfAuthor,
            Map<LocalDate, Integer> daysByWeek) {

        static Expected compute(Path rankings, Path origins) throws IOException {
            Map<String, String> originOfAuthor = new HashMap<>();
            List<String> originLines = Files.readAllLines(origins);
            for (String line : originLines.subList(1, originLines.size())) {
                String[] f = line.split(",", -1);
                originOfAuthor.put(f[0], f[2]);
            }
            TreeMap<LocalDate, Long> totals = new TreeMap<>();
            Map<LocalDate, Map<String, Long>> models = new HashMap<>();
            Map<LocalDate, java.util.Set<LocalDate>> dates = new HashMap<>();
            List<String> lines = Files.readAllLines(rankings);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                LocalDate week = LocalDate.parse(f[0]).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                long tokens = Long.parseLong(f[2]);
                totals.merge(week, tokens, Long::sum);
                dates.computeIfAbsent(week, w -> new java.util.HashSet<>()).add(LocalDate.parse(f[0]));
                models.computeIfAbsent(week, w -> new HashMap<>()).merge(f[1], tokens, Long::sum);
            }
            Map<LocalDate, Integer> days = new HashMap<>();
            dates.forEach((week, seen) -> days.put(week, seen.size()));
            return new Expected(lines.size() - 1, totals.lastKey(), totals, models, originOfAuthor, days);
        }

        /** True for a week of the history with fewer than seven dates in the CSV. */
        boolean partial(LocalDate week) {
            return daysByWeek.getOrDefault(week, 7) < 7;
        }

        double share(String basis, LocalDate week, String origin) {
            Map<String, Long> byOrigin = byOrigin(basis, week);
            long total = byOrigin.values().stream().mapToLong(Long::longValue).sum();
            return (double) byOrigin.getOrDefault(origin, 0L) / total;
        }

        /** Weeks where the leader of CN vs US changes, the new leader ahead by at least the margin. */
        List<LocalDate> crossings(String basis, double marginPoints) {
            List<LocalDate> weeks = new ArrayList<>();
            String leader = null;
            for (LocalDate week : totalByWeek.keySet()) {
                double lead = (share(basis, week, "CN") - share(basis, week, "US")) * 100;
                if (leader == null) {
                    leader = lead > 0 ? "CN" : lead < 0 ? "US" : null;
                } else if (!leader.equals("CN") && lead >= marginPoints) {
                    leader = "CN";
                    weeks.add(week);
                } else if (!leader.equals("US") && -lead >= marginPoints) {
                    leader = "US";
                    weeks.add(week);
                }
            }
            return weeks;
        }

        LocalDate peakWeek(String basis, LocalDate from, LocalDate to) {
            return totalByWeek.keySet().stream()
                    .filter(w -> !w.isBefore(from) && !w.isAfter(to))
                    .max(Comparator.comparingDouble(w -> share(basis, w, "CN")))
                    .orElseThrow();
        }

        Map<String, Long> byOrigin(String basis, LocalDate week) {
            List<Map.Entry<String, Long>> chosen =
                    new ArrayList<>(modelTokens.get(week).entrySet());
            if (basis.equals("top9")) {
                chosen = chosen.stream()
                        .filter(e -> e.getKey().contains("/"))
                        .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                                .reversed()
                                .thenComparing(Map.Entry::getKey))
                        .limit(9)
                        .toList();
            }
            Map<String, Long> byOrigin = new TreeMap<>();
            for (Map.Entry<String, Long> e : chosen) {
                String author = e.getKey().contains("/")
                        ? e.getKey().substring(0, e.getKey().indexOf('/'))
                        : e.getKey();
                String origin = originOfAuthor.getOrDefault(author, "UNKNOWN");
                if (basis.equals("attributed") && (origin.equals("UNKNOWN") || origin.equals("UNATTRIBUTED"))) {
                    continue;
                }
                byOrigin.merge(origin, e.getValue(), Long::sum);
            }
            return byOrigin;
        }
    }
}
