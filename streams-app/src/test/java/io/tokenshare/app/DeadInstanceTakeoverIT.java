package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.serde.InMemorySchemaRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An instance that dies without leaving the group (a {@code kill -9}, a lost host) sends no LeaveGroup: its
 * partitions are processed by nobody until the group coordinator gives up on it. With Kafka Streams' 45 s
 * session timeout that was 45 s and more; tokenshare's defaults promise the survivors take over within 15 s.
 * Here one of two instances on a real broker is closed without leaving the group, and the other must own
 * every {@code token-usage} partition and have counted events sent to the dead one's partitions well before
 * 45 s, with room for a loaded machine.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeadInstanceTakeoverIT {

    private static final Topics TOPICS = Topics.unprefixed();
    private static final int PARTITIONS = 4;
    private static final int EVENTS = 200;
    /** Well under the 45 s a dead member used to hold its partitions, well over the 15 s promised. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;
    private static String scope;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        scope = "takeover-" + UUID.randomUUID();
        kafka.createTopics(TopicLayout.of(TOPICS, PARTITIONS).newTopics(Optional.of((short) 1)));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void aDeadInstancesPartitionsAreTakenOverWellBeforeTheOldSessionTimeout() throws Exception {
        try (TokenshareApp survivor = TokenshareApp.start(config("survivor"))) {
            await().atMost(Duration.ofMinutes(2)).until(() -> survivor.streams().state() == KafkaStreams.State.RUNNING);
            TokenshareApp dying = TokenshareApp.start(config("dying"));
            Set<Integer> dyingOwned;
            try {
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> survivor.streams().state() == KafkaStreams.State.RUNNING
                                && dying.streams().state() == KafkaStreams.State.RUNNING
                                && !inputPartitionsOf(dying).isEmpty()
                                && inputPartitionsOf(survivor).size()
                                                + inputPartitionsOf(dying).size()
                                        == PARTITIONS);
                dyingOwned = inputPartitionsOf(dying);
            } finally {
                // What the broker sees of a kill -9: the member goes silent and stays in the group.
                dying.streams()
                        .close(CloseOptions.groupMembershipOperation(
                                        CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                                .withTimeout(Duration.ofSeconds(30)));
            }
            long silentSince = System.nanoTime();
            long expectedCounted = survivor.accounting().counted() + publishEvents();

            await("the survivor owns every token-usage partition and counted the events sent after the death")
                    .atMost(TAKEOVER_BOUND.minusNanos(System.nanoTime() - silentSince))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> inputPartitionsOf(survivor).size() == PARTITIONS
                            && survivor.accounting().counted() >= expectedCounted);
            Duration tookOver = Duration.ofNanos(System.nanoTime() - silentSince);

            assertThat(inputPartitionsOf(survivor)).containsAll(dyingOwned);
            assertThat(tookOver).isLessThan(TAKEOVER_BOUND);
        }
    }

    private static Map<String, Object> config(String instance) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", "mock://" + scope);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "takeover");
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("takeover-" + instance).toString());
        return config;
    }

    /** The token-usage partitions of the instance's active tasks. */
    private static Set<Integer> inputPartitionsOf(TokenshareApp app) {
        return app.streams().metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks)
                .flatMap(Set::stream)
                .map(TaskMetadata::topicPartitions)
                .flatMap(Set::stream)
                .filter(tp -> tp.topic().equals(TOPICS.tokenUsage()))
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());
    }

    /** Events for many models, so that every partition gets some; returns how many were sent. */
    private static long publishEvents() {
        SecondByEventTrickle.publish(
                kafka.bootstrapServers(), scope, TOPICS, SecondByEventTrickle.events("takeover-", EVENTS, 40));
        return EVENTS;
    }
}
