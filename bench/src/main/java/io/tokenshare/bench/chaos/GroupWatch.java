package io.tokenshare.bench.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The application's consumer group as the broker sees it: which members a process holds, and when the
 * partitions of a killed process are owned again. A {@code kill -9} sends no LeaveGroup, so until the group
 * coordinator gives up on the dead member (its session timeout) its partitions are processed by nobody.
 */
final class GroupWatch implements AutoCloseable {

    private static final long POLL_NANOS = Duration.ofMillis(200).toNanos();
    private static final long ANSWER_SECONDS = 5;

    private final Admin admin;
    private final String groupId;
    private final String inputTopic;
    private final int inputPartitions;

    GroupWatch(String bootstrap, String groupId, String inputTopic, int inputPartitions) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
        this.groupId = groupId;
        this.inputTopic = inputTopic;
        this.inputPartitions = inputPartitions;
    }

    /** The member ids of the consumers whose client id starts with {@code clientIdPrefix}; empty if unknown. */
    Set<String> membersOf(String clientIdPrefix) {
        return describe()
                .map(group -> group.members().stream()
                        .filter(m -> m.clientId().startsWith(clientIdPrefix))
                        .map(MemberDescription::consumerId)
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
    }

    /**
     * Milliseconds from {@code sinceMs} until the group is stable without any of {@code gone} and with every
     * input partition assigned, or -1 after the patience.
     */
    long awaitTakenOver(Set<String> gone, long sinceMs, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (describe().filter(group -> takenOver(group, gone)).isPresent()) {
                return System.currentTimeMillis() - sinceMs;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return -1;
    }

    private boolean takenOver(ConsumerGroupDescription group, Set<String> gone) {
        if (group.groupState() != GroupState.STABLE) {
            return false;
        }
        if (group.members().stream().map(MemberDescription::consumerId).anyMatch(gone::contains)) {
            return false;
        }
        long assigned = group.members().stream()
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .filter(tp -> tp.topic().equals(inputTopic))
                .map(TopicPartition::partition)
                .distinct()
                .count();
        return assigned == inputPartitions;
    }

    private Optional<ConsumerGroupDescription> describe() {
        try {
            return Optional.of(admin.describeConsumerGroups(Set.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get(ANSWER_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException | RuntimeException unavailable) {
            // The broker is restarting or the coordinator is loading: the next look will tell.
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
