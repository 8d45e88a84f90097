package io.tokenshare.replay;

import java.time.Duration;

/**
 * What one publish call achieved, counted from the broker's acknowledgements.
 *
 * @param published    records acknowledged on the main topic (usage events or origin rows)
 * @param deadLettered invalid lines acknowledged on the dead-letter topic
 * @param elapsed      wall-clock time from the first record to the final flush
 */
public record PublishReport(long published, long deadLettered, Duration elapsed) {

    /** Acknowledged records of both kinds per second of {@link #elapsed}. */
    public double recordsPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return (published + deadLettered) * 1e9 / nanos;
    }
}
