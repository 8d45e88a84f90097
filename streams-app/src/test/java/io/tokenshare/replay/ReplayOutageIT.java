package io.tokenshare.replay;

import static io.tokenshare.testsupport.KafkaTestClients.consumerConfig;
import static io.tokenshare.testsupport.KafkaTestClients.pollToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.testsupport.TcpPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replay rides out a broker that stops and comes back on the same log directory and port: it prints
 * that it is waiting, then finishes, and every event is on the topic (a batch in flight at the outage may be
 * there twice, with its events' ids, which the app's de-duplication drops). Before, it gave up after
 * {@code max.block.ms} (15 s) with a message naming delivery.timeout.ms.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReplayOutageIT {

    private static final int EVENTS = 20_000;

    @Test
    void aReplayWaitsOutABrokerRestartAndLosesNothing() throws Exception {
        Path logDir = Files.createTempDirectory("replay-outage-broker");
        int port = TcpPorts.free();
        EmbeddedKafka.Settings settings =
                EmbeddedKafka.Settings.defaults().withLogDir(logDir).withPort(port);
        EmbeddedKafka kafka = EmbeddedKafka.start(settings);
        Topics topics = new Topics("outage-");
        kafka.createTopics(List.of(
                new NewTopic(topics.tokenUsage(), 2, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic(topics.tokenUsageDlq(), 1, (short) 1)));
        List<String> notices = new CopyOnWriteArrayList<>();
        AtomicLong handed = new AtomicLong();
        // A small buffer fills within a second of the outage, so sends block as they would in a long replay.
        Map<String, Object> producer = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                64 * 1024,
                ProducerConfig.BATCH_SIZE_CONFIG,
                16 * 1024);
        CompletableFuture<PublishReport> replay;
        try (UsagePublisher publisher = new UsagePublisher(
                producer, avro(), topics, RateLimit.perSecond(2_000), Duration.ofMinutes(3), notices::add)) {
            replay = CompletableFuture.supplyAsync(() -> publisher.publishEvents(events(), handed::set));
            await().atMost(Duration.ofSeconds(60)).until(() -> handed.get() > 2_000);
            kafka.close();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> notices.stream().anyMatch(n -> n.contains("still waiting")));
            kafka = EmbeddedKafka.start(settings);
            PublishReport report = replay.get();

            assertThat(report.published()).isEqualTo(EVENTS);
        }
        try {
            assertThat(notices).anySatisfy(n -> assertThat(n).contains("unreachable for", "still waiting"));
            List<String> ids = readIds(kafka, topics.tokenUsage());
            assertThat(new HashSet<>(ids))
                    .as("every event reached the topic")
                    .isEqualTo(events().map(TokenUsageEvent::getEventId).collect(Collectors.toSet()));
            // A batch in flight when the broker went away can be written twice: the idempotent producer cannot
            // always tell after the restart. Such copies carry their event's id, which the app drops as a resend.
            assertThat(ids.size() - EVENTS)
                    .as("copies of batches in flight at the outage")
                    .isLessThan(EVENTS / 100);
        } finally {
            kafka.close();
        }
    }

    private static java.util.stream.Stream<TokenUsageEvent> events() {
        Instant start = Instant.parse("2026-02-10T00:00:00Z");
        return LongStream.range(0, EVENTS).mapToObj(i -> TokenUsageEvent.newBuilder()
                .setEventId("e" + i)
                .setModelId("lab" + (i % 7) + "/model")
                .setOccurredAt(start.plusSeconds(i))
                .setTotalTokens(100 + i)
                .build());
    }

    private static List<String> readIds(EmbeddedKafka kafka, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                consumerConfig(kafka.bootstrapServers(), "outage-reader"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollToEnd(consumer, partitions).stream()
                    .map(ReplayOutageIT::eventId)
                    .toList();
        }
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        try {
            return TokenUsageEvent.getDecoder().decode(record.value()).getEventId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Serializer<TokenUsageEvent> avro() {
        return (topic, value) -> {
            try {
                return TokenUsageEvent.getEncoder().encode(value).array();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
