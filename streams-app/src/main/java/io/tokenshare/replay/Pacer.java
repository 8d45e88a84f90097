package io.tokenshare.replay;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Holds a publish loop to a {@link RateLimit}: record n is due n / rate seconds after the first, and
 * the loop parks only when it is at least {@link #MIN_PAUSE_NANOS} ahead of schedule. At high rates
 * that means one pause per batch of records rather than a sleep per record; at low rates, one pause
 * per record, which is what a low rate asks for. A loop that falls behind catches up without pausing.
 */
final class Pacer {

    static final long MIN_PAUSE_NANOS = 1_000_000;

    private final double nanosPerRecord;
    private final LongSupplier nanoClock;
    private final LongConsumer parkNanos;
    private long startNanos;
    private long recordsDue;

    Pacer(RateLimit limit) {
        this(limit, System::nanoTime, LockSupport::parkNanos);
    }

    /** With a given clock and way to pause, so that tests can check the schedule without waiting. */
    Pacer(RateLimit limit, LongSupplier nanoClock, LongConsumer parkNanos) {
        this.nanosPerRecord = limit.isLimited() ? 1e9 / limit.recordsPerSecond() : 0;
        this.nanoClock = nanoClock;
        this.parkNanos = parkNanos;
    }

    /** Returns when the next record may be sent. */
    void awaitTurn() {
        if (nanosPerRecord == 0) {
            return;
        }
        if (recordsDue == 0) {
            startNanos = nanoClock.getAsLong();
        }
        long due = startNanos + (long) (recordsDue * nanosPerRecord);
        recordsDue++;
        for (long ahead = due - nanoClock.getAsLong(); ahead >= MIN_PAUSE_NANOS; ahead = due - nanoClock.getAsLong()) {
            parkNanos.accept(ahead);
        }
    }
}
