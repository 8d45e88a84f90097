package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.EventBounds;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules a token-usage event must pass to be counted. Pure: no Kafka, no clock of its own.
 */
public final class UsageValidator {

    /** Events before this are rejected: no LLM gateway this project watches existed then. */
    public static final Instant EARLIEST = Instant.parse("2015-01-01T00:00:00Z");
    /** Clocks drift; an event may be up to this far ahead of ours. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private UsageValidator() {}

    /** The first rule the event breaks under the {@linkplain EventBounds#DEFAULTS default bounds}, if any. */
    public static Optional<Violation> check(TokenUsageEvent e, long nowMs) {
        return check(e, nowMs, EventBounds.DEFAULTS);
    }

    /** The first rule the event breaks, if any; {@code nowMs} is the wall clock in epoch milliseconds. */
    public static Optional<Violation> check(TokenUsageEvent e, long nowMs, EventBounds bounds) {
        if (isBlank(e.getEventId())) {
            return violation(DeadLetterReason.BLANK_EVENT_ID, "event_id is blank; every event needs a unique id");
        }
        if (isBlank(e.getModelId())) {
            return violation(
                    DeadLetterReason.BLANK_MODEL_ID, "model_id is blank; expected a slug like deepseek/deepseek-v3.2");
        }
        Optional<Violation> ids = Identifiers.check(e, bounds.maxIdLength());
        if (ids.isPresent()) {
            return ids;
        }
        Optional<Violation> tokens = checkTokens(e, bounds.maxTokens());
        if (tokens.isPresent()) {
            return tokens;
        }
        if (e.getRequests() < 1) {
            return violation(
                    DeadLetterReason.INVALID_REQUESTS,
                    "requests is " + e.getRequests() + "; an event stands for 1 or more requests");
        }
        if (e.getRequests() > bounds.maxRequests()) {
            return violation(
                    DeadLetterReason.REQUESTS_ABOVE_LIMIT,
                    "requests is " + e.getRequests() + ", above the limit of " + bounds.maxRequests() + " per event ("
                            + EventBounds.MAX_REQUESTS + ")");
        }
        return checkTime(e.getOccurredAt(), nowMs);
    }

    /** Whether an event time is plausible enough to drive stream time. */
    public static boolean isPlausibleTime(Instant occurredAt, long nowMs) {
        return occurredAt != null && checkTime(occurredAt, nowMs).isEmpty();
    }

    private static Optional<Violation> checkTokens(TokenUsageEvent e, long maxTokens) {
        Long in = e.getInputTokens();
        Long out = e.getOutputTokens();
        if (e.getTotalTokens() < 0 || (in != null && in < 0) || (out != null && out < 0)) {
            return violation(
                    DeadLetterReason.NEGATIVE_TOKENS,
                    "token counts must not be negative: total_tokens=" + e.getTotalTokens() + ", input_tokens=" + in
                            + ", output_tokens=" + out);
        }
        if (e.getTotalTokens() > maxTokens || (in != null && in > maxTokens) || (out != null && out > maxTokens)) {
            return violation(
                    DeadLetterReason.TOKENS_ABOVE_LIMIT,
                    "token counts above the limit of " + maxTokens
                            + " per event (" + EventBounds.MAX_TOKENS + "): total_tokens=" + e.getTotalTokens()
                            + ", input_tokens=" + in + ", output_tokens=" + out);
        }
        // Each part is at most maxTokens (far below 2^62), so the sum is exact.
        long split = (in == null ? 0 : in) + (out == null ? 0 : out);
        if (e.getTotalTokens() < split) {
            return violation(
                    DeadLetterReason.TOTAL_BELOW_SPLIT,
                    "total_tokens=" + e.getTotalTokens() + " is smaller than input_tokens + output_tokens = " + split);
        }
        return Optional.empty();
    }

    private static Optional<Violation> checkTime(Instant occurredAt, long nowMs) {
        if (occurredAt == null) {
            return violation(DeadLetterReason.MISSING_OCCURRED_AT, "occurred_at is missing; it is the event time");
        }
        if (occurredAt.isBefore(EARLIEST)) {
            return violation(
                    DeadLetterReason.OCCURRED_BEFORE_2015, "occurred_at " + occurredAt + " is before " + EARLIEST);
        }
        if (occurredAt.toEpochMilli() > nowMs + FUTURE_TOLERANCE.toMillis()) {
            return violation(
                    DeadLetterReason.OCCURRED_IN_FUTURE,
                    "occurred_at " + occurredAt + " is more than a day after now (" + Instant.ofEpochMilli(nowMs)
                            + ")");
        }
        return Optional.empty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Optional<Violation> violation(DeadLetterReason reason, String detail) {
        return Optional.of(new Violation(reason, detail));
    }
}
