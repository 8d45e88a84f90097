package io.tokenshare.bench;

import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates tokenshare's topics for a benchmark run. Every topic keeps its records for ever
 * ({@code retention.ms=-1}): the events carry 2025 timestamps, which the default seven-day retention
 * would delete while the runs read them.
 */
final class BenchTopics {

    private static final short ONE_REPLICA = 1;
    private static final int SHARE_PARTITIONS = 1;

    private BenchTopics() {}

    /** token-usage, its dead letters and model-origins with {@code partitions} each; the share topics and share-alerts with one. */
    static void create(EmbeddedKafka kafka, Topics topics, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        Map<String, String> keepForever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        List<NewTopic> all = new ArrayList<>();
        all.add(new NewTopic(topics.tokenUsage(), partitions, ONE_REPLICA).configs(keepForever));
        all.add(new NewTopic(topics.tokenUsageDlq(), partitions, ONE_REPLICA).configs(keepForever));
        all.add(new NewTopic(topics.modelOrigins(), partitions, ONE_REPLICA)
                .configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG,
                        "-1",
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT)));
        for (String share : topics.shareTopics()) {
            all.add(new NewTopic(share, SHARE_PARTITIONS, ONE_REPLICA).configs(keepForever));
        }
        all.add(new NewTopic(topics.shareAlerts(), SHARE_PARTITIONS, ONE_REPLICA).configs(keepForever));
        kafka.createTopics(all);
    }
}
