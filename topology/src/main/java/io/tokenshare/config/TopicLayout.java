package io.tokenshare.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics tokenshare needs, with the partitions and settings that make it correct: the tables
 * (model-origins, share-by-*, share-alerts) are compacted so that the last record per key survives,
 * and the topics carrying history (token-usage, token-usage-dlq) keep their records forever, because
 * a replay of 2025 data would otherwise be deleted by time-based retention the moment it arrives.
 * Kafka Streams creates its own internal topics; they are not listed here.
 */
public final class TopicLayout {

    /** Partitions of token-usage unless the user chooses otherwise: room for four stream threads. */
    public static final int DEFAULT_TOKEN_USAGE_PARTITIONS = 4;

    private static final Map<String, String> KEEP_FOREVER = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG,
            "-1");
    private static final Map<String, String> COMPACTED =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    /**
     * One topic as tokenshare wants it.
     *
     * @param name       the topic name, prefix included
     * @param partitions how many partitions it should have
     * @param configs    topic settings that must have exactly these values
     * @param purpose    why it exists, for reports
     */
    public record TopicSpec(String name, int partitions, Map<String, String> configs, String purpose) {

        /** Checks the name and partition count. */
        public TopicSpec {
            Objects.requireNonNull(name, "name");
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "topic " + name + " needs at least one partition, got " + partitions);
            }
            configs = Map.copyOf(configs);
        }

        /** The admin-client request that creates this topic. */
        public NewTopic toNewTopic(Optional<Short> replicationFactor) {
            return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs);
        }
    }

    /**
     * A topic as it exists on a cluster.
     *
     * @param partitions its partition count
     * @param configs    its effective settings (at least the ones a {@link TopicSpec} names)
     */
    public record ExistingTopic(int partitions, Map<String, String> configs) {

        /** Copies the settings. */
        public ExistingTopic {
            configs = Map.copyOf(configs);
        }
    }

    private final List<TopicSpec> specs;

    private TopicLayout(List<TopicSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    /**
     * The layout for the given topic names.
     *
     * @param tokenUsagePartitions partitions of token-usage: the most stream threads (across all instances)
     *                             that can share the ingest work
     */
    public static TopicLayout of(Topics topics, int tokenUsagePartitions) {
        if (tokenUsagePartitions < 1) {
            throw new SettingsException("token-usage needs at least 1 partition, got " + tokenUsagePartitions
                    + "; the default is " + DEFAULT_TOKEN_USAGE_PARTITIONS);
        }
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(new TopicSpec(
                topics.tokenUsage(),
                tokenUsagePartitions,
                KEEP_FOREVER,
                "usage events keyed by model id; keeps history forever"));
        specs.add(new TopicSpec(
                topics.tokenUsageDlq(),
                1,
                KEEP_FOREVER,
                "dead letters with their reason in the tokenshare.dlq.reason header"));
        specs.add(new TopicSpec(
                topics.modelOrigins(), 1, COMPACTED, "the model-origin table keyed by author slug or model id"));
        for (String share : topics.shareTopics()) {
            specs.add(new TopicSpec(share, 1, COMPACTED, "share rows keyed week|basis|dimension|member"));
        }
        specs.add(new TopicSpec(topics.shareAlerts(), 1, COMPACTED, "alerts keyed by alert key"));
        return new TopicLayout(specs);
    }

    /** The default layout: unprefixed names, {@value #DEFAULT_TOKEN_USAGE_PARTITIONS} token-usage partitions. */
    public static TopicLayout defaults() {
        return of(Topics.unprefixed(), DEFAULT_TOKEN_USAGE_PARTITIONS);
    }

    /** Every topic, token-usage first. */
    public List<TopicSpec> topics() {
        return specs;
    }

    /** The topic names. */
    public List<String> names() {
        return specs.stream().map(TopicSpec::name).toList();
    }

    /** Admin-client requests creating every topic; an empty replication factor takes the broker's default. */
    public List<NewTopic> newTopics(Optional<Short> replicationFactor) {
        return specs.stream().map(spec -> spec.toNewTopic(replicationFactor)).toList();
    }

    /**
     * What is wrong with a cluster's topics, one sentence per problem saying what to do; empty when
     * everything is as it should be.
     *
     * @param existing the cluster's topics by name; topics of the layout that are absent are missing
     */
    public List<String> problems(Map<String, ExistingTopic> existing) {
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : specs) {
            ExistingTopic topic = existing.get(spec.name());
            if (topic == null) {
                problems.add("topic " + spec.name() + " is missing (" + spec.purpose()
                        + "): create it with 'tokenshare topics create'");
                continue;
            }
            if (topic.partitions() != spec.partitions()) {
                problems.add("topic " + spec.name() + " has " + topic.partitions() + " partition(s), expected "
                        + spec.partitions() + partitionAdvice(spec, topic.partitions()));
            }
            new TreeMap<>(spec.configs()).forEach((key, wanted) -> {
                String actual = topic.configs().get(key);
                if (!wanted.equals(actual)) {
                    problems.add("topic " + spec.name() + " has " + key + "=" + actual + ", expected " + key + "="
                            + wanted + configAdvice(key)
                            + ": kafka-configs.sh --alter --entity-type topics --entity-name "
                            + spec.name() + " --add-config " + key + "=" + wanted);
                }
            });
        }
        return problems;
    }

    // 'run' has no partition option: it counts on the topics as created, so the hint names the
    // command that does take the count.
    private String partitionAdvice(TopicSpec spec, int actual) {
        if (spec.name().equals(specs.get(0).name())) {
            return " (if you chose that count on purpose, check the other topics against it with"
                    + " 'tokenshare topics check --partitions " + actual + "')";
        }
        return "";
    }

    private static String configAdvice(String key) {
        return switch (key) {
            case TopicConfig
                    .RETENTION_MS_CONFIG -> " (with time-based retention the broker deletes replayed history as soon as it arrives)";
            case TopicConfig
                    .CLEANUP_POLICY_CONFIG -> " (a table topic must keep the last record per key, which only compaction guarantees)";
            default -> "";
        };
    }
}
