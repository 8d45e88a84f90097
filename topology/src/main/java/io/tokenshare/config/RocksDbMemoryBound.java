package io.tokenshare.config;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB store of a JVM. Kafka Streams opens one RocksDB instance per
 * store, task and window segment (dozens for tokenshare), and by default each gets its own 50 MiB block
 * cache and up to 3 × 16 MiB memtables, so memory grows with partitions and history. With this setter
 * they all share one LRU block cache, sized by the setting {@value #MEMORY_BOUND}, and a write-buffer manager charges
 * their memtables to that same cache; index and filter blocks live in the cache too. Block cache,
 * memtables and index/filter blocks together then stay near the bound, whatever the number of stores.
 * (RocksDB's other native use, e.g. iterators pinning blocks and compaction buffers, is small and not
 * counted.)
 *
 * <p>Enable with {@code rocksdb.config.setter=io.tokenshare.config.RocksDbMemoryBound}; size with
 * {@value #MEMORY_BOUND} (e.g. {@code 128m}, {@code 1g}; default {@value #DEFAULT_MEMORY_BOUND}), which must
 * reach the Kafka Streams configuration. The cache and manager live as long as the JVM, one per bound
 * value, because every store instance holds them: closing a store must not free them.
 */
public final class RocksDbMemoryBound implements RocksDBConfigSetter {

    /** Total bytes for block cache, memtables and index/filter blocks of all stores in the JVM. */
    public static final String MEMORY_BOUND = "tokenshare.rocksdb.memory-bound";

    public static final String DEFAULT_MEMORY_BOUND = "128m";

    // Half of the bound may be memtables: writes dominate this workload, but reads of the dedup
    // and window stores need cache too.
    private static final double MEMTABLE_SHARE = 0.5;
    // Index and filter blocks go to the high-priority pool, so data blocks cannot evict them.
    private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;
    private static final long BLOCK_SIZE = 16 * 1024L;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");
    private static final Map<Long, SharedMemory> SHARED = new ConcurrentHashMap<>();

    /** The cache and write-buffer manager every store of one bound shares. */
    private record SharedMemory(Cache cache, WriteBufferManager writeBuffers) {

        static SharedMemory of(long boundBytes) {
            Cache cache = new LRUCache(boundBytes, -1, false, HIGH_PRIORITY_POOL_RATIO);
            return new SharedMemory(cache, new WriteBufferManager((long) (boundBytes * MEMTABLE_SHARE), cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long bound = parseBytes(configs.getOrDefault(MEMORY_BOUND, DEFAULT_MEMORY_BOUND));
        SharedMemory shared = SHARED.computeIfAbsent(bound, SharedMemory::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared with the JVM's other stores: they stay open.
    }

    /**
     * Reads a size in bytes: a whole number with an optional binary unit, {@code 134217728},
     * {@code 128m}, {@code 128MiB}, {@code 1g}.
     *
     * @throws SettingsException naming {@value #MEMORY_BOUND} and the accepted forms
     */
    public static long parseBytes(Object value) {
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new SettingsException(MEMORY_BOUND + ": '" + value
                    + "' is not a size; write e.g. 128m, 512MiB, 1g or a" + " number of bytes");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long multiplier =
                switch (unit.charAt(0)) {
                    case 'k' -> 1L << 10;
                    case 'm' -> 1L << 20;
                    case 'g' -> 1L << 30;
                    default -> 1L;
                };
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new SettingsException(
                    MEMORY_BOUND + ": '" + value + "' is too large to be a size in bytes; write e.g. 1g", e);
        }
        if (bytes < 1024 * 1024) {
            throw new SettingsException(MEMORY_BOUND + ": '" + value
                    + "' is below 1 MiB; RocksDB needs room for at least" + " its memtables, e.g. 128m");
        }
        return bytes;
    }
}
