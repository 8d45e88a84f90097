package io.tokenshare.query;

import java.util.List;

/**
 * Everything a store query found on every partition it needed, with where each part came from.
 *
 * @param items   the items, partition by partition
 * @param sources the instances that read them
 * @param <T> the item type
 */
record Routed<T>(List<T> items, List<Source> sources) {}
