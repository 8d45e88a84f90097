package io.tokenshare.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every record read from token-usage by its fate: counted, duplicate or dead-lettered (by
 * reason). The invariant {@code read == counted + duplicates + deadLetters} is what "nothing lost"
 * means. Shared by all stream threads of an instance; counts are per instance and restart at zero.
 */
public final class IngestAccounting {

    /** Config key under which the instance is handed to the exception handlers. */
    public static final String CONFIG_KEY = "tokenshare.internal.ingest-accounting";

    private final LongAdder read = new LongAdder();
    private final LongAdder counted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder nullKeyed = new LongAdder();
    private final Map<DeadLetterReason, LongAdder> deadLetters = new EnumMap<>(DeadLetterReason.class);

    public IngestAccounting() {
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLetters.put(r, new LongAdder());
        }
    }

    void recordRead() {
        read.increment();
    }

    void recordCounted() {
        counted.increment();
    }

    void recordNullKey() {
        nullKeyed.increment();
    }

    void recordDuplicate() {
        duplicates.increment();
    }

    void recordDeadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    public long read() {
        return read.sum();
    }

    public long counted() {
        return counted.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    /**
     * Records read without a key: counted like any other, but their resends are de-duplicated only when
     * they land on the partition of their original (see {@code tokenshare.ingest.route-by-event-id}).
     */
    public long nullKeyed() {
        return nullKeyed.sum();
    }

    public long deadLetters() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long deadLetters(DeadLetterReason reason) {
        return deadLetters.get(reason).sum();
    }

    /** Dead letters by reason, reasons with none left out. */
    public Map<DeadLetterReason, Long> deadLettersByReason() {
        Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        deadLetters.forEach((r, n) -> {
            if (n.sum() > 0) {
                byReason.put(r, n.sum());
            }
        });
        return byReason;
    }

    /** Whether every record read is accounted for. */
    public boolean balances() {
        return read() == counted() + duplicates() + deadLetters();
    }

    @Override
    public String toString() {
        return "read=" + read() + " counted=" + counted() + " duplicates=" + duplicates() + " deadLetters="
                + deadLettersByReason();
    }
}
