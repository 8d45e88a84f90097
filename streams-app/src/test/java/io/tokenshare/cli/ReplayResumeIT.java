package io.tokenshare.cli;

import static io.tokenshare.testsupport.KafkaTestClients.consumerConfig;
import static io.tokenshare.testsupport.KafkaTestClients.pollToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenshare replay} against a real broker: {@code --from-line} resumes a replay, and a line the
 * broker would refuse (an occurred_at in 2031) is dead-lettered with its reason instead of stopping it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReplayResumeIT {

    private static final String SCOPE = "replay-resume-" + UUID.randomUUID();

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
    void fromLineSkipsTheLinesBeforeIt() throws IOException {
        Topics topics = createTopics("resume-");
        Path file = eventsFile("resume.jsonl", 10, -1);

        CliRun run = CliRun.of(
                environment,
                "replay",
                "--events",
                file.toString(),
                "--from-line",
                "6",
                "--set",
                "tokenshare.topic.prefix=resume-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Published 5 events", "from line 6");
        assertThat(read(topics.tokenUsage()))
                .extracting(r -> event(r).getEventId())
                .containsExactlyInAnyOrder("e6", "e7", "e8", "e9", "e10");
    }

    @Test
    void aFutureDatedLineIsDeadLetteredBeforeSendingAndTheReplayFinishes() throws IOException {
        Topics topics = createTopics("future-");
        Path file = eventsFile("future.jsonl", 6, 4);

        CliRun run = CliRun.of(
                environment, "replay", "--events", file.toString(), "--set", "tokenshare.topic.prefix=future-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Published 5 events", "future.jsonl, line 4: OCCURRED_IN_FUTURE");
        assertThat(read(topics.tokenUsage()))
                .extracting(r -> event(r).getEventId())
                .containsExactlyInAnyOrder("e1", "e2", "e3", "e5", "e6");
        List<ConsumerRecord<String, byte[]>> dead = read(topics.tokenUsageDlq());
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("OCCURRED_IN_FUTURE");
            assertThat(header(r, DeadLetterHeaders.SOURCE_LINE)).isEqualTo("4");
            assertThat(event(r).getEventId()).isEqualTo("e4");
        });
    }

    /** {@code lines} events e1..eN, one per line; line {@code futureLine} dated 2031. */
    private static Path eventsFile(String name, int lines, int futureLine) throws IOException {
        List<String> text = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            String at = i == futureLine ? "2031-01-01T00:00:00Z" : "2026-02-10T10:00:0" + (i % 10) + "Z";
            text.add("{\"event_id\":\"e" + i + "\",\"model_id\":\"deepseek/deepseek-v3.2\",\"occurred_at\":\"" + at
                    + "\",\"total_tokens\":" + (100 * i) + "}");
        }
        return Files.write(dir.resolve(name), text);
    }

    private static Topics createTopics(String prefix) {
        Topics topics = new Topics(prefix);
        kafka.createTopics(TopicLayout.of(topics, 2).topics().stream()
                .map(spec -> spec.toNewTopic(java.util.Optional.of((short) 1)))
                .toList());
        return topics;
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                consumerConfig(kafka.bootstrapServers(), "reader-" + topic),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollToEnd(consumer, partitions);
        }
    }

    private static TokenUsageEvent event(ConsumerRecord<String, byte[]> r) {
        Deserializer<TokenUsageEvent> d = ConfluentAvroSerde.forValues(
                        TokenUsageEvent.class, Map.of("schema.registry.url", "mock://" + SCOPE))
                .deserializer();
        return d.deserialize("token-usage", r.value());
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
