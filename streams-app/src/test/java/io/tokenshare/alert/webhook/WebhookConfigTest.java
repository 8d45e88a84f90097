package io.tokenshare.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.config.Topics;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

    private static final URI HOOK = URI.create("https://hooks.example.org/tokenshare");

    @Test
    void theWaitDoublesAfterEachFailedAttemptUpToTheMaximum() {
        WebhookConfig config = WebhookConfig.of(HOOK, "127.0.0.1:9092", Topics.unprefixed())
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(3));

        assertThat(config.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.backoff(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.backoff(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.backoff(400)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theDefaultsReadTheTopicsShareAlertsTopicInTheirOwnGroup() {
        WebhookConfig config = WebhookConfig.of(HOOK, "127.0.0.1:9092", new Topics("staging-"));

        assertThat(config.topic()).isEqualTo("staging-share-alerts");
        assertThat(config.groupId()).isEqualTo(WebhookConfig.DEFAULT_GROUP_ID);
    }

    @Test
    void aWebhookThatIsNotAnHttpUrlIsRefusedWithTheUrl() {
        assertThatThrownBy(
                        () -> WebhookConfig.of(URI.create("ftp://hooks.example.org/x"), "b:9092", Topics.unprefixed()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:// or https://")
                .hasMessageContaining("ftp://hooks.example.org/x");
    }

    @Test
    void aMaximumWaitShorterThanTheFirstIsRefused() {
        WebhookConfig config = WebhookConfig.of(HOOK, "b:9092", Topics.unprefixed());

        assertThatThrownBy(() -> config.withTiming(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoff");
    }

    @Test
    void headerValuesKeepVisibleAsciiAndEncodeTheRest() {
        assertThat(WebhookNotifier.headerSafe("lab-leader|Zhipu / Z.ai,Moonshot|2026-03-23|FIRED"))
                .isEqualTo("lab-leader|Zhipu%20/%20Z.ai,Moonshot|2026-03-23|FIRED");
        assertThat(WebhookNotifier.headerSafe("Ä")).isEqualTo("%C3%84");
    }
}
