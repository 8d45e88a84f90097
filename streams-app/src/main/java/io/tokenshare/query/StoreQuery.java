package io.tokenshare.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read of one state store that any instance can run on the partitions it holds, here or on behalf
 * of another instance.
 *
 * @param <T> what the read yields per partition, as the API shows it
 */
interface StoreQuery<T> {

    /** The name of the internal route that runs this query on a peer, e.g. {@code week-shares}. */
    String name();

    /** The store whose partitions the query reads (other stores it reads live in the same tasks). */
    String store();

    /** The item type, to read a peer's answer back. */
    Class<T> itemType();

    /**
     * The key whose partition holds everything this query reads: present for a key lookup, which goes
     * to that partition's instance; empty for a range query, which fans out to every partition.
     */
    Optional<String> routingKey();

    /** Query parameters from which the internal route rebuilds this query on a peer. */
    Map<String, String> parameters();

    /** Reads one local partition. */
    List<T> read(PartitionReader partition);
}
