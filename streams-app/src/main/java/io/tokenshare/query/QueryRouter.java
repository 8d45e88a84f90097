package io.tokenshare.query;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a store query from wherever its partitions are. A key lookup goes to the instance holding
 * the key's partition (its active task first, then its standbys); a range query fans out to the
 * active task of every partition, falls back to standbys for partitions whose active task cannot
 * answer, and fails with {@link UnavailableException} if any partition is still missing.
 */
final class QueryRouter {

    static final String FORWARDED_METRIC = "tokenshare.query.forwarded";

    private final StreamsCluster cluster;
    private final LocalReads local;
    private final PeerClient peers;
    private final MeterRegistry metrics;

    QueryRouter(StreamsCluster cluster, LocalReads local, PeerClient peers, MeterRegistry metrics) {
        this.cluster = cluster;
        this.local = local;
        this.peers = peers;
        this.metrics = metrics;
    }

    <T> Routed<T> route(StoreQuery<T> query) {
        cluster.requireRunning();
        Optional<String> key = query.routingKey();
        return key.isPresent() ? lookup(query, key.get()) : fanOut(query);
    }

    private <T> Routed<T> lookup(StoreQuery<T> query, String key) {
        KeyQueryMetadata owner = cluster.ownerOf(query.store(), key);
        Set<Integer> partition = Set.of(owner.partition());
        List<HostInfo> candidates = new ArrayList<>();
        candidates.add(owner.activeHost());
        owner.standbyHosts().stream()
                .sorted(Comparator.comparing(StreamsCluster::address))
                .forEach(candidates::add);
        PartitionMerge<T> merge = new PartitionMerge<>();
        for (HostInfo host : candidates) {
            collect(query, Map.of(host, partition), merge);
            if (merge.has(owner.partition())) {
                break;
            }
        }
        return merge.complete(query.store(), partition);
    }

    private <T> Routed<T> fanOut(StoreQuery<T> query) {
        Set<Integer> partitions = cluster.partitionsOf(query.store());
        PartitionMerge<T> merge = new PartitionMerge<>();
        collect(query, cluster.activePartitions(query.store()), merge);
        Set<Integer> withoutActive = merge.missing(partitions);
        if (!withoutActive.isEmpty()) {
            collect(query, standbysFor(query.store(), withoutActive), merge);
        }
        return merge.complete(query.store(), partitions);
    }

    /** The standby instances of the given partitions, each with the ones it holds. */
    private Map<HostInfo, Set<Integer>> standbysFor(String store, Set<Integer> partitions) {
        Map<HostInfo, Set<Integer>> standbys = new LinkedHashMap<>();
        cluster.standbyPartitions(store).forEach((host, held) -> {
            Set<Integer> wanted = new TreeSet<>(held);
            wanted.retainAll(partitions);
            if (!wanted.isEmpty()) {
                standbys.put(host, wanted);
            }
        });
        return standbys;
    }

    /** Asks each instance of the plan for its partitions, peers first so that they work while this instance reads. */
    private <T> void collect(StoreQuery<T> query, Map<HostInfo, Set<Integer>> plan, PartitionMerge<T> merge) {
        Map<HostInfo, CompletableFuture<LocalAnswer<T>>> asked = new LinkedHashMap<>();
        plan.forEach((host, partitions) -> {
            if (!host.equals(cluster.self())) {
                metrics.counter(FORWARDED_METRIC, "query", query.name()).increment();
                asked.put(host, peers.ask(host, query, partitions));
            }
        });
        Set<Integer> ownPartitions = plan.get(cluster.self());
        if (ownPartitions != null) {
            asked.put(cluster.self(), readHere(query, ownPartitions));
        }
        asked.forEach((host, answer) -> {
            try {
                merge.add(answer.join(), plan.get(host));
            } catch (CompletionException e) {
                if (e.getCause() instanceof UnavailableException unavailable) {
                    merge.unavailable(unavailable.getMessage());
                } else {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        });
    }

    private <T> CompletableFuture<LocalAnswer<T>> readHere(StoreQuery<T> query, Set<Integer> partitions) {
        try {
            return CompletableFuture.completedFuture(local.read(query, Optional.of(partitions)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
