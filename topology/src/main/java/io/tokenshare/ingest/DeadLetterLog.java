package io.tokenshare.ingest;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of dead letters: at most one line per reason per interval, saying how many were left out
 * since the last line. The details of each one are in its dead-letter record's headers; a log line
 * per record (with a stack trace, as Kafka Streams' handlers write) made 30 MB of log for 10,000 bad
 * records.
 */
public final class DeadLetterLog {

    /** The default interval between two lines of the same reason. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);
    private static final int MAX_DETAIL_CHARS = 300;
    private static final DeadLetterLog SHARED = new DeadLetterLog(DEFAULT_INTERVAL, System::nanoTime);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<DeadLetterReason, Window> windows = new EnumMap<>(DeadLetterReason.class);

    DeadLetterLog(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The log every stage of this process writes to, so that the limit holds across stream threads. */
    public static DeadLetterLog shared() {
        return SHARED;
    }

    /** Notes one dead letter; writes a line if none was written for its reason within the interval. */
    public void deadLettered(DeadLetterReason reason, String source, String detail) {
        long now = nanoClock.getAsLong();
        long suppressed;
        synchronized (windows) {
            Window w = windows.get(reason);
            if (w != null && now - w.loggedAt < intervalNanos) {
                w.suppressed++;
                return;
            }
            suppressed = w == null ? 0 : w.suppressed;
            windows.put(reason, new Window(now));
        }
        LOG.warn(
                "dead letter {} ({}): {}{}",
                reason,
                source,
                shorten(detail),
                suppressed == 0
                        ? ""
                        : " [" + suppressed + " more " + reason
                                + " since the last line; details in the dead-letter headers]");
    }

    private static String shorten(String detail) {
        String d = String.valueOf(detail);
        return d.length() <= MAX_DETAIL_CHARS ? d : d.substring(0, MAX_DETAIL_CHARS) + "…";
    }

    private static final class Window {
        final long loggedAt;
        long suppressed;

        Window(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }
}
