package io.tokenshare.replay;

/**
 * An upper bound on records sent per second, e.g. to replay history at a watchable pace.
 *
 * @param recordsPerSecond the bound; 0 means no bound
 */
public record RateLimit(long recordsPerSecond) {

    /** No bound: send as fast as the producer accepts records. */
    public static final RateLimit UNLIMITED = new RateLimit(0);

    /** Checks that the bound is not negative. */
    public RateLimit {
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("A rate limit is a number of records per second of at least 0 "
                    + "(0 for no limit), got " + recordsPerSecond);
        }
    }

    /** At most {@code recordsPerSecond} records per second. */
    public static RateLimit perSecond(long recordsPerSecond) {
        return new RateLimit(recordsPerSecond);
    }

    /** Whether there is a bound at all. */
    public boolean isLimited() {
        return recordsPerSecond > 0;
    }
}
