package io.tokenshare.alert.webhook;

import io.tokenshare.config.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how {@link WebhookNotifier} posts alerts.
 *
 * @param url               the webhook, http or https
 * @param bootstrapServers  Kafka bootstrap servers
 * @param topic             the share-alerts topic
 * @param groupId           consumer group whose committed offsets say which alerts were delivered
 * @param requestTimeout    how long one POST may take before it counts as failed and is retried
 * @param initialBackoff    wait before the first retry; it doubles at each failed attempt
 * @param maxBackoff        the longest wait between attempts
 * @param consumerOverrides further consumer settings (security, client id...), applied last
 */
public record WebhookConfig(
        URI url,
        String bootstrapServers,
        String topic,
        String groupId,
        Duration requestTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        Map<String, Object> consumerOverrides) {

    /** Consumer group of the notifier unless told otherwise. */
    public static final String DEFAULT_GROUP_ID = "tokenshare-webhook";

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        boolean web = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        if (!web || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "the webhook must be an http:// or https:// URL with a host, got " + url);
        }
        requireText(bootstrapServers, "bootstrapServers");
        requireText(topic, "topic");
        requireText(groupId, "groupId");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff (" + maxBackoff + ") is shorter than initialBackoff (" + initialBackoff + ")");
        }
        consumerOverrides = Map.copyOf(consumerOverrides);
    }

    /**
     * The defaults: the topics' share-alerts topic, group {@value #DEFAULT_GROUP_ID}, 10 s per request, retries
     * after 0.5 s doubling up to 1 min.
     */
    public static WebhookConfig of(URI url, String bootstrapServers, Topics topics) {
        return new WebhookConfig(
                url,
                bootstrapServers,
                topics.shareAlerts(),
                DEFAULT_GROUP_ID,
                Duration.ofSeconds(10),
                Duration.ofMillis(500),
                Duration.ofMinutes(1),
                Map.of());
    }

    /** The same, with another consumer group. */
    public WebhookConfig withGroupId(String group) {
        return new WebhookConfig(
                url, bootstrapServers, topic, group, requestTimeout, initialBackoff, maxBackoff, consumerOverrides);
    }

    /** The same, with another request timeout and backoff. */
    public WebhookConfig withTiming(Duration request, Duration initial, Duration max) {
        return new WebhookConfig(url, bootstrapServers, topic, groupId, request, initial, max, consumerOverrides);
    }

    /** The same, with further consumer settings. */
    public WebhookConfig withConsumerOverrides(Map<String, Object> overrides) {
        return new WebhookConfig(
                url, bootstrapServers, topic, groupId, requestTimeout, initialBackoff, maxBackoff, overrides);
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    Duration backoff(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
