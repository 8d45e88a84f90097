package io.tokenshare.query;

import java.util.List;

/**
 * What one instance read from its own partitions of a store, as it travels between instances: one
 * entry per partition read, and the partitions asked for that it could not read, with the reason.
 *
 * @param instance    the instance that read, host:port
 * @param partitions  the partitions read, each with its role and items
 * @param unavailable the partitions asked for that could not be read
 * @param <T> the item type
 */
record LocalAnswer<T>(String instance, List<PartitionAnswer<T>> partitions, List<PartitionFailure> unavailable) {

    /**
     * The items of one store partition.
     *
     * @param partition the partition number
     * @param role      whether an active task or a standby answered
     * @param items     what the query found there, possibly nothing
     * @param <T> the item type
     */
    record PartitionAnswer<T>(int partition, StoreRole role, List<T> items) {}

    /**
     * A partition that could not be read, and why.
     *
     * @param partition the partition number
     * @param reason    why, for the 503 message
     */
    record PartitionFailure(int partition, String reason) {}
}
