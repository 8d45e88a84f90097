package io.tokenshare.query;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * This instance's view of the group: which instance holds which store partition, actively or as a
 * standby, from Kafka Streams' metadata. Every answer is a point-in-time view; callers re-check the
 * state after reading so that a rebalance in between turns into a 503, not a stale answer.
 */
final class StreamsCluster {

    private final KafkaStreams streams;
    private final StoreLayout layout;
    private final HostInfo self;
    // Partition counts never shrink: an assignment that shows fewer partitions than seen before is
    // incomplete (a rebalance in flight), not smaller.
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

    StreamsCluster(KafkaStreams streams, StoreLayout layout, HostInfo self) {
        this.streams = streams;
        this.layout = layout;
        this.self = self;
    }

    HostInfo self() {
        return self;
    }

    boolean hasStore(String store) {
        return layout.has(store);
    }

    /** Fails with a 503 unless this instance is RUNNING: in any other state its stores may be migrating or restoring. */
    void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new UnavailableException(
                    "instance " + address(self) + " is " + state + ": its stores are migrating or restoring");
        }
    }

    /** The partition of the store that holds {@code key}, with its active and standby instances. */
    KeyQueryMetadata ownerOf(String store, String key) {
        KeyQueryMetadata owner = metadata(() -> streams.queryMetadataForKey(store, key, new StringSerializer()));
        if (owner == null
                || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || owner.activeHost().port() < 0) {
            throw new UnavailableException(
                    "no instance holds the " + store + " partition for '" + key + "' in the current assignment");
        }
        return owner;
    }

    /** The store partitions each instance holds as active tasks. */
    Map<HostInfo, Set<Integer>> activePartitions(String store) {
        return partitionsByHost(store, StreamsMetadata::topicPartitions);
    }

    /** The store partitions each instance holds as standby replicas. */
    Map<HostInfo, Set<Integer>> standbyPartitions(String store) {
        return partitionsByHost(store, StreamsMetadata::standbyTopicPartitions);
    }

    /**
     * Every partition of the store, from the assignment: 0 to n-1, each with an active instance.
     *
     * @throws UnavailableException when the assignment leaves a partition without an active instance
     */
    Set<Integer> partitionsOf(String store) {
        TreeSet<Integer> assigned = new TreeSet<>();
        activePartitions(store).values().forEach(assigned::addAll);
        int highest = assigned.isEmpty() ? 0 : assigned.last() + 1;
        int count = partitionCounts.merge(store, Math.max(1, highest), Math::max);
        for (int partition = 0; partition < count; partition++) {
            if (!assigned.contains(partition)) {
                throw new UnavailableException("partition " + partition + " of store " + store
                        + " has no active instance in the current assignment");
            }
        }
        return assigned;
    }

    /** The store partitions this instance holds right now, with their role. */
    Map<Integer, StoreRole> localPartitions(String store) {
        int subtopology = layout.subtopologyOf(store);
        Map<Integer, StoreRole> local = new HashMap<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.standbyTasks()) {
                if (task.taskId().subtopology() == subtopology) {
                    local.put(task.taskId().partition(), StoreRole.STANDBY);
                }
            }
            for (TaskMetadata task : thread.activeTasks()) {
                if (task.taskId().subtopology() == subtopology) {
                    local.put(task.taskId().partition(), StoreRole.ACTIVE);
                }
            }
        }
        return local;
    }

    private Map<HostInfo, Set<Integer>> partitionsByHost(
            String store, Function<StreamsMetadata, Set<TopicPartition>> partitions) {
        Map<HostInfo, Set<Integer>> byHost = new HashMap<>();
        for (StreamsMetadata instance : metadata(streams::metadataForAllStreamsClients)) {
            Set<Integer> held = new TreeSet<>();
            for (TopicPartition partition : partitions.apply(instance)) {
                if (layout.feeds(store, partition.topic())) {
                    held.add(partition.partition());
                }
            }
            if (!held.isEmpty()) {
                byHost.put(instance.hostInfo(), held);
            }
        }
        return byHost;
    }

    private <T> T metadata(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Kafka Streams refuses metadata before it has started and after it has stopped.
            throw new UnavailableException(
                    "instance " + address(self) + " has no cluster metadata while " + streams.state() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** An instance's address as the API reports it: host:port. */
    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
