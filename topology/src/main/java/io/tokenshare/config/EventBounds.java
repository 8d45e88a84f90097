package io.tokenshare.config;

import java.util.Map;

/**
 * The most one event may carry. Each bound keeps hostile input from reaching a store or an
 * aggregate: a 500,000-character model id once made a share-alert changelog record of 2.5 MB that
 * the broker refused, and two events of 2^62 tokens overflowed a week's total to a negative number.
 *
 * <p>Why the token bound also rules out overflow: the sums formed from events (a model's week, a
 * partition's week, a week's total over all models) add at most one event's tokens per event, so a
 * sum of n events is at most {@code n × maxTokens}. With the default 10^14 that stays below
 * 2^63 ≈ 9.2 × 10^18 for up to 92,233 events at the bound in one week; real weeks are far below it
 * (the largest daily roll-up in the shipped rankings is 7.5 × 10^12 tokens, a busy gateway's whole
 * week is around 10^13). Input and output tokens are each bounded too, so their sum is exact.
 * Requests per event are an {@code int} and are summed as {@code long}: no bound is needed for
 * overflow, the default only rejects nonsense.
 *
 * @param maxIdLength  the most characters of event_id, model_id, provider, app and category
 * @param maxTokens    the most total_tokens (and input_tokens, output_tokens) of one event
 * @param maxRequests  the most requests one event may stand for
 */
public record EventBounds(int maxIdLength, long maxTokens, int maxRequests) {

    public static final String MAX_ID_LENGTH = "tokenshare.event.max-id-length";
    public static final String MAX_TOKENS = "tokenshare.event.max-tokens";
    public static final String MAX_REQUESTS = "tokenshare.event.max-requests";

    public static final int DEFAULT_MAX_ID_LENGTH = 256;
    public static final long DEFAULT_MAX_TOKENS = 100_000_000_000_000L;
    public static final int DEFAULT_MAX_REQUESTS = 1_000_000_000;

    /** The bounds the app uses unless configured otherwise. */
    public static final EventBounds DEFAULTS =
            new EventBounds(DEFAULT_MAX_ID_LENGTH, DEFAULT_MAX_TOKENS, DEFAULT_MAX_REQUESTS);

    /** Largest allowed token bound (about 9.2 × 10^14): ten thousand events at it still sum exactly. */
    static final long TOKENS_CEILING = Long.MAX_VALUE / 10_000;

    public EventBounds {
        // The ids travel in keys of share rows, alerts and store entries; beyond this a single record
        // could approach the broker's 1 MB limit.
        if (maxIdLength < 1 || maxIdLength > 4096) {
            throw new SettingsException(MAX_ID_LENGTH + ": " + maxIdLength
                    + " is not a usable id length; use 1 to 4096 (default " + DEFAULT_MAX_ID_LENGTH + ")");
        }
        if (maxTokens < 1 || maxTokens > TOKENS_CEILING) {
            throw new SettingsException(MAX_TOKENS + ": " + maxTokens + " must be from 1 to " + TOKENS_CEILING
                    + " so that sums of events cannot overflow (default " + DEFAULT_MAX_TOKENS + ")");
        }
        if (maxRequests < 1) {
            throw new SettingsException(
                    MAX_REQUESTS + ": " + maxRequests + " must be 1 or more (default " + DEFAULT_MAX_REQUESTS + ")");
        }
    }

    /** The keys this record reads, with their defaults as text. */
    public static Map<String, String> defaultValues() {
        return Map.of(
                MAX_ID_LENGTH,
                Integer.toString(DEFAULT_MAX_ID_LENGTH),
                MAX_TOKENS,
                Long.toString(DEFAULT_MAX_TOKENS),
                MAX_REQUESTS,
                Integer.toString(DEFAULT_MAX_REQUESTS));
    }

    /** Reads the bounds from resolved settings text (defaults already filled in). */
    public static EventBounds fromText(Map<String, String> values) {
        return new EventBounds(
                (int) parse(MAX_ID_LENGTH, values.get(MAX_ID_LENGTH), Integer.MAX_VALUE),
                parse(MAX_TOKENS, values.get(MAX_TOKENS), Long.MAX_VALUE),
                (int) parse(MAX_REQUESTS, values.get(MAX_REQUESTS), Integer.MAX_VALUE));
    }

    private static long parse(String key, String text, long max) {
        String digits = text.trim().replace("_", "");
        try {
            long value = Long.parseLong(digits);
            if (value > max) {
                throw new SettingsException(key + ": " + text + " is too large; the most is " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SettingsException(
                    key + ": '" + text + "' is not a whole number; use e.g. "
                            + defaultValues().get(key),
                    e);
        }
    }
}
