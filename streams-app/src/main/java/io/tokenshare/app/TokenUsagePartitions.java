package io.tokenshare.app;

import io.tokenshare.config.SettingsException;
import io.tokenshare.config.TokenshareSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Reads the partition count of token-usage from the cluster at start-up: a week may close only once
 * every partition has reported progress, so the share stage must know how many there are.
 */
final class TokenUsagePartitions {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TokenUsagePartitions() {}

    static int read(Properties streamsProperties, String topic) {
        StreamsConfig config = new StreamsConfig(streamsProperties);
        try (Admin admin = Admin.create(config.getAdminConfigs("tokenshare-partitions"))) {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
            return description.partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new SettingsException(
                    "cannot read the partitions of topic " + topic + " (" + e.getMessage()
                            + "): create the topics with 'tokenshare topics create', or set "
                            + TokenshareSettings.TOKEN_USAGE_PARTITIONS + " to its partition count",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SettingsException("interrupted while reading the partitions of topic " + topic, e);
        }
    }
}
