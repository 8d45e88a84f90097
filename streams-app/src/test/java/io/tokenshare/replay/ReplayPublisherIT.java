package io.tokenshare.replay;

import static io.tokenshare.testsupport.KafkaTestClients.consumerConfig;
import static io.tokenshare.testsupport.KafkaTestClients.pollToEnd;
import static io.tokenshare.testsupport.KafkaTestClients.producerConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.ingest.DeadLetterHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The replay publishers against a real one-node broker: what they send is what a consumer reads. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReplayPublisherIT {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayPublisherIT.class);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Creates the prefix's topics; history needs unlimited retention or the broker deletes it at once. */
    private static Topics topics(String prefix) {
        Topics topics = new Topics(prefix);
        Map<String, String> keepForever = Map.of("retention.ms", "-1");
        kafka.createTopics(List.of(
                new NewTopic(topics.tokenUsage(), 2, (short) 1).configs(keepForever),
                new NewTopic(topics.tokenUsageDlq(), 1, (short) 1).configs(keepForever),
                new NewTopic(topics.modelOrigins(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        return topics;
    }

    private static <T> Serializer<T> avro(BinaryMessageEncoder<T> encoder) {
        return (topic, value) -> {
            try {
                return encoder.encode(value).array();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> config = consumerConfig(kafka.bootstrapServers(), "reader-" + topic);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollToEnd(consumer, partitions);
        }
    }

    private static TokenUsageEvent usageEvent(ConsumerRecord<String, byte[]> record) {
        try {
            return TokenUsageEvent.getDecoder().decode(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void publishesEveryShippedRankingsRowKeyedByModelAndStampedWithEventTime() {
        Topics topics = topics("rankings-");
        List<TokenUsageEvent> sent;
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            sent = rows.map(RankingsRow::toRollUp).toList();
        }
        AtomicLong lastProgress = new AtomicLong();

        PublishReport report;
        Map<String, Object> publisherDefaults = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (UsagePublisher publisher = new UsagePublisher(
                publisherDefaults, avro(TokenUsageEvent.getEncoder()), topics, RateLimit.UNLIMITED)) {
            report = publisher.publishEvents(sent.stream(), lastProgress::set);
        }
        LOG.info(
                "Published {} rankings roll-ups in {} ms: {} records/s",
                report.published(),
                report.elapsed().toMillis(),
                Math.round(report.recordsPerSecond()));

        List<ConsumerRecord<String, byte[]>> received = readAll(topics.tokenUsage());
        assertThat(report.published()).isEqualTo(32_895);
        assertThat(report.deadLettered()).isZero();
        assertThat(lastProgress).hasValue(32_895);
        assertThat(received).hasSize(32_895).allSatisfy(record -> {
            TokenUsageEvent event = usageEvent(record);
            assertThat(record.key()).isEqualTo(event.getModelId());
            assertThat(record.timestamp()).isEqualTo(event.getOccurredAt().toEpochMilli());
        });
        assertThat(received.stream()
                        .map(ReplayPublisherIT::usageEvent)
                        .collect(Collectors.toMap(TokenUsageEvent::getEventId, event -> event)))
                .isEqualTo(sent.stream().collect(Collectors.toMap(TokenUsageEvent::getEventId, event -> event)));
    }

    @Test
    void sendsEventsToTheUsageTopicAndInvalidLinesToTheDeadLetterTopic() {
        Topics topics = topics("jsonl-");
        String file = ReplayTestFiles.resource("events-mixed.jsonl").toString();

        PublishReport report;
        try (UsagePublisher publisher = new UsagePublisher(
                        producerConfig(kafka.bootstrapServers()),
                        avro(TokenUsageEvent.getEncoder()),
                        topics,
                        RateLimit.UNLIMITED);
                Stream<JsonlLine> lines = EventsJsonlReader.lines(ReplayTestFiles.resource("events-mixed.jsonl"))) {
            report = publisher.publishLines(lines, handed -> {});
        }

        assertThat(report.published()).isEqualTo(5);
        assertThat(report.deadLettered()).isEqualTo(3);
        assertThat(readAll(topics.tokenUsage()))
                .extracting(record -> usageEvent(record).getEventId())
                .containsExactlyInAnyOrder("req-1", "req-2", "req-3", "req-4", "req-8");
        List<ConsumerRecord<String, byte[]>> deadLetters = readAll(topics.tokenUsageDlq());
        assertThat(deadLetters)
                .extracting(record -> header(record, DeadLetterHeaders.SOURCE_LINE))
                .containsExactly("6", "7", "8");
        assertThat(deadLetters).allSatisfy(record -> {
            assertThat(header(record, DeadLetterHeaders.REASON)).isEqualTo("UNPARSEABLE_LINE");
            assertThat(header(record, DeadLetterHeaders.SOURCE_FILE)).isEqualTo(file);
            assertThat(record.key()).isNull();
        });
        assertThat(new String(deadLetters.get(1).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"model_id\":\"anthropic/claude-sonnet-4.5\",\"total_tokens\":10}");
        assertThat(header(deadLetters.get(2), DeadLetterHeaders.DETAIL))
                .isEqualTo("field 'total_tokens' is a string (\"10\"), expected a whole number within the 64-bit "
                        + "range, e.g. 1234");
    }

    @Test
    void holdsTheRateLimit() {
        Topics topics = topics("paced-");
        int events = 300;
        long perSecond = 500;
        List<TokenUsageEvent> sent;
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            sent = rows.limit(events).map(RankingsRow::toRollUp).toList();
        }

        PublishReport report;
        try (UsagePublisher publisher = new UsagePublisher(
                producerConfig(kafka.bootstrapServers()),
                avro(TokenUsageEvent.getEncoder()),
                topics,
                RateLimit.perSecond(perSecond))) {
            report = publisher.publishEvents(sent.stream(), handed -> {});
        }

        Duration lastRecordDue = Duration.ofMillis((events - 1) * 1000L / perSecond);
        assertThat(report.published()).isEqualTo(events);
        assertThat(report.elapsed())
                .isGreaterThanOrEqualTo(lastRecordDue.minusMillis(1))
                .isLessThan(lastRecordDue.multipliedBy(4));
    }

    @Test
    void publishesTheOriginTableKeyedBySlugWithValidFromAsTimestamp() {
        Topics topics = topics("origins-");
        List<OriginTableRow> shipped;
        try (Stream<OriginTableRow> rows = ShippedData.origins()) {
            shipped = rows.toList();
        }
        List<OriginTableRow> extended;
        try (Stream<OriginTableRow> rows = OriginsCsvReader.rows(ReplayTestFiles.resource("origins-extended.csv"))) {
            extended = rows.toList();
        }
        List<OriginTableRow> sent = new ArrayList<>(shipped);
        sent.addAll(extended);

        long before = System.currentTimeMillis();
        PublishReport report;
        try (OriginsPublisher publisher = new OriginsPublisher(
                producerConfig(kafka.bootstrapServers()), avro(ModelOrigin.getEncoder()), topics)) {
            report = publisher.publish(sent.stream(), handed -> {});
        }
        long after = System.currentTimeMillis();

        List<ConsumerRecord<String, byte[]>> received = readAll(topics.modelOrigins());
        assertThat(report.published())
                .as("48 author rows, 6 price rows, 4 extended rows")
                .isEqualTo(48 + 6 + 4);
        assertThat(received)
                .extracting(record -> new OriginTableRow(record.key(), origin(record)))
                .containsExactlyElementsOf(sent);
        assertThat(received).allSatisfy(record -> {
            LocalDate validFrom = origin(record).getValidFrom();
            if (validFrom == null) {
                assertThat(record.timestamp()).isBetween(before, after);
            } else {
                assertThat(Instant.ofEpochMilli(record.timestamp())).isEqualTo(validFrom + "T00:00:00Z");
            }
        });
    }

    private static ModelOrigin origin(ConsumerRecord<String, byte[]> record) {
        try {
            return ModelOrigin.getDecoder().decode(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
