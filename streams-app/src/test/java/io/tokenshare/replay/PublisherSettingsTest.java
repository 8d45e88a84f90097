package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PublisherSettingsTest {

    @Test
    void addsThroughputDefaultsKeepsTheCallersAndForcesIdempotence() {
        Map<String, Object> settings = TrackedProducer.settings(
                Map.of(
                        "bootstrap.servers",
                        "kafka:9092",
                        "linger.ms",
                        50,
                        "acks",
                        "1",
                        "enable.idempotence",
                        false,
                        "security.protocol",
                        "SSL"),
                "usage");

        assertThat(settings)
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("linger.ms", 50)
                .containsEntry("batch.size", 262_144)
                .containsEntry("max.block.ms", 15_000)
                .containsEntry("client.id", "tokenshare-replay-usage")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all");
    }

    @Test
    void needsBootstrapServers() {
        assertThatThrownBy(() -> TrackedProducer.settings(Map.of("linger.ms", 5), "usage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    private static byte[] avroBytes(String topic, TokenUsageEvent event) {
        try {
            return TokenUsageEvent.getEncoder().encode(event).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anUnreachableBrokerIsReportedWithItsAddressAndTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;
        Map<String, Object> config = Map.of("bootstrap.servers", address, "max.block.ms", 1_000);
        TokenUsageEvent event = new RankingsRow(LocalDate.of(2026, 1, 5), "a/b", 1).toRollUp();

        try (UsagePublisher publisher = new UsagePublisher(
                config, PublisherSettingsTest::avroBytes, Topics.unprefixed(), RateLimit.UNLIMITED)) {
            assertThatThrownBy(() -> publisher.publishEvents(Stream.of(event), sent -> {}))
                    .isInstanceOf(PublishException.class)
                    .hasMessageStartingWith("Kafka at " + address + " did not answer within 1000 ms (max.block.ms) "
                            + "when looking up topic 'token-usage'")
                    .satisfies(e -> assertThat(((PublishException) e).report().published())
                            .isZero());
        }
    }
}
