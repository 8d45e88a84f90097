package io.tokenshare.query;

import io.tokenshare.query.LocalAnswer.PartitionAnswer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Gathers the partition answers of several instances into one answer per partition: an active task's
 * answer beats a standby's, a partition nobody was asked for is ignored, and the whole is complete
 * only when every partition has answered, else it fails naming the missing ones and why.
 *
 * @param <T> the item type
 */
final class PartitionMerge<T> {

    private final Map<Integer, Gathered<T>> byPartition = new TreeMap<>();
    private final List<String> reasons = new ArrayList<>();

    /** Takes the partitions of an instance's answer that were asked of it, and notes those it could not read. */
    void add(LocalAnswer<T> answer, Set<Integer> asked) {
        for (PartitionAnswer<T> part : answer.partitions()) {
            if (asked.contains(part.partition())) {
                byPartition.merge(
                        part.partition(), new Gathered<>(answer.instance(), part), PartitionMerge::preferActive);
            }
        }
        answer.unavailable()
                .forEach(f -> reasons.add(answer.instance() + " partition " + f.partition() + ": " + f.reason()));
    }

    /** Notes why an instance gave no answer at all. */
    void unavailable(String reason) {
        reasons.add(reason);
    }

    boolean has(int partition) {
        return byPartition.containsKey(partition);
    }

    /** The partitions, of those given, that no instance has answered for. */
    Set<Integer> missing(Set<Integer> partitions) {
        Set<Integer> missing = new TreeSet<>(partitions);
        missing.removeAll(byPartition.keySet());
        return missing;
    }

    /**
     * The merged answer over the given partitions: items in partition order, sources grouped by instance and role.
     *
     * @throws UnavailableException when a partition has not answered
     */
    Routed<T> complete(String store, Set<Integer> partitions) {
        Set<Integer> missing = missing(partitions);
        if (!missing.isEmpty()) {
            throw new UnavailableException((missing.size() == 1 ? "partition " : "partitions ")
                    + String.join(", ", missing.stream().map(String::valueOf).toList()) + " of store " + store
                    + " cannot be read right now: "
                    + (reasons.isEmpty() ? "no instance holds it" : String.join("; ", reasons)));
        }
        List<T> items = new ArrayList<>();
        Map<SourceKey, List<Integer>> partitionsBySource = new LinkedHashMap<>();
        for (int partition : new TreeSet<>(partitions)) {
            Gathered<T> part = byPartition.get(partition);
            items.addAll(part.answer().items());
            partitionsBySource
                    .computeIfAbsent(
                            new SourceKey(part.instance(), part.answer().role()), k -> new ArrayList<>())
                    .add(partition);
        }
        List<Source> sources = partitionsBySource.entrySet().stream()
                .map(e -> new Source(e.getKey().instance(), store, e.getKey().role(), List.copyOf(e.getValue())))
                .toList();
        return new Routed<>(items, sources);
    }

    private static <T> Gathered<T> preferActive(Gathered<T> kept, Gathered<T> offered) {
        return kept.answer().role() == StoreRole.STANDBY && offered.answer().role() == StoreRole.ACTIVE
                ? offered
                : kept;
    }

    /** One partition's answer and the instance that gave it. */
    private record Gathered<T>(String instance, PartitionAnswer<T> answer) {}

    /** An instance answering in one role. */
    private record SourceKey(String instance, StoreRole role) {}
}
