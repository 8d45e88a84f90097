package io.tokenshare.bench;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * End-to-end latency of paced events: from the moment an event was sent to the moment a share row that
 * includes it was computed, and when it became visible. An event's model and week decide the row: the
 * {@code all}-basis model row of its week. Events of one model go to one partition and are processed
 * in the order sent, so a row with {@code tokens = T} includes exactly the model-week's events whose
 * running token sum is at most T. Only valid, first-seen events may be tracked.
 */
final class LatencyTracker implements ShareWatcher.Listener {

    private final Map<String, Pending> pendingByModelWeek = new HashMap<>();
    private final long measureFromMs;
    private final Samples computed = new Samples();
    private final Samples visible = new Samples();
    private long tracked;
    private long seen;

    /** @param measureFromMs events sent before this (the warm-up) are followed but not measured */
    LatencyTracker(long measureFromMs) {
        this.measureFromMs = measureFromMs;
    }

    /** Records that an event of {@code tokens} for the model and week was sent at {@code sentAtMs}. */
    synchronized void sent(String modelId, LocalDate week, long tokens, long sentAtMs) {
        if (tokens <= 0) {
            throw new IllegalArgumentException(
                    "a tracked event needs tokens, so that rows can tell it apart, got " + tokens);
        }
        pendingByModelWeek
                .computeIfAbsent(key(modelId, week), k -> new Pending())
                .add(tokens, sentAtMs);
        tracked++;
    }

    @Override
    public synchronized void onRow(ShareRow row, long computedAtMs, long seenAtMs) {
        if (row.getBasis() != ShareBasis.ALL || row.getDimension() != ShareDimension.MODEL) {
            return;
        }
        Pending pending = pendingByModelWeek.get(key(row.getMember(), row.getWeekStart()));
        if (pending == null) {
            return;
        }
        while (pending.hasNextIncludedIn(row.getTokens())) {
            long sentAt = pending.takeSentAt();
            seen++;
            if (sentAt >= measureFromMs) {
                computed.add(computedAtMs - sentAt);
                visible.add(seenAtMs - sentAt);
            }
        }
    }

    /** Events sent so far. */
    synchronized long tracked() {
        return tracked;
    }

    /** Events seen in a share row so far. */
    synchronized long seen() {
        return seen;
    }

    /** Send → row computed (the row's record timestamp), over the measured events seen so far. */
    synchronized long[] computedLatencies() {
        return computed.toArray();
    }

    /** Send → row visible to a read_committed consumer, over the measured events seen so far. */
    synchronized long[] visibleLatencies() {
        return visible.toArray();
    }

    /**
     * For the measured events not seen yet, how long they have been waiting at {@code nowMs}: lower
     * bounds of their latencies, so that a run that falls behind is not summarized by its fast events only.
     */
    synchronized long[] waitingSince(long nowMs) {
        Samples waiting = new Samples();
        for (Pending pending : pendingByModelWeek.values()) {
            pending.forEachWaiting(sentAt -> {
                if (sentAt >= measureFromMs) {
                    waiting.add(nowMs - sentAt);
                }
            });
        }
        return waiting.toArray();
    }

    private static String key(String modelId, LocalDate week) {
        return week + "|" + modelId;
    }

    /** The not yet seen events of one model-week, in the order sent, with their running token sums. */
    private static final class Pending {

        private long[] runningTokens = new long[16];
        private long[] sentAt = new long[16];
        private int size;
        private int next;
        private long total;

        void add(long tokens, long sentAtMs) {
            if (size == runningTokens.length) {
                runningTokens = Arrays.copyOf(runningTokens, size * 2);
                sentAt = Arrays.copyOf(sentAt, size * 2);
            }
            total += tokens;
            runningTokens[size] = total;
            sentAt[size] = sentAtMs;
            size++;
        }

        boolean hasNextIncludedIn(long rowTokens) {
            return next < size && runningTokens[next] <= rowTokens;
        }

        long takeSentAt() {
            return sentAt[next++];
        }

        void forEachWaiting(LongConsumer action) {
            for (int i = next; i < size; i++) {
                action.accept(sentAt[i]);
            }
        }
    }

    /** A growing array of latency samples. */
    private static final class Samples {

        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
