package io.tokenshare.ingest;

/**
 * Why a record went to the dead-letter topic; written in the {@link DeadLetterHeaders#REASON} header.
 */
public enum DeadLetterReason {
    /** The bytes are not a TokenUsageEvent in the Confluent wire format (Kafka Streams' deserialization handler). */
    UNDECODABLE,
    /** A line of an events file that could not be read as an event (the replay tool). */
    UNPARSEABLE_LINE,
    /** The record has a key but no value. */
    NULL_VALUE,
    /** event_id is empty or blank. */
    BLANK_EVENT_ID,
    /** model_id is empty or blank. */
    BLANK_MODEL_ID,
    /** event_id, model_id, provider, app or category is longer than tokenshare.event.max-id-length. */
    IDENTIFIER_TOO_LONG,
    /** An identifier holds control characters or text that was not valid UTF-8 (decoded as U+FFFD). */
    INVALID_IDENTIFIER,
    /** A token count is above tokenshare.event.max-tokens: no event is that large, and sums must not overflow. */
    TOKENS_ABOVE_LIMIT,
    /** requests is above tokenshare.event.max-requests. */
    REQUESTS_ABOVE_LIMIT,
    /** A token count is below zero. */
    NEGATIVE_TOKENS,
    /** total_tokens is smaller than input_tokens + output_tokens. */
    TOTAL_BELOW_SPLIT,
    /** requests is below one. */
    INVALID_REQUESTS,
    /** occurred_at is missing. */
    MISSING_OCCURRED_AT,
    /** occurred_at is before 2015-01-01, older than any gateway this project watches. */
    OCCURRED_BEFORE_2015,
    /** occurred_at is more than a day ahead of the clock. */
    OCCURRED_IN_FUTURE,
    /** The event arrived after its ISO week's grace period had passed. */
    LATE_BEYOND_GRACE,
    /**
     * Not an input record: one the app produced was too large for the broker and was dropped
     * ({@link DeadLetteringProductionHandler}); the header {@link DeadLetterHeaders#OUTPUT_TOPIC} names its topic.
     */
    OUTPUT_TOO_LARGE,
    /** Not an input record: one the app produced could not be serialized and was dropped. */
    UNSERIALIZABLE_OUTPUT
}
