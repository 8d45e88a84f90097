package io.tokenshare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.export.TopicReader;
import io.tokenshare.ingest.ControlHeaders;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.share.ShareRowKey;
import io.tokenshare.testsupport.ExportedCsv;
import io.tokenshare.testsupport.KafkaTestClients;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands against a real broker, in the order an operator uses them: run refuses to
 * start without topics, topics create and check, origins load and set, replay with its dead-lettered
 * line and watermark, export with compacted-topic semantics and an accounting counted from the topics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterCommandsIT {

    private static final String SCOPE = "cluster-commands-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Topics TOPICS = Topics.unprefixed();

    private static EmbeddedKafka kafka;
    private static Map<String, String> environment;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        environment =
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "SCHEMA_REGISTRY_URL", "mock://" + SCOPE);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    @Order(1)
    void runRefusesToStartWithoutItsTopics() {
        CliRun run = CliRun.of(environment, "run");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("topic token-usage is missing", "tokenshare topics create");
    }

    @Test
    @Order(2)
    void topicsCreateThenCheck() {
        CliRun missing = CliRun.of(environment, "topics", "check");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).contains("8 problem(s) found.");

        CliRun create = CliRun.of(environment, "topics", "create", "--partitions", "2");
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out())
                .contains("created  token-usage", "created  share-alerts", "All topics are as tokenshare needs them.");

        // A fresh client may see the broker's metadata a moment before it lists the new topics: a check right after
        // the create is allowed that moment (the create's own check passed above).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun check = CliRun.of(environment, "topics", "check", "--partitions", "2");
            assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        });
        CliRun wrongCount = CliRun.of(environment, "topics", "check");
        assertThat(wrongCount.exitCode()).isEqualTo(1);
        assertThat(wrongCount.out()).contains("token-usage has 2 partition(s), expected 4");

        CliRun again = CliRun.of(environment, "topics", "create", "--partitions", "2");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("exists   token-usage");
    }

    @Test
    @Order(3)
    void originsLoadAndSetPublishTableRows() throws URISyntaxException {
        CliRun load = CliRun.of(environment, "origins", "load", resource("cli/demo-origins.csv"));
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).contains("Published 3 origin row(s)");

        CliRun set = CliRun.of(
                environment,
                "origins",
                "set",
                "openrouter/stealth-1",
                "--lab",
                "Stealth",
                "--origin",
                "UNATTRIBUTED",
                "--notes",
                "cloaked");
        assertThat(set.exitCode()).as(set.err()).isZero();

        Map<String, ModelOrigin> table = reader().latestByKey(
                        TOPICS.modelOrigins(),
                        new StringDeserializer(),
                        ConfluentAvroSerde.forValues(ModelOrigin.class, serdeConfig())
                                .deserializer());
        assertThat(table).containsOnlyKeys("deepseek", "openai", "mistralai", "openrouter/stealth-1");
        assertThat(table.get("deepseek").getInputUsdPerMtok()).isEqualTo(0.5);
        assertThat(table.get("openrouter/stealth-1").getOrigin()).isEqualTo(Origin.UNATTRIBUTED);
        assertThat(table.get("openrouter/stealth-1").getNotes()).isEqualTo("cloaked");
    }

    @Test
    @Order(4)
    void replayPublishesEventsDeadLettersTheBadLineAndClosesTheWeeks() throws URISyntaxException {
        CliRun replay =
                CliRun.of(environment, "replay", "--events", resource("cli/demo-events.jsonl"), "--close-weeks");

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out())
                .contains(
                        "Published 9 events to token-usage",
                        "demo-events.jsonl, line 5: not an event",
                        "Sent a watermark at 2026-02-18T00:00:00.001Z to 2 partitions of token-usage");
        List<ConsumerRecord<byte[], byte[]>> usage = readAll(TOPICS.tokenUsage());
        assertThat(usage).hasSize(11);
        assertThat(usage.stream().filter(r -> r.headers().lastHeader(ControlHeaders.MARKER) != null))
                .hasSize(2);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(TOPICS.tokenUsageDlq());
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(
                        deadLetters
                                .get(0)
                                .headers()
                                .lastHeader(DeadLetterHeaders.SOURCE_LINE)
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("5");
    }

    @Test
    @Order(5)
    void exportKeepsTheLastRowPerKeyDropsDeletedKeysAndCountsWhatTheTopicsTell() throws IOException {
        ShareRow provisional = row("CN", 10, false);
        ShareRow finalRow = row("CN", 12, true);
        ShareRow deleted = row("US", 5, false);
        try (KafkaProducer<String, ShareRow> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                ConfluentAvroSerde.forValues(ShareRow.class, serdeConfig()).serializer())) {
            producer.send(new ProducerRecord<>(TOPICS.shareByOrigin(), ShareRowKey.of(provisional), provisional));
            producer.send(new ProducerRecord<>(TOPICS.shareByOrigin(), ShareRowKey.of(deleted), deleted));
            producer.send(new ProducerRecord<>(TOPICS.shareByOrigin(), ShareRowKey.of(finalRow), finalRow));
            producer.send(new ProducerRecord<>(TOPICS.shareByOrigin(), ShareRowKey.of(deleted), null));
            producer.flush();
        }
        Path out = dir.resolve("export");

        CliRun export = CliRun.of(environment, "export", "--out", out.toString());

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("Exported 1 weeks (1 final)");
        List<Map<String, String>> rows =
                ExportedCsv.read(out.resolve("share-by-origin.csv")).rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0))
                .containsEntry("member", "CN")
                .containsEntry("tokens", "12")
                .containsEntry("final", "true");
        assertThat(Files.readAllLines(out.resolve("share-by-model.csv"))).hasSize(1);
        assertThat(Files.readAllLines(out.resolve("alerts.jsonl"))).isEmpty();

        JsonNode accounting = JSON.readTree(out.resolve("accounting.json").toFile());
        assertThat(accounting.get("source").asText()).isEqualTo("topics");
        assertThat(accounting.get("read").asLong())
                .as("9 events on token-usage + 1 dead-lettered line")
                .isEqualTo(10);
        assertThat(accounting.get("counted").isNull()).isTrue();
        assertThat(accounting.get("duplicates").isNull()).isTrue();
        assertThat(accounting.get("dead_letters").get("UNPARSEABLE_LINE").asLong())
                .isEqualTo(1);
        assertThat(accounting.get("invalid_lines").get(0).get("line").asLong()).isEqualTo(5);
        assertThat(accounting.get("notes").toString()).contains("cannot be known");
        List<Map<String, String>> deadLetters =
                ExportedCsv.read(out.resolve("dead-letters.csv")).rows();
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("reason", "UNPARSEABLE_LINE").containsEntry("source_line", "5");
            assertThat(d.get("source")).endsWith("demo-events.jsonl:5");
        });
    }

    @Test
    @Order(6)
    void deadLettersListsEachWithReasonDetailAndSourceWithoutASchemaRegistry() throws IOException {
        // As the app's ingest stage writes one: the rejected record's key and value, its origin in headers.
        ProducerRecord<byte[], byte[]> late = new ProducerRecord<>(
                TOPICS.tokenUsageDlq(), null, "deepseek/deepseek-v3.2".getBytes(StandardCharsets.UTF_8), new byte[] {
                    0, 0, 0, 0, 1
                });
        late.headers().add(DeadLetterHeaders.REASON, "LATE_BEYOND_GRACE".getBytes(StandardCharsets.UTF_8));
        late.headers()
                .add(
                        DeadLetterHeaders.DETAIL,
                        "occurred_at 2026-02-07T23:00:00Z is in week 2026-02-02, closed since"
                                .getBytes(StandardCharsets.UTF_8));
        late.headers().add(DeadLetterHeaders.SOURCE_TOPIC, TOPICS.tokenUsage().getBytes(StandardCharsets.UTF_8));
        late.headers().add(DeadLetterHeaders.SOURCE_PARTITION, "1".getBytes(StandardCharsets.UTF_8));
        late.headers().add(DeadLetterHeaders.SOURCE_OFFSET, "7".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(late);
            producer.flush();
        }
        // Any cluster: the broker's address is all it needs, no registry.
        Map<String, String> kafkaOnly = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());

        CliRun table = CliRun.of(kafkaOnly, "dead-letters");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("2 dead letters on token-usage-dlq")
                .containsPattern("UNPARSEABLE_LINE +\\S*demo-events\\.jsonl:5 +malformed JSON")
                .containsPattern("LATE_BEYOND_GRACE +token-usage/1@7 +occurred_at 2026-02-07T23:00:00Z");

        CliRun onlyLate = CliRun.of(kafkaOnly, "dead-letters", "--reason", "late_beyond_grace", "--json");
        assertThat(onlyLate.exitCode()).as(onlyLate.err()).isZero();
        List<String> lines = onlyLate.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode json = JSON.readTree(lines.get(0));
        assertThat(json.get("reason").asText()).isEqualTo("LATE_BEYOND_GRACE");
        assertThat(json.get("key").asText()).isEqualTo("deepseek/deepseek-v3.2");
        assertThat(json.get("sourceTopic").asText()).isEqualTo("token-usage");
        assertThat(json.get("sourcePartition").asInt()).isEqualTo(1);
        assertThat(json.get("sourceOffset").asLong()).isEqualTo(7);
        assertThat(json.get("source").asText()).isEqualTo("token-usage/1@7");

        CliRun limited = CliRun.of(kafkaOnly, "dead-letters", "--limit", "1");
        assertThat(limited.out())
                .contains("2 dead letters on token-usage-dlq (the first 1 listed; raise --limit for more)")
                .contains("UNPARSEABLE_LINE")
                .doesNotContain("LATE_BEYOND_GRACE");
    }

    private static ShareRow row(String member, long tokens, boolean isFinal) {
        return ShareRow.newBuilder()
                .setWeekStart(LocalDate.parse("2026-02-02"))
                .setDimension(ShareDimension.ORIGIN)
                .setBasis(ShareBasis.ALL)
                .setBasisLabel("all")
                .setMember(member)
                .setTokens(tokens)
                .setRequests(1)
                .setTotalTokens(20)
                .setTokenShare(tokens / 20.0)
                .setRank(1)
                .setRolling4wShare(tokens / 20.0)
                .setFinal$(isFinal)
                .setComputedAt(Instant.parse("2026-02-20T00:00:00Z"))
                .build();
    }

    private static TopicReader reader() {
        return new TopicReader(Map.of("bootstrap.servers", kafka.bootstrapServers()), Duration.ofSeconds(30));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        reader().readAll(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), records::add);
        return records;
    }

    private static Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", "mock://" + SCOPE);
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(
                                ClusterCommandsIT.class.getClassLoader().getResource(name), name)
                        .toURI())
                .toString();
    }
}
