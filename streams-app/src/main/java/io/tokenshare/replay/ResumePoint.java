package io.tokenshare.replay;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a replay can resume: the first data line with a record not yet acknowledged. Every line before
 * it is on the broker; lines after it may be too (acknowledgements arrive out of order across
 * partitions), and sending them again is harmless because the app counts each event_id once.
 */
final class ResumePoint {

    private final ConcurrentSkipListMap<Long, AtomicInteger> pending = new ConcurrentSkipListMap<>();
    private volatile long lastHanded;

    /** A record of {@code line} is about to be sent. */
    void handed(long line) {
        pending.computeIfAbsent(line, k -> new AtomicInteger()).incrementAndGet();
        lastHanded = Math.max(lastHanded, line);
    }

    /** A record of {@code line} was acknowledged. */
    void acknowledged(long line) {
        pending.computeIfPresent(line, (k, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    /** The line to pass as {@code --from-line}. */
    long line() {
        Map.Entry<Long, AtomicInteger> first = pending.firstEntry();
        return first != null ? first.getKey() : lastHanded + 1;
    }
}
