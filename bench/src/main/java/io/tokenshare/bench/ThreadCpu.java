package io.tokenshare.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process by kind of thread, from Linux's per-thread accounting in /proc/self/task:
 * besides the stream threads, it shows what a JFR profile cannot (RocksDB's native flush and compaction
 * threads) or does not attribute (JIT compilers, garbage collector, the clients' I/O threads). Threads
 * that have ended are not counted.
 */
final class ThreadCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    // USER_HZ, the unit of utime and stime: 100 on every mainstream Linux architecture.
    private static final double TICKS_PER_SECOND = 100.0;
    private static final int UTIME_FIELD = 14;
    private static final int STIME_FIELD = 15;

    private ThreadCpu() {}

    /** CPU seconds per thread kind, largest first; empty where /proc is not available. */
    static Map<String, Double> secondsByKind(String streamThreadPrefix) {
        if (!Files.isDirectory(TASKS)) {
            return Map.of();
        }
        Map<String, Double> byKind = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    byKind.merge(
                            kindOf(name, streamThreadPrefix),
                            ticks(Files.readString(task.resolve("stat"))) / TICKS_PER_SECOND,
                            Double::sum);
                } catch (IOException threadEnded) {
                    // The thread exited between listing and reading: its time is gone with it.
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + TASKS, e);
        }
        Map<String, Double> largestFirst = new LinkedHashMap<>();
        byKind.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
        return largestFirst;
    }

    /**
     * The kind of a thread by its Linux name (Java's thread name cut to 15 characters).
     *
     * @param streamThreadPrefix the start of the stream threads' names, i.e. of the application.id
     */
    static String kindOf(String linuxName, String streamThreadPrefix) {
        String prefix = streamThreadPrefix.substring(0, Math.min(streamThreadPrefix.length(), 15));
        if (!prefix.isEmpty() && linuxName.startsWith(prefix)) {
            return "stream threads";
        }
        if (linuxName.startsWith("rocksdb:")) {
            return "RocksDB flush/compaction";
        }
        if (linuxName.startsWith("kafka-producer-")) {
            return "producer I/O";
        }
        if (linuxName.startsWith("C1 Compiler") || linuxName.startsWith("C2 Compiler")) {
            return "JIT compiler";
        }
        if (linuxName.startsWith("GC Thread") || linuxName.startsWith("G1 ")) {
            return "garbage collector";
        }
        return "other";
    }

    /** utime + stime of a /proc/[pid]/task/[tid]/stat line; the name field may hold spaces, so count after it. */
    static long ticks(String statLine) {
        String afterName = statLine.substring(statLine.lastIndexOf(')') + 2);
        String[] fields = afterName.trim().split("\\s+");
        // Fields after the name start at field 3 (state).
        return Long.parseLong(fields[UTIME_FIELD - 3]) + Long.parseLong(fields[STIME_FIELD - 3]);
    }
}
