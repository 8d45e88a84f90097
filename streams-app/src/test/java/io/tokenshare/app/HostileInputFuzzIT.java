package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.ingest.ControlHeaders;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.KafkaTestClients;
import io.tokenshare.testsupport.StreamsLiveness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of generated hostile records (random bytes, wrong magic byte, unknown schema id, truncated
 * Avro, tombstones, negative, far-future and pre-2015 times, blank, emoji, control-character and
 * non-UTF-8 ids, huge ids, huge and negative token counts, 1 MB values, resends) mixed with valid events,
 * through a real broker and the real app: the app stays RUNNING, every record is counted, a duplicate or
 * in the dead-letter topic with its reason, and the weeks of the valid ones are exact.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HostileInputFuzzIT {

    private static final int RECORDS = 3_000;
    private static final int PARTITIONS = 2;
    private static final long SEED = 20_261_207L;
    private static final Topics TOPICS = Topics.unprefixed();
    private static final LocalDate FIRST_WEEK = LocalDate.parse("2026-09-07");
    private static final List<String> MODELS = List.of(
            "deepseek/deepseek-v3.2",
            "openai/gpt-5.5",
            "anthropic/claude-opus-4.6",
            "minimax/minimax-m2.5",
            "qwen/qwen3-coder",
            "🤖/emoji-model-🚀",
            "z-ai/glm-5");

    /** What the app must make of one generated record. */
    private record Expected(DeadLetterReason deadLetter, boolean duplicate, LocalDate week, long tokens) {
        static Expected counted(LocalDate week, long tokens) {
            return new Expected(null, false, week, tokens);
        }

        static Expected resend() {
            return new Expected(null, true, null, 0);
        }

        static Expected dead(DeadLetterReason reason) {
            return new Expected(reason, false, null, 0);
        }
    }

    private record Generated(byte[] key, byte[] value, Expected expected) {}

    @Test
    void hostileRecordsNeverStopTheAppAndEveryOneIsAccountedFor() throws Exception {
        String scope = "fuzz-" + UUID.randomUUID();
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + scope);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(TopicLayout.of(TOPICS, PARTITIONS).newTopics(Optional.of((short) 1)));
            Serializer<TokenUsageEvent> avro = ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry)
                    .serializer();
            List<Generated> records = new Generator(new Random(SEED), avro).generate(RECORDS);
            Map<String, Object> config = new HashMap<>(registry);
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "fuzz");
            config.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("fuzz-state").toString());
            try (TokenshareApp app = TokenshareApp.start(config)) {
                send(kafka, records);
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> app.accounting().read() >= RECORDS
                                || app.streams().state() != KafkaStreams.State.RUNNING
                                        && app.streams().state() != KafkaStreams.State.REBALANCING);
                assertThat(app.streams().state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);

                Map<DeadLetterReason, Long> deadLetters = new EnumMap<>(DeadLetterReason.class);
                records.stream()
                        .filter(r -> r.expected().deadLetter() != null)
                        .forEach(r -> deadLetters.merge(r.expected().deadLetter(), 1L, Long::sum));
                long duplicates =
                        records.stream().filter(r -> r.expected().duplicate()).count();
                long counted = records.stream()
                        .filter(r -> r.expected().week() != null)
                        .count();
                assertThat(app.accounting().read()).isEqualTo(RECORDS);
                assertThat(app.accounting().counted()).isEqualTo(counted);
                assertThat(app.accounting().duplicates()).isEqualTo(duplicates);
                assertThat(app.accounting().deadLettersByReason()).containsExactlyInAnyOrderEntriesOf(deadLetters);
                // The last dead letters may still sit in the transaction that commits next: read_committed sees them
                // then.
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(deadLetterReasons(kafka))
                        .containsExactlyInAnyOrderEntriesOf(deadLetters));

                TreeMap<LocalDate, Long> weekTotals = new TreeMap<>();
                records.stream()
                        .filter(r -> r.expected().week() != null)
                        .forEach(r -> weekTotals.merge(
                                r.expected().week(), r.expected().tokens(), Long::sum));
                sendWatermarks(kafka, registry, weekTotals.lastKey().plusDays(7 + 3));
                assertEveryWeekFinalAndExact(kafka, registry, weekTotals);
                assertThat(StreamsLiveness.settledState(app.streams(), Duration.ofMinutes(1)))
                        .isEqualTo(KafkaStreams.State.RUNNING);
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
        }
    }

    private static void send(EmbeddedKafka kafka, List<Generated> records) {
        Map<String, Object> producer = KafkaTestClients.producerConfig(kafka.bootstrapServers());
        producer.put("max.request.size", 2 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Generated r : records) {
                p.send(new ProducerRecord<>(TOPICS.tokenUsage(), r.key(), r.value()));
            }
        }
    }

    private static Map<DeadLetterReason, Long> deadLetterReasons(EmbeddedKafka kafka) {
        Map<String, Object> c =
                KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "fuzz-dlq-" + UUID.randomUUID());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        Map<DeadLetterReason, Long> reasons = new EnumMap<>(DeadLetterReason.class);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.tokenUsageDlq()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (ConsumerRecord<byte[], byte[]> r : KafkaTestClients.pollToEnd(consumer, partitions)) {
                var reason = r.headers().lastHeader(DeadLetterHeaders.REASON);
                assertThat(reason)
                        .as("reason header of dead letter at offset %s", r.offset())
                        .isNotNull();
                reasons.merge(
                        DeadLetterReason.valueOf(new String(reason.value(), StandardCharsets.UTF_8)), 1L, Long::sum);
            }
        }
        return reasons;
    }

    private static void sendWatermarks(EmbeddedKafka kafka, Map<String, Object> registry, LocalDate until) {
        try (KafkaProducer<String, TokenUsageEvent> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry).serializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                TokenUsageEvent marker = TokenUsageEvent.newBuilder()
                        .setEventId("watermark-" + p)
                        .setModelId("tokenshare/watermark")
                        .setOccurredAt(until.atStartOfDay(ZoneOffset.UTC).toInstant())
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

    /** Every week's origin rows on the whole-platform basis: final, and adding up to exactly the valid events' tokens. */
    private static void assertEveryWeekFinalAndExact(
            EmbeddedKafka kafka, Map<String, Object> registry, TreeMap<LocalDate, Long> weekTotals) {
        Map<String, Object> c =
                KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "fuzz-shares-" + UUID.randomUUID());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, ShareRow> latest = new HashMap<>();
        try (KafkaConsumer<String, ShareRow> consumer = new KafkaConsumer<>(
                c,
                new StringDeserializer(),
                ConfluentAvroSerde.forValues(ShareRow.class, registry).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.shareByOrigin()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                });
                return weekTotals.keySet().stream()
                        .allMatch(week -> rowsOf(latest, week).stream().anyMatch(ShareRow::getFinal$));
            });
        }
        weekTotals.forEach((week, total) -> {
            List<ShareRow> rows = rowsOf(latest, week);
            assertThat(rows).as("origin rows of %s", week).isNotEmpty().allSatisfy(r -> {
                assertThat(r.getFinal$()).isTrue();
                assertThat(r.getTotalTokens()).as("total of %s", week).isEqualTo(total);
                assertThat(r.getTokenShare()).isEqualTo((double) r.getTokens() / total);
            });
            assertThat(rows.stream().mapToLong(ShareRow::getTokens).sum())
                    .as("tokens of %s", week)
                    .isEqualTo(total);
        });
    }

    private static List<ShareRow> rowsOf(Map<String, ShareRow> latest, LocalDate week) {
        String prefix = week + "|all|origin|";
        return latest.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue)
                .toList();
    }

    /** Generates the records; valid events move forward in event time so that none is late. */
    private static final class Generator {

        private final Random random;
        private final Serializer<TokenUsageEvent> avro;
        private final List<TokenUsageEvent> recentValid = new ArrayList<>();
        private Instant now = FIRST_WEEK.atStartOfDay(ZoneOffset.UTC).toInstant();
        private int seq;

        Generator(Random random, Serializer<TokenUsageEvent> avro) {
            this.random = random;
            this.avro = avro;
        }

        List<Generated> generate(int count) {
            List<Generated> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                now = now.plusSeconds(600 + random.nextInt(1200));
                out.add(next(i));
            }
            return out;
        }

        private Generated next(int i) {
            // A few of each rare, expensive kind at fixed places; the rest drawn at random.
            if (i % 1000 == 500) {
                return garbage(1_000_000);
            }
            if (i % 1000 == 700) {
                return invalid(event("x/" + "y".repeat(500_000), 10), DeadLetterReason.IDENTIFIER_TOO_LONG);
            }
            int kind = random.nextInt(20);
            return switch (kind) {
                case 0 -> garbage(1 + random.nextInt(200));
                case 1 -> undecodable(withByte(valid(), 0, (byte) 1));
                case 2 -> undecodable(withSchemaId(valid(), 0x7FFF_FFF0));
                case 3 -> truncated();
                case 4 -> new Generated(bytes(MODELS.get(0)), null, Expected.dead(DeadLetterReason.NULL_VALUE));
                case 5 -> invalid(
                        eventAt("m/neg", 10, Instant.ofEpochMilli(-1_000)), DeadLetterReason.OCCURRED_BEFORE_2015);
                case 6 -> invalid(
                        eventAt("m/future", 10, Instant.parse("2031-01-01T00:00:00Z")),
                        DeadLetterReason.OCCURRED_IN_FUTURE);
                case 7 -> invalid(
                        eventAt("m/old", 10, Instant.parse("2014-06-01T00:00:00Z")),
                        DeadLetterReason.OCCURRED_BEFORE_2015);
                case 8 -> invalid(
                        TokenUsageEvent.newBuilder(event("m/blank", 10))
                                .setEventId(" ")
                                .build(),
                        DeadLetterReason.BLANK_EVENT_ID);
                case 9 -> invalid(event("\t", 10), DeadLetterReason.BLANK_MODEL_ID);
                case 10 -> invalid(event("m/ctrl\u0007", 10), DeadLetterReason.INVALID_IDENTIFIER);
                case 11 -> notUtf8();
                case 12 -> invalid(event("m/huge", 1L << 62), DeadLetterReason.TOKENS_ABOVE_LIMIT);
                case 13 -> invalid(event("m/negative", -5), DeadLetterReason.NEGATIVE_TOKENS);
                case 14 -> invalid(
                        TokenUsageEvent.newBuilder(event("m/req", 5))
                                .setRequests(0)
                                .build(),
                        DeadLetterReason.INVALID_REQUESTS);
                case 15 -> recentValid.isEmpty() ? counted() : resend();
                default -> counted();
            };
        }

        private Generated counted() {
            TokenUsageEvent e = event(MODELS.get(random.nextInt(MODELS.size())), 1 + random.nextInt(1_000_000_000));
            recentValid.add(e);
            if (recentValid.size() > 20) {
                recentValid.remove(0);
            }
            return new Generated(
                    bytes(e.getModelId()),
                    avro.serialize(TOPICS.tokenUsage(), e),
                    Expected.counted(
                            e.getOccurredAt()
                                    .atZone(ZoneOffset.UTC)
                                    .toLocalDate()
                                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                            e.getTotalTokens()));
        }

        private Generated resend() {
            TokenUsageEvent e = recentValid.get(random.nextInt(recentValid.size()));
            return new Generated(bytes(e.getModelId()), avro.serialize(TOPICS.tokenUsage(), e), Expected.resend());
        }

        private Generated garbage(int size) {
            byte[] value = new byte[size];
            random.nextBytes(value);
            value[0] = (byte) (1 + random.nextInt(255)); // never the wire format's magic byte
            return undecodable(value);
        }

        private Generated truncated() {
            byte[] whole = valid();
            return undecodable(Arrays.copyOf(whole, 5 + random.nextInt(whole.length - 8)));
        }

        /** An event whose model id holds bytes that are not UTF-8 (written in place of a same-length id). */
        private Generated notUtf8() {
            byte[] value = avro.serialize(TOPICS.tokenUsage(), event("m/@@@@", 10));
            byte[] marker = "@@@@".getBytes(StandardCharsets.UTF_8);
            int at = indexOf(value, marker);
            value[at] = (byte) 0xFF;
            value[at + 1] = (byte) 0xFE;
            value[at + 2] = (byte) 0xC3;
            value[at + 3] = (byte) 0x28;
            return new Generated(bytes("m/x"), value, Expected.dead(DeadLetterReason.INVALID_IDENTIFIER));
        }

        private byte[] valid() {
            return avro.serialize(TOPICS.tokenUsage(), event("m/valid-shape", 10));
        }

        private Generated undecodable(byte[] value) {
            return new Generated(bytes("k" + random.nextInt(50)), value, Expected.dead(DeadLetterReason.UNDECODABLE));
        }

        private Generated invalid(TokenUsageEvent e, DeadLetterReason reason) {
            return new Generated(
                    bytes(e.getModelId().length() > 100 ? "x/long" : e.getModelId()),
                    avro.serialize(TOPICS.tokenUsage(), e),
                    Expected.dead(reason));
        }

        private TokenUsageEvent event(String model, long tokens) {
            return eventAt(model, tokens, now);
        }

        private TokenUsageEvent eventAt(String model, long tokens, Instant at) {
            return TokenUsageEvent.newBuilder()
                    .setEventId("fuzz-" + (++seq))
                    .setModelId(model)
                    .setOccurredAt(at)
                    .setTotalTokens(tokens)
                    .build();
        }

        private static byte[] withByte(byte[] value, int index, byte b) {
            value[index] = b;
            return value;
        }

        private static byte[] withSchemaId(byte[] value, int id) {
            value[1] = (byte) (id >>> 24);
            value[2] = (byte) (id >>> 16);
            value[3] = (byte) (id >>> 8);
            value[4] = (byte) id;
            return value;
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new IllegalStateException("marker not found");
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
