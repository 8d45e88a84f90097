package io.tokenshare.window;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.kstream.Windows;
import org.apache.kafka.streams.kstream.internals.TimeWindow;

/**
 * Tumbling windows aligned to ISO weeks (Monday 00:00 UTC). Kafka Streams' {@code TimeWindows} align
 * to 1970-01-01, a Thursday, so a seven-day {@code TimeWindows} would cut weeks on Thursdays.
 */
public final class IsoWeekWindows extends Windows<TimeWindow> {

    private final long graceMs;

    private IsoWeekWindows(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        this.graceMs = grace.toMillis();
    }

    /** ISO-week windows accepting events up to {@code grace} after their week has ended. */
    public static IsoWeekWindows withGrace(Duration grace) {
        return new IsoWeekWindows(grace);
    }

    @Override
    public Map<Long, TimeWindow> windowsFor(long timestamp) {
        long start = IsoWeek.startMillisContaining(timestamp);
        return Map.of(start, new TimeWindow(start, start + IsoWeek.LENGTH_MS));
    }

    @Override
    public long size() {
        return IsoWeek.LENGTH_MS;
    }

    @Override
    public long gracePeriodMs() {
        return graceMs;
    }

    /** Whether an event of this time is beyond grace when stream time has reached {@code streamTimeMs}. */
    public boolean isLate(long eventTimeMs, long streamTimeMs) {
        long windowEnd = IsoWeek.startMillisContaining(eventTimeMs) + IsoWeek.LENGTH_MS;
        // Same rule as Kafka's window aggregation: a window is closed once end + grace <= stream time.
        return windowEnd + graceMs <= streamTimeMs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsoWeekWindows other && other.graceMs == graceMs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(graceMs);
    }

    @Override
    public String toString() {
        return "IsoWeekWindows{grace=" + Duration.ofMillis(graceMs) + "}";
    }
}
