package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.tokenshare.avro.AlertStatus;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.testsupport.KafkaTestClients;
import io.tokenshare.testsupport.StreamsLiveness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert stage in a real Kafka Streams instance under exactly_once_v2: stopped and restarted on its state
 * directory, then on a wiped one (restored from the changelogs), each time fed the same distributions again; and fed
 * revisions of a final week, which re-issue or retract the alerts resting on it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AlertStageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String INPUT = "alert-it-week-distributions";
    private static EmbeddedKafka kafka;

    private final Topics topics = new Topics("alert-it-");
    private final MockRegistrySerdes serdes = new MockRegistrySerdes("alert-stage-it");

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aRevisionReissuesTheAlertsWhoseFiguresItChangesAndRetractsThoseItMakesUntrue(@TempDir Path stateDir) {
        String input = "alert-it-revised-week-distributions";
        Topics revisedTopics = new Topics("alert-it-revised-");
        kafka.createTopics(
                List.of(new NewTopic(input, 1, (short) 1), new NewTopic(revisedTopics.shareAlerts(), 1, (short) 1)));
        DistributionFixture spring = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-09", "CN", 35.6, "US", 51.2)
                .percent("2026-03-16", "CN", 43.1, "US", 43.5)
                .percent("2026-03-23", "CN", 53.2, "US", 39.7)
                .percent("2026-03-30", "CN", 61.8, "US", 32.1)
                .percent("2026-04-06", "CN", 43.4, "US", 47.0)
                .percent("2026-04-13", "CN", 36.2, "US", 50.8)
                .percent("2026-04-20", "CN", 39.7, "US", 48.5);
        List<WeekDistribution> originalsThenRevision = new ArrayList<>(spring.all());
        originalsThenRevision.add(spring.revise("2026-03-23", 1, "CN", 55.0, "US", 38.0));
        try (KafkaConsumer<String, ShareAlert> output = outputConsumer(revisedTopics);
                RunningStreams streams = start(stateDir, "alert-stage-revisions-it", input, revisedTopics)) {
            // In one go, so that originals and re-issues may share a batch and its wall-clock time (AlertStageTest
            // covers that case for certain: the test driver's clock stands still).
            produce(input, originalsThenRevision);
            List<ConsumerRecord<String, ShareAlert>> sent = KafkaTestClients.pollAtLeast(output, 6);
            assertThat(keysAndStatus(sent))
                    .containsExactly(
                            tuple("cn-us-crossover-all|CN,US|2026-03-23|up", AlertStatus.FIRED),
                            tuple("cn-majority-all|CN|2026-03-23|up", AlertStatus.FIRED),
                            tuple("cn-us-crossover-all|CN,US|2026-04-06|down", AlertStatus.FIRED),
                            tuple("cn-turning-points-all|CN|2026-03-30|peak", AlertStatus.FIRED),
                            tuple("cn-us-crossover-all|CN,US|2026-03-23|up", AlertStatus.FIRED),
                            tuple("cn-majority-all|CN|2026-03-23|up", AlertStatus.FIRED));
            assertThat(sent.get(4).value().getMessage())
                    .isEqualTo("China-origin models overtook US-origin models:"
                            + " 55.0 % vs 38.0 % of all tokens, week of 2026-03-23");
            assertThat(sent.get(5).value().getMarginPoints()).isCloseTo(5.0, within(1e-9));
            // What the webhook's Idempotency-Key is made of: a re-issue must not pass for a repeat of the original.
            assertThat(sent)
                    .extracting(r -> r.key()
                            + '|'
                            + r.value().getStatus()
                            + '|'
                            + r.value().getDetectedAt().toEpochMilli())
                    .doesNotHaveDuplicates();

            // The same figures again under a new revision send nothing: the next record is the retractions that a
            // revision leaving CN 1 point ahead (under the crossover's margin) and under 50 % makes, then the alerts
            // that now hold one week later.
            produce(input, List.of(spring.revise("2026-03-23", 2, "CN", 55.0, "US", 38.0)));
            produce(input, List.of(spring.revise("2026-03-23", 3, "CN", 45.0, "US", 44.0)));
            assertThat(keysAndStatus(KafkaTestClients.pollAtLeast(output, 4)))
                    .containsExactly(
                            tuple("cn-us-crossover-all|CN,US|2026-03-23|up", AlertStatus.RETRACTED),
                            tuple("cn-us-crossover-all|CN,US|2026-03-30|up", AlertStatus.FIRED),
                            tuple("cn-majority-all|CN|2026-03-23|up", AlertStatus.RETRACTED),
                            tuple("cn-majority-all|CN|2026-03-30|up", AlertStatus.FIRED));
            streams.assertStillRunning();
            assertThat(KafkaTestClients.pollToEnd(output, List.of(new TopicPartition(revisedTopics.shareAlerts(), 0))))
                    .as("nothing after the last alert")
                    .isEmpty();
        }
    }

    @Test
    void restartsAndReprocessingNeverSendAnAlertTwice(@TempDir Path stateDir) {
        kafka.createTopics(
                List.of(new NewTopic(INPUT, 1, (short) 1), new NewTopic(topics.shareAlerts(), 1, (short) 1)));
        DistributionFixture spring = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-09", "CN", 35.6, "US", 51.2)
                .percent("2026-03-16", "CN", 43.1, "US", 43.5)
                .percent("2026-03-23", "CN", 53.2, "US", 39.7)
                .percent("2026-03-30", "CN", 61.8, "US", 32.1)
                .percent("2026-04-06", "CN", 43.4, "US", 47.0)
                .percent("2026-04-13", "CN", 36.2, "US", 50.8)
                .percent("2026-04-20", "CN", 39.7, "US", 48.5);
        try (KafkaConsumer<String, ShareAlert> output = outputConsumer()) {
            try (RunningStreams first = start(stateDir.resolve("disk"))) {
                produce(spring.all());
                assertThat(keysAndStatus(KafkaTestClients.pollAtLeast(output, 4)))
                        .containsExactly(
                                tuple("cn-us-crossover-all|CN,US|2026-03-23|up", AlertStatus.FIRED),
                                tuple("cn-majority-all|CN|2026-03-23|up", AlertStatus.FIRED),
                                tuple("cn-us-crossover-all|CN,US|2026-04-06|down", AlertStatus.FIRED),
                                tuple("cn-turning-points-all|CN|2026-03-30|peak", AlertStatus.FIRED));
                first.assertStillRunning();
            }

            // Same state directory; the input again, then a week that adds two alerts.
            try (RunningStreams second = start(stateDir.resolve("disk"))) {
                produce(spring.all());
                produce(spring.percent("2026-04-27", "CN", 47.5, "US", 41.1)
                        .all()
                        .subList(7, 8));
                assertThat(keysAndStatus(KafkaTestClients.pollAtLeast(output, 2)))
                        .containsExactly(
                                tuple("cn-us-crossover-all|CN,US|2026-04-27|up", AlertStatus.FIRED),
                                tuple("cn-turning-points-all|CN|2026-04-13|trough", AlertStatus.FIRED));
                second.assertStillRunning();
            }

            // A lost disk: the stores come back from their changelogs. Everything again, then one new alert;
            // a repeat would come before it, since one partition is processed in order.
            try (RunningStreams third = start(stateDir.resolve("replacement-disk"))) {
                produce(spring.all());
                produce(spring.percent("2026-05-04", "CN", 40.0, "US", 50.0)
                        .all()
                        .subList(8, 9));
                assertThat(keysAndStatus(KafkaTestClients.pollAtLeast(output, 1)))
                        .containsExactly(tuple("cn-us-crossover-all|CN,US|2026-05-04|down", AlertStatus.FIRED));
                third.assertStillRunning();
            }
            assertThat(KafkaTestClients.pollToEnd(output, List.of(new TopicPartition(topics.shareAlerts(), 0))))
                    .as("nothing after the last alert")
                    .isEmpty();
        }
    }

    /** Starts an instance; closing it leaves the group at once, so the next one need not wait out its session. */
    private RunningStreams start(Path stateDir) {
        return start(stateDir, "alert-stage-it", INPUT, topics);
    }

    private RunningStreams start(Path stateDir, String applicationId, String input, Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        StageContext context = new StageContext(
                builder,
                TokenshareSettings.fromProperties(Map.of(TokenshareSettings.TOPIC_PREFIX, topics.prefix())),
                serdes,
                Clock.systemUTC());
        AlertStage.build(
                context,
                AlertRules.defaults(),
                builder.stream(
                        input,
                        Consumed.with(Serdes.String(), serdes.forValues(WeekDistribution.class))
                                .withName("read-distributions")));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        RunningStreams running = new RunningStreams(streams);
        try {
            await().atMost(PATIENCE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            return running;
        } catch (RuntimeException notRunning) {
            running.close();
            throw notRunning;
        }
    }

    private record RunningStreams(KafkaStreams streams) implements AutoCloseable {
        void assertStillRunning() {
            assertThat(StreamsLiveness.settledState(streams, PATIENCE))
                    .as("the instance survived its input")
                    .isEqualTo(KafkaStreams.State.RUNNING);
        }

        @Override
        public void close() {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(PATIENCE));
        }
    }

    private void produce(List<WeekDistribution> weeks) {
        produce(INPUT, weeks);
    }

    private void produce(String input, List<WeekDistribution> weeks) {
        try (KafkaProducer<String, WeekDistribution> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                serdes.forValues(WeekDistribution.class).serializer())) {
            weeks.forEach(week -> producer.send(new ProducerRecord<>(input, DistributionFixture.key(week), week)));
        }
    }

    private KafkaConsumer<String, ShareAlert> outputConsumer() {
        return outputConsumer(topics);
    }

    private KafkaConsumer<String, ShareAlert> outputConsumer(Topics topics) {
        Map<String, Object> config = KafkaTestClients.consumerConfig(kafka.bootstrapServers(), "alert-it-reader");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, ShareAlert> consumer = new KafkaConsumer<>(
                config,
                new StringDeserializer(),
                serdes.forValues(ShareAlert.class).deserializer());
        TopicPartition partition = new TopicPartition(topics.shareAlerts(), 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    private static List<org.assertj.core.groups.Tuple> keysAndStatus(List<ConsumerRecord<String, ShareAlert>> records) {
        return records.stream().map(r -> tuple(r.key(), r.value().getStatus())).toList();
    }
}
