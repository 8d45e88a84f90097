package io.tokenshare.cli;

import io.tokenshare.config.LayeredConfig;
import io.tokenshare.config.SettingsException;
import io.tokenshare.config.TopicLayout;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The admin operations the commands need, each bounded by a timeout and failing with the broker
 * address, the timeout and what to check, instead of the admin client's retries going on for minutes.
 */
final class ClusterAdmin implements AutoCloseable {

    /** How long to wait for the cluster unless default.api.timeout.ms says otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final Admin admin;
    private final String bootstrapServers;
    private final String bootstrapSource;
    private final Duration timeout;

    /** An admin client waiting {@code default.api.timeout.ms} if configured, else {@link #DEFAULT_TIMEOUT}. */
    ClusterAdmin(LayeredConfig config) {
        this(config, timeoutOf(config));
    }

    private static Duration timeoutOf(LayeredConfig config) {
        String key = AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG;
        return config.get(key)
                .map(ms -> {
                    try {
                        return Duration.ofMillis(Long.parseLong(ms));
                    } catch (NumberFormatException e) {
                        throw new SettingsException(
                                key + ": '" + ms + "' (from " + config.describeSource(key)
                                        + ") is not a number of milliseconds; write e.g. 15000",
                                e);
                    }
                })
                .orElse(DEFAULT_TIMEOUT);
    }

    private ClusterAdmin(LayeredConfig config, Duration timeout) {
        Map<String, Object> adminConfig = ClientConfigs.admin(config.values());
        adminConfig.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(adminConfig);
        this.bootstrapServers = config.get(LayeredConfig.BOOTSTRAP_SERVERS).orElse("?");
        this.bootstrapSource = config.describeSource(LayeredConfig.BOOTSTRAP_SERVERS);
        this.timeout = timeout;
    }

    /** Fails with the address and timeout when no broker answers. */
    void requireReachable() {
        await(admin.describeCluster().clusterId(), "to describe the cluster");
    }

    /** Creates the topics that do not exist yet; returns the names of those it created. */
    List<String> createMissing(Collection<NewTopic> topics) {
        Set<String> existing = await(admin.listTopics().names(), "to list topics");
        List<NewTopic> missing =
                topics.stream().filter(t -> !existing.contains(t.name())).toList();
        admin.createTopics(missing).values().forEach((name, creation) -> {
            try {
                await(creation, "to create topic " + name);
            } catch (RuntimeFailure e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        });
        return missing.stream().map(NewTopic::name).toList();
    }

    /** The layout's topics as they exist on the cluster; absent topics are left out. */
    Map<String, TopicLayout.ExistingTopic> describe(TopicLayout layout) {
        Set<String> existing = await(admin.listTopics().names(), "to list topics");
        List<String> present =
                layout.names().stream().filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(present).allTopicNames(), "to describe topics");
        List<ConfigResource> resources = present.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<ConfigResource, Config> configs =
                await(admin.describeConfigs(resources).all(), "to describe topic configs");
        Map<String, TopicLayout.ExistingTopic> topics = new HashMap<>();
        descriptions.forEach((name, description) -> {
            Map<String, String> settings = new HashMap<>();
            for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .entries()) {
                if (entry.value() != null) {
                    settings.put(entry.name(), entry.value());
                }
            }
            topics.put(
                    name, new TopicLayout.ExistingTopic(description.partitions().size(), settings));
        });
        return topics;
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new RuntimeFailure(
                        "Kafka at " + bootstrapServers + " (bootstrap.servers from " + bootstrapSource
                                + ") did not answer within " + timeout.toSeconds() + " s " + what
                                + ": check that a broker runs"
                                + " at that address, that this machine can reach it, and the security settings",
                        cause);
            }
            throw new RuntimeFailure(
                    "Kafka at " + bootstrapServers + " refused " + what + ": "
                            + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while waiting for Kafka at " + bootstrapServers + " " + what, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
