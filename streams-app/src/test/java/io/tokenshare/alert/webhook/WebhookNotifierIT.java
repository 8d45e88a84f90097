package io.tokenshare.alert.webhook;

import static io.tokenshare.alert.webhook.ScriptedWebhook.Answer.DROP_CONNECTION;
import static io.tokenshare.alert.webhook.ScriptedWebhook.Answer.SERVER_ERROR;
import static io.tokenshare.alert.webhook.ScriptedWebhook.Answer.TOO_MANY_REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.alert.CrossoverRule;
import io.tokenshare.alert.DistributionFixture;
import io.tokenshare.alert.RuleScope;
import io.tokenshare.avro.AlertStatus;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.serde.SchemaRegistryAvroSerdes;
import io.tokenshare.testsupport.KafkaTestClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The notifier against a real broker and a local webhook that fails, goes down and rejects. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WebhookNotifierIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;

    private final AvroSerdes serdes =
            new SchemaRegistryAvroSerdes(Map.of("schema.registry.url", "mock://webhook-notifier-it"));
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<WebhookNotifier> running = new ArrayList<>();
    private final List<Future<?>> runs = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void stopNotifiers() throws Exception {
        running.forEach(WebhookNotifier::stop);
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS))
                .as("notifier threads ended")
                .isTrue();
        for (Future<?> run : runs) {
            run.get();
        }
    }

    @Test
    void everyAlertArrivesExactlyOnceThroughFailuresAnOutageAndARestart() throws Exception {
        Topics topics = new Topics("restart-");
        kafka.createTopics(List.of(new NewTopic(topics.shareAlerts(), 2, (short) 1)));
        List<ShareAlert> alerts = alerts(12);
        List<ShareAlert> beforeOutage = alerts.subList(0, 6);
        List<ShareAlert> duringOutage = alerts.subList(6, 12);
        try (ScriptedWebhook webhook = new ScriptedWebhook()) {
            webhook.failFirst(SERVER_ERROR, SERVER_ERROR, DROP_CONNECTION, TOO_MANY_REQUESTS);
            WebhookConfig config = config(webhook, topics);
            produce(topics, beforeOutage);

            WebhookNotifier first = start(config);
            await().atMost(PATIENCE).until(() -> first.delivered() == beforeOutage.size());
            webhook.setDown(true);
            produce(topics, duringOutage);
            await().atMost(PATIENCE).until(() -> first.failedAttempts() >= 4 + 3);
            first.stop();

            assertThat(webhook.acknowledged()).containsOnlyKeys(idempotencyKeys(beforeOutage));
            webhook.setDown(false);
            WebhookNotifier second = start(config);
            // The receiver counts an alert before its answer reaches the notifier: wait for both sides.
            await().atMost(PATIENCE)
                    .until(() -> webhook.acknowledged().size() == alerts.size()
                            && second.delivered() == duringOutage.size());

            assertThat(webhook.acknowledged())
                    .containsOnlyKeys(idempotencyKeys(alerts))
                    .allSatisfy((key, times) ->
                            assertThat(times).as("2xx answers to %s", key).isOne());
            assertThat(first.delivered()).isEqualTo(beforeOutage.size());
            JsonNode retraction = webhook.acceptedBodies().stream()
                    .filter(body -> body.get("status").asText().equals("RETRACTED"))
                    .findFirst()
                    .orElseThrow();
            assertThat(retraction.get("alert_key").asText())
                    .isEqualTo(alerts.get(4).getAlertKey());
            assertThat(retraction.get("week_start").asText())
                    .isEqualTo(alerts.get(4).getWeekStart().toString());
            assertThat(retraction.get("members").get(0).asText()).isEqualTo("CN");
            assertThat(retraction.get("values").get(0).get("share_after").asDouble())
                    .isEqualTo(alerts.get(4).getValues().get(0).getShareAfter());
            assertThat(retraction.get("detected_at").asText()).isEqualTo("2026-04-28T09:00:00Z");
        }
    }

    @Test
    void aRejectedAlertAndAnUnreadableRecordAreGivenUpOnAndNotPostedAgainAfterARestart() throws Exception {
        Topics topics = new Topics("reject-");
        kafka.createTopics(List.of(new NewTopic(topics.shareAlerts(), 1, (short) 1)));
        List<ShareAlert> alerts = alerts(4);
        try (ScriptedWebhook webhook = new ScriptedWebhook()) {
            webhook.reject(alerts.get(1).getAlertKey());
            produceUnreadable(topics);
            produce(topics, alerts.subList(0, 3));
            WebhookConfig config = config(webhook, topics);

            WebhookNotifier first = start(config);
            await().atMost(PATIENCE).until(() -> webhook.acknowledged().size() == 2 && first.givenUp() == 2);
            first.stop();
            int requestsBeforeRestart = webhook.requests();
            WebhookNotifier second = start(config);
            produce(topics, alerts.subList(3, 4));
            await().atMost(PATIENCE).until(() -> webhook.acknowledged().size() == 3);

            assertThat(webhook.acknowledged())
                    .containsOnlyKeys(idempotencyKeys(List.of(alerts.get(0), alerts.get(2), alerts.get(3))));
            assertThat(webhook.requests()).as("requests after the restart").isEqualTo(requestsBeforeRestart + 1);
            assertThat(second.givenUp()).isZero();
            assertThat(first.failedAttempts()).isZero();
        }
    }

    /**
     * Real alerts of a flapping race, oldest first: CN and US swap the lead every week, so every week after the
     * first is a crossover; the fifth alert is sent again as RETRACTED.
     */
    private static List<ShareAlert> alerts(int count) {
        DistributionFixture flapping = DistributionFixture.origins(ShareBasis.ALL, "all");
        LocalDate week = LocalDate.parse("2025-01-06");
        for (int i = 0; i <= count; i++) {
            boolean chinaLeads = i % 2 == 1;
            flapping.percent(week.plusWeeks(i).toString(), "CN", chinaLeads ? 55 : 45, "US", chinaLeads ? 45 : 55);
        }
        CrossoverRule rule =
                new CrossoverRule("cn-us", new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL), "CN", "US", 2);
        Instant detected = Instant.parse("2026-04-28T09:00:00Z");
        List<ShareAlert> alerts = new ArrayList<>(rule.evaluate(flapping.series()).stream()
                .map(finding -> finding.toAlert(AlertStatus.FIRED, detected))
                .toList());
        alerts.add(
                4,
                ShareAlert.newBuilder(alerts.get(3))
                        .setStatus(AlertStatus.RETRACTED)
                        .build());
        return alerts.subList(0, count);
    }

    private static List<String> idempotencyKeys(List<ShareAlert> alerts) {
        return alerts.stream().map(WebhookNotifier::idempotencyKeyOf).toList();
    }

    private WebhookConfig config(ScriptedWebhook webhook, Topics topics) {
        return WebhookConfig.of(webhook.url(), kafka.bootstrapServers(), topics)
                .withGroupId(topics.prefix() + "webhook")
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private WebhookNotifier start(WebhookConfig config) {
        WebhookNotifier notifier =
                new WebhookNotifier(config, serdes.forValues(ShareAlert.class).deserializer());
        running.add(notifier);
        runs.add(threads.submit(notifier));
        return notifier;
    }

    private void produce(Topics topics, List<ShareAlert> alerts) {
        try (KafkaProducer<String, ShareAlert> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                serdes.forValues(ShareAlert.class).serializer())) {
            alerts.forEach(
                    alert -> producer.send(new ProducerRecord<>(topics.shareAlerts(), alert.getAlertKey(), alert)));
        }
    }

    private void produceUnreadable(Topics topics) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                KafkaTestClients.producerConfig(kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    topics.shareAlerts(), "garbage", "not an alert".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
