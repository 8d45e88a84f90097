package io.tokenshare.ingest;

import io.tokenshare.config.TokenshareSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log line that makes null-keyed input visible. Such records are counted exactly, but
 * de-duplication runs per partition and a producer spreads null-keyed records over partitions, so a
 * resend may meet a different task than its original and be counted twice. Rate-limited per JVM: a
 * null-keyed topic would otherwise log once per record.
 */
final class NullKeyWarning {

    static final Duration INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(NullKeyWarning.class);
    private static final AtomicLong LAST_WARNED_NANOS = new AtomicLong(System.nanoTime() - INTERVAL.toNanos());

    private NullKeyWarning() {}

    /** Logs the warning unless it was logged less than {@link #INTERVAL} ago. */
    static void warnIfDue(int partition) {
        long now = System.nanoTime();
        long last = LAST_WARNED_NANOS.get();
        if (now - last >= INTERVAL.toNanos() && LAST_WARNED_NANOS.compareAndSet(last, now)) {
            LOG.warn(
                    "token-usage partition {} has records without a key: they are counted, but a resend that lands on another"
                            + " partition than its original may be counted twice. Key records by event id (or request id), or set {}=true"
                            + " to route them by event id first (one more internal topic). Metric: tokenshare.events.null.key;"
                            + " this line repeats at most every {}.",
                    partition,
                    TokenshareSettings.ROUTE_BY_EVENT_ID,
                    INTERVAL);
        }
    }
}
