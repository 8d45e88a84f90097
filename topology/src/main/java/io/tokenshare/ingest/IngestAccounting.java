package io.tokenshare.ingest;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every record read from token-usage by its fate: counted, duplicate or dead-lettered (by
 * reason). The invariant {@code read == counted + duplicates + deadLetters} is what "nothing lost"
 * means.
 *
 * <p>The counts live in the state stores, not here: each ingest task keeps its partition's counts in
 * {@link io.tokenshare.config.StoreNames#INGEST_ACCOUNTING} and writes them in the exactly-once
 * transaction that commits the offsets of the records they count, so they survive restarts, a kill -9
 * and aborted transactions, and count every record once. This object answers from the counts as of the
 * last commit of the ingest tasks this instance runs: a task publishes them when it starts and at each
 * commit and withdraws them when it closes, so a partition that moves to another instance is counted
 * there. Counts appear at commit ({@code commit.interval.ms}), not per record.
 *
 * <p>Records the deserialization handler refuses never reach a processor: the handler notes their offsets
 * here, and the task that owns their partition takes them into its stored counts at its next commit.
 */
public final class IngestAccounting {

    /** Config key under which the instance is handed to the exception handlers. */
    public static final String CONFIG_KEY = "tokenshare.internal.ingest-accounting";

    /**
     * What one ingest partition has read, by fate, as of its last commit.
     *
     * @param deadLetters dead letters by reason, reasons with none left out
     */
    public record PartitionCounts(
            long read, long counted, long duplicates, long nullKeyed, Map<DeadLetterReason, Long> deadLetters) {

        public PartitionCounts {
            Map<DeadLetterReason, Long> copy = new EnumMap<>(DeadLetterReason.class);
            copy.putAll(deadLetters);
            deadLetters = Collections.unmodifiableMap(copy);
        }

        /** The counts held by a value of the {@code ingest-accounting} store or of its changelog topic. */
        public static PartitionCounts fromStored(byte[] value) {
            return IngestTally.decode(value).snapshot();
        }

        /** All dead letters, whatever the reason. */
        public long deadLetterTotal() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    // The publishing task, so that a task closing late cannot withdraw the counts of its successor.
    private record Published(Object owner, PartitionCounts counts) {}

    private final Map<Integer, Published> committed = new ConcurrentHashMap<>();
    private final Map<Integer, Set<Long>> undecodable = new ConcurrentHashMap<>();
    private volatile String sourceTopic;

    public IngestAccounting() {}

    /** The topic whose undecodable records are accounted for; until it is set, any topic's are. */
    void sourceTopic(String topic) {
        this.sourceTopic = topic;
    }

    /** An undecodable record the deserialization handler dead-lettered; counted at its task's next commit. */
    void undecodable(String topic, int partition, long offset) {
        String source = sourceTopic;
        if (source != null && !source.equals(topic)) {
            return;
        }
        // A set of offsets, not a count: after an aborted transaction the same records are read again.
        undecodable.compute(partition, (p, offsets) -> {
            Set<Long> next = offsets == null ? new TreeSet<>() : offsets;
            next.add(offset);
            return next;
        });
    }

    /** The offsets of undecodable records of {@code partition} noted since the last call. */
    Set<Long> takeUndecodable(int partition) {
        Set<Long> taken = undecodable.remove(partition);
        return taken == null ? Set.of() : taken;
    }

    void publish(int partition, Object owner, PartitionCounts counts) {
        committed.put(partition, new Published(owner, counts));
    }

    void withdraw(int partition, Object owner) {
        committed.computeIfPresent(partition, (p, published) -> published.owner() == owner ? null : published);
    }

    /** The committed counts of each ingest partition this instance runs, by partition. */
    public Map<Integer, PartitionCounts> byPartition() {
        Map<Integer, PartitionCounts> view = new TreeMap<>();
        committed.forEach((p, published) -> view.put(p, published.counts()));
        return view;
    }

    public long read() {
        return committed.values().stream().mapToLong(p -> p.counts().read()).sum();
    }

    public long counted() {
        return committed.values().stream().mapToLong(p -> p.counts().counted()).sum();
    }

    public long duplicates() {
        return committed.values().stream()
                .mapToLong(p -> p.counts().duplicates())
                .sum();
    }

    /**
     * Records read without a key: counted like any other, but their resends are de-duplicated only when
     * they land on the partition of their original (see {@code tokenshare.ingest.route-by-event-id}).
     */
    public long nullKeyed() {
        return committed.values().stream()
                .mapToLong(p -> p.counts().nullKeyed())
                .sum();
    }

    public long deadLetters() {
        return committed.values().stream()
                .mapToLong(p -> p.counts().deadLetterTotal())
                .sum();
    }

    public long deadLetters(DeadLetterReason reason) {
        return committed.values().stream()
                .mapToLong(p -> p.counts().deadLetters().getOrDefault(reason, 0L))
                .sum();
    }

    /** Dead letters by reason, reasons with none left out. */
    public Map<DeadLetterReason, Long> deadLettersByReason() {
        Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        committed.values().forEach(p -> p.counts().deadLetters().forEach((r, n) -> byReason.merge(r, n, Long::sum)));
        return byReason;
    }

    /**
     * Whether every record read is accounted for. Computed from one view of the partitions, so that a commit
     * between two sums cannot make it false.
     */
    public boolean balances() {
        long read = 0;
        long accounted = 0;
        for (PartitionCounts p : byPartition().values()) {
            read += p.read();
            accounted += p.counted() + p.duplicates() + p.deadLetterTotal();
        }
        return read == accounted;
    }

    @Override
    public String toString() {
        Map<Integer, PartitionCounts> view = byPartition();
        long read = 0;
        long counted = 0;
        long duplicates = 0;
        Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        for (PartitionCounts p : view.values()) {
            read += p.read();
            counted += p.counted();
            duplicates += p.duplicates();
            p.deadLetters().forEach((r, n) -> byReason.merge(r, n, Long::sum));
        }
        return "read=" + read + " counted=" + counted + " duplicates=" + duplicates + " deadLetters=" + byReason
                + " partitions=" + view.keySet();
    }
}
