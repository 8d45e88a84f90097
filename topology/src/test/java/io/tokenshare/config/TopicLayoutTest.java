package io.tokenshare.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {

    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");
    private static final Map<String, String> FOREVER = Map.of("cleanup.policy", "delete", "retention.ms", "-1");

    @Test
    void historyIsKeptForeverAndTablesAreCompacted() {
        TopicLayout layout = TopicLayout.of(new Topics("acme."), 6);

        assertThat(layout.names())
                .containsExactly(
                        "acme.token-usage",
                        "acme.token-usage-dlq",
                        "acme.model-origins",
                        "acme.share-by-origin",
                        "acme.share-by-lab",
                        "acme.share-by-model",
                        "acme.share-by-category",
                        "acme.share-alerts");
        Map<String, TopicLayout.TopicSpec> byName = new HashMap<>();
        layout.topics().forEach(spec -> byName.put(spec.name(), spec));
        assertThat(byName.get("acme.token-usage").partitions()).isEqualTo(6);
        assertThat(byName.get("acme.token-usage").configs()).isEqualTo(FOREVER);
        assertThat(byName.get("acme.token-usage-dlq").configs()).isEqualTo(FOREVER);
        for (String table : List.of(
                "acme.model-origins",
                "acme.share-by-origin",
                "acme.share-by-lab",
                "acme.share-by-model",
                "acme.share-by-category",
                "acme.share-alerts")) {
            assertThat(byName.get(table).configs()).as(table).isEqualTo(COMPACT);
        }
    }

    @Test
    void newTopicsCarryPartitionsSettingsAndReplication() {
        List<NewTopic> topics = TopicLayout.defaults().newTopics(Optional.of((short) 3));

        NewTopic usage = topics.get(0);
        assertThat(usage.name()).isEqualTo("token-usage");
        assertThat(usage.numPartitions()).isEqualTo(TopicLayout.DEFAULT_TOKEN_USAGE_PARTITIONS);
        assertThat(usage.replicationFactor()).isEqualTo((short) 3);
        assertThat(usage.configs()).isEqualTo(FOREVER);
        assertThat(TopicLayout.defaults().newTopics(Optional.empty()).get(0).replicationFactor())
                .isEqualTo((short) -1);
    }

    @Test
    void aClusterAsTheLayoutWantsHasNoProblems() {
        TopicLayout layout = TopicLayout.defaults();
        Map<String, TopicLayout.ExistingTopic> existing = new HashMap<>();
        layout.topics()
                .forEach(spec -> existing.put(
                        spec.name(),
                        new TopicLayout.ExistingTopic(spec.partitions(), withBrokerDefaults(spec.configs()))));

        assertThat(layout.problems(existing)).isEmpty();
    }

    @Test
    void reportsMissingTopicsWrongPartitionsAndWrongSettings() {
        TopicLayout layout = TopicLayout.defaults();
        Map<String, TopicLayout.ExistingTopic> existing = new HashMap<>();
        layout.topics()
                .forEach(spec ->
                        existing.put(spec.name(), new TopicLayout.ExistingTopic(spec.partitions(), spec.configs())));
        existing.remove("share-alerts");
        existing.put(
                "token-usage",
                new TopicLayout.ExistingTopic(2, Map.of("cleanup.policy", "delete", "retention.ms", "604800000")));
        existing.put("model-origins", new TopicLayout.ExistingTopic(1, Map.of("cleanup.policy", "delete")));

        List<String> problems = layout.problems(existing);

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0))
                .contains("token-usage has 2 partition(s), expected 4", "'tokenshare topics check --partitions 2'");
        assertThat(problems.get(1))
                .contains(
                        "token-usage has retention.ms=604800000, expected retention.ms=-1",
                        "replayed history",
                        "--add-config retention.ms=-1");
        assertThat(problems.get(2))
                .contains("model-origins has cleanup.policy=delete, expected cleanup.policy=compact");
        assertThat(problems.get(3)).contains("share-alerts is missing", "tokenshare topics create");
    }

    @Test
    void refusesAnEmptyTokenUsageTopic() {
        assertThatThrownBy(() -> TopicLayout.of(Topics.unprefixed(), 0))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("at least 1 partition");
    }

    private static Map<String, String> withBrokerDefaults(Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        all.putIfAbsent("retention.ms", "604800000");
        all.put("segment.bytes", "1073741824");
        return all;
    }
}
