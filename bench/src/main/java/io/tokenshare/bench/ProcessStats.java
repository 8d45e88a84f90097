package io.tokenshare.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of this process: CPU time, peak resident set size as Linux counts it (heap, metaspace,
 * thread stacks and RocksDB's native memory alike) and the Java heap in use after a collection.
 */
final class ProcessStats {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final String PEAK_RSS_FIELD = "VmHWM";

    private ProcessStats() {}

    /** Peak RSS in bytes (VmHWM), or empty where /proc is not available (not Linux). */
    static OptionalLong peakRssBytes() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            return kibibytesField(Files.readString(STATUS), PEAK_RSS_FIELD).stream()
                    .map(kib -> kib * 1024)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS + " for the peak RSS", e);
        }
    }

    /** A {@code Field:   123 kB} line of a /proc status text, in KiB. */
    static OptionalLong kibibytesField(String statusText, String field) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(field) + ":\\s+(\\d+)\\s+kB\\s*$")
                .matcher(statusText);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Heap in use after asking for a full collection, in bytes. */
    static long heapUsedAfterGc() {
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    /** CPU time of all threads of this JVM so far, in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Heap the JVM has reserved from the OS right now, in bytes. */
    static long heapCommitted() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
}
