package io.tokenshare.query;

import io.tokenshare.query.LocalAnswer.PartitionAnswer;
import io.tokenshare.query.LocalAnswer.PartitionFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs a store query on the partitions this instance holds, never asking another instance: the
 * internal route's answer, and this instance's share of its own fan-outs and lookups.
 */
final class LocalReads {

    private final KafkaStreams streams;
    private final StreamsCluster cluster;

    LocalReads(KafkaStreams streams, StreamsCluster cluster) {
        this.streams = streams;
        this.cluster = cluster;
    }

    /**
     * Reads the given partitions (or every local one) of the query's store.
     *
     * @throws UnavailableException when this instance is not RUNNING before and after the read
     */
    <T> LocalAnswer<T> read(StoreQuery<T> query, Optional<Set<Integer>> requested) {
        cluster.requireRunning();
        Map<Integer, StoreRole> held = cluster.localPartitions(query.store());
        List<PartitionAnswer<T>> read = new ArrayList<>();
        List<PartitionFailure> failed = new ArrayList<>();
        for (int partition : new TreeSet<>(requested.orElse(held.keySet()))) {
            StoreRole role = held.get(partition);
            if (role == null) {
                failed.add(new PartitionFailure(partition, "not held by " + StreamsCluster.address(cluster.self())));
                continue;
            }
            try {
                read.add(new PartitionAnswer<>(
                        partition, role, query.read(new PartitionReader(streams, partition, role))));
            } catch (PartitionUnavailableException e) {
                failed.add(new PartitionFailure(partition, e.getMessage()));
            }
        }
        // A rebalance that began during the read may have moved partitions mid-read: keep none of them.
        cluster.requireRunning();
        if (!cluster.localPartitions(query.store()).equals(held)) {
            throw new UnavailableException("the partitions of store " + query.store() + " on "
                    + StreamsCluster.address(cluster.self()) + " moved while they were read");
        }
        return new LocalAnswer<>(StreamsCluster.address(cluster.self()), read, failed);
    }
}
