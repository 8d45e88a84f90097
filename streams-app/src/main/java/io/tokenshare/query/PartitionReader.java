package io.tokenshare.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Reads one local partition of tokenshare's stores through IQv2 ({@code KafkaStreams#query}). Each
 * read either answers in full or throws {@link PartitionUnavailableException}: a partition that is
 * closed, migrating or absent never yields an empty answer.
 */
final class PartitionReader {

    private final KafkaStreams streams;
    private final int partition;

    PartitionReader(KafkaStreams streams, int partition) {
        this.streams = streams;
        this.partition = partition;
    }

    /** The value of one key of a key-value store, empty when the key is absent. */
    <V> Optional<V> get(String store, String key) {
        return Optional.ofNullable(unwrap(run(store, KeyQuery.<String, Object>withKey(key))));
    }

    /**
     * Every entry of a key-value store with a key from {@code from} to {@code to}, both inclusive, in
     * key order; a null bound leaves that end open.
     */
    <V> List<KeyValue<String, V>> range(String store, String from, String to) {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, Object> all = run(store, rangeQuery(from, to))) {
            all.forEachRemaining(kv -> entries.add(KeyValue.pair(kv.key, unwrap(kv.value))));
        }
        return entries;
    }

    /** The windows of one key of a window store whose start lies from {@code from} to {@code to}, by start time. */
    <V> List<KeyValue<Long, V>> windows(String store, String key, Instant from, Instant to) {
        List<KeyValue<Long, V>> windows = new ArrayList<>();
        try (KeyValueIterator<Long, Object> fetched = run(store, WindowKeyQuery.<String, Object>withKeyAndWindowStartRange(key, from, to))) {
            fetched.forEachRemaining(kv -> windows.add(KeyValue.pair(kv.key, unwrap(kv.value))));
        }
        return windows;
    }

    /** A range query; a null bound leaves that end open. */
    private static RangeQuery<String, Object> rangeQuery(String from, String to) {
        if (from == null && to == null) {
            return RangeQuery.withNoBounds();
        }
        if (from == null) {
            return RangeQuery.withUpperBound(to);
        }
        return to == null ? RangeQuery.withLowerBound(from) : RangeQuery.withRange(from, to);
    }

    private <R> R run(String store, Query<R> query) {
        QueryResult<R> result;
        try {
            result = streams.query(StateQueryRequest.inStore(store).withQuery(query).withPartitions(Set.of(partition)))
                    .getPartitionResults().get(partition);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new PartitionUnavailableException("store " + store + " cannot be queried: " + e.getMessage());
        }
        if (result == null) {
            throw new PartitionUnavailableException("store " + store + " did not answer for this partition");
        }
        if (result.isFailure()) {
            throw new PartitionUnavailableException("store " + store + " answered "
                    + result.getFailureReason() + ": " + result.getFailureMessage());
        }
        return result.getResult();
    }

    /** Timestamped stores answer ValueAndTimestamp at run time; the API wants the value. */
    @SuppressWarnings("unchecked")
    private static <V> V unwrap(Object value) {
        if (value instanceof ValueAndTimestamp<?> timestamped) {
            return (V) timestamped.value();
        }
        return (V) value;
    }
}
