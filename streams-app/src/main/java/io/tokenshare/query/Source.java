package io.tokenshare.query;

import java.util.List;

/**
 * Where part of an answer came from.
 *
 * @param instance   the instance that read the store, host:port
 * @param store      the store it read
 * @param role       ACTIVE, or STANDBY when a standby replica answered (it may lag the active one)
 * @param partitions the store partitions it read
 */
public record Source(String instance, String store, StoreRole role, List<Integer> partitions) {}
