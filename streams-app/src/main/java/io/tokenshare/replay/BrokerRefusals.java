package io.tokenshare.replay;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.ingest.UsageValidator;
import io.tokenshare.ingest.Violation;
import java.util.Optional;
import java.util.Set;

/**
 * The events a replay dead-letters itself before sending, because the broker would refuse them (and a
 * refused record stopped the whole replay after a 30 s hang): an occurred_at far in the future
 * (beyond {@code log.message.timestamp.after.max.ms}, one hour by default), or identifiers so long the
 * record may exceed the broker's size limit. The app would dead-letter both anyway, with the same reasons.
 */
final class BrokerRefusals {

    private static final Set<DeadLetterReason> REFUSED =
            Set.of(DeadLetterReason.OCCURRED_IN_FUTURE, DeadLetterReason.IDENTIFIER_TOO_LONG);

    private BrokerRefusals() {}

    static Optional<Violation> check(TokenUsageEvent event, long nowMs) {
        return UsageValidator.check(event, nowMs).filter(v -> REFUSED.contains(v.reason()));
    }

    /**
     * The record timestamp: event time, so that windows and retention see it, but never ahead of now (an
     * event up to a day ahead is valid, the broker refuses more than an hour) nor before 1970 (Kafka takes
     * none); null lets the producer use its clock.
     */
    static Long recordTimestamp(TokenUsageEvent event, long nowMs) {
        if (event.getOccurredAt() == null) {
            return null;
        }
        long at = event.getOccurredAt().toEpochMilli();
        return at < 0 ? null : Math.min(at, nowMs);
    }
}
