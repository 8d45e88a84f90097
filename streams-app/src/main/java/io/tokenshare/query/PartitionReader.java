package io.tokenshare.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads one local partition of tokenshare's stores. Each read either answers in full or throws
 * {@link PartitionUnavailableException}: a partition that is closed, migrating or absent never
 * yields an empty answer.
 *
 * <p>Window stores are read through IQv2 ({@code KafkaStreams#query}, {@code WindowKeyQuery}).
 * Key-value stores are read through the classic store API: in Kafka Streams 4.3.1 an IQv2 query on a
 * RocksDB key-value store takes the store's position lock before the store lock while the stream
 * thread's {@code put} takes them the other way round, and the two deadlock (KAFKA-19629, fixed after
 * 4.3.1; seen here under the dashboard's polling). The classic API takes the store lock only.
 */
final class PartitionReader {

    private final KafkaStreams streams;
    private final int partition;
    private final StoreRole role;

    /**
     * @param role how this instance holds the partition: a standby replica is read as a stale store,
     *             an active one only while its task is running
     */
    PartitionReader(KafkaStreams streams, int partition, StoreRole role) {
        this.streams = streams;
        this.partition = partition;
        this.role = role;
    }

    /** The value of one key of a key-value store, empty when the key is absent. */
    <V> Optional<V> get(String store, String key) {
        return Optional.ofNullable(this.<V, V>read(store, kv -> kv.get(key)));
    }

    /**
     * Every entry of a key-value store with a key from {@code from} to {@code to}, both inclusive, in
     * key order; a null bound leaves that end open.
     */
    <V> List<KeyValue<String, V>> range(String store, String from, String to) {
        return this.<V, List<KeyValue<String, V>>>read(store, kv -> {
            List<KeyValue<String, V>> entries = new ArrayList<>();
            try (KeyValueIterator<String, V> all = kv.range(from, to)) {
                all.forEachRemaining(entries::add);
            }
            return entries;
        });
    }

    /**
     * The first key of a key-value store from {@code from} to {@code to}, both inclusive, in ascending or
     * descending order. Reads one entry only: the iterator is lazy.
     */
    Optional<String> firstKey(String store, String from, String to, boolean descending) {
        return this.<Object, Optional<String>>read(store, kv -> {
            try (KeyValueIterator<String, Object> keys = descending ? kv.reverseRange(from, to) : kv.range(from, to)) {
                return keys.hasNext() ? Optional.of(keys.next().key) : Optional.empty();
            }
        });
    }

    /** The windows of one key of a window store whose start lies from {@code from} to {@code to}, by start time. */
    <V> List<KeyValue<Long, V>> windows(String store, String key, Instant from, Instant to) {
        StateQueryRequest<WindowStoreIterator<Object>> request = StateQueryRequest.inStore(store)
                .withQuery(WindowKeyQuery.<String, Object>withKeyAndWindowStartRange(key, from, to))
                .withPartitions(Set.of(partition));
        QueryResult<WindowStoreIterator<Object>> result;
        try {
            result = streams.query(request).getPartitionResults().get(partition);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw unavailable(store, e);
        }
        if (result == null) {
            throw new PartitionUnavailableException("store " + store + " did not answer for this partition");
        }
        if (result.isFailure()) {
            throw new PartitionUnavailableException(
                    "store " + store + " answered " + result.getFailureReason() + ": " + result.getFailureMessage());
        }
        List<KeyValue<Long, V>> windows = new ArrayList<>();
        try (WindowStoreIterator<Object> fetched = result.getResult()) {
            fetched.forEachRemaining(kv -> windows.add(KeyValue.pair(kv.key, unwrap(kv.value))));
        }
        return windows;
    }

    private <V, R> R read(String store, Function<ReadOnlyKeyValueStore<String, V>, R> reading) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters.fromNameAndType(
                        store, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition);
        try {
            return reading.apply(
                    streams.store(role == StoreRole.STANDBY ? parameters.enableStaleStores() : parameters));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw unavailable(store, e);
        }
    }

    private PartitionUnavailableException unavailable(String store, RuntimeException cause) {
        return new PartitionUnavailableException("store " + store + " cannot be queried: " + cause.getMessage());
    }

    /** Timestamped window stores answer ValueAndTimestamp at run time; the API wants the value. */
    @SuppressWarnings("unchecked")
    private static <V> V unwrap(Object value) {
        if (value instanceof ValueAndTimestamp<?> timestamped) {
            return (V) timestamped.value();
        }
        return (V) value;
    }
}
