package io.tokenshare.replay;

import io.tokenshare.avro.TokenUsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Splits a rankings row into request-sized events, to drive the pipeline with traffic shaped like a
 * gateway's rather than one roll-up per model and day.
 *
 * <p>Each event's {@code total_tokens} is drawn log-uniformly from {@code [minRequestTokens,
 * maxRequestTokens]} (many small requests, a few large ones), with 2–25 % of it as output tokens and
 * the rest as input, so {@code input_tokens + output_tokens == total_tokens}. These shapes are
 * plausible, not measured: the data set has no request sizes. Events are spread over the row's UTC
 * day in order, one per equal time slot at a random point of the slot. Event ids are
 * {@code rankings:<date>:<permaslug>:<n>} with n counting from 1.
 *
 * <p><b>Exact sums, bounded counts.</b> The events' {@code total_tokens} always add up exactly to the
 * row's. A row of 10<sup>11</sup> tokens would need billions of request-sized events, so a row gets
 * at most {@code maxEventsPerRow}: when the draws have not used up the row by then, the last event
 * absorbs the whole remainder and its {@code requests} says how many average-sized requests that
 * remainder stands for. On the real data almost every row hits the cap, so most of a row's tokens end
 * up in its last event; raise the cap for more realistic traffic, lower it for faster replays.
 *
 * <p><b>Deterministic.</b> The draws for a row depend only on the seed and the row's date and
 * permaslug, not on the other rows or their order, so re-splitting a file (or a part of it) with the
 * same seed reproduces the same events and ids, and the app's de-duplication drops the repeats.
 */
public final class RequestSizedSplit {

    /** Smallest request drawn, in tokens. */
    public static final long DEFAULT_MIN_REQUEST_TOKENS = 2_000;
    /** Largest request drawn, in tokens. */
    public static final long DEFAULT_MAX_REQUEST_TOKENS = 60_000;
    /** Events per row at most; see the class comment. */
    public static final int DEFAULT_MAX_EVENTS_PER_ROW = 1_000;

    private static final double MIN_OUTPUT_SHARE = 0.02;
    private static final double MAX_OUTPUT_SHARE = 0.25;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final long seed;
    private final long minRequestTokens;
    private final long maxRequestTokens;
    private final int maxEventsPerRow;
    private final double meanRequestTokens;
    private final double logMinRequestTokens;
    private final double logRequestTokensRange;

    /**
     * @param seed             makes the draws reproducible; different seeds give different splits
     * @param minRequestTokens smallest request, at least 1
     * @param maxRequestTokens largest request, at least {@code minRequestTokens}
     * @param maxEventsPerRow  cap on the events of one row, at least 1
     */
    public RequestSizedSplit(long seed, long minRequestTokens, long maxRequestTokens, int maxEventsPerRow) {
        if (minRequestTokens < 1 || maxRequestTokens < minRequestTokens) {
            throw new IllegalArgumentException("Request sizes must satisfy 1 <= min <= max, got min=" + minRequestTokens
                    + " max=" + maxRequestTokens);
        }
        if (maxEventsPerRow < 1) {
            throw new IllegalArgumentException("maxEventsPerRow must be at least 1, got " + maxEventsPerRow);
        }
        this.seed = seed;
        this.minRequestTokens = minRequestTokens;
        this.maxRequestTokens = maxRequestTokens;
        this.maxEventsPerRow = maxEventsPerRow;
        this.logMinRequestTokens = Math.log(minRequestTokens);
        this.logRequestTokensRange = Math.log(maxRequestTokens) - logMinRequestTokens;
        this.meanRequestTokens = minRequestTokens == maxRequestTokens
                ? minRequestTokens
                : (maxRequestTokens - minRequestTokens) / Math.log((double) maxRequestTokens / minRequestTokens);
    }

    /** A split with the default request sizes (2k–60k tokens) and cap (1,000 events per row). */
    public static RequestSizedSplit withDefaults(long seed) {
        return new RequestSizedSplit(
                seed, DEFAULT_MIN_REQUEST_TOKENS, DEFAULT_MAX_REQUEST_TOKENS, DEFAULT_MAX_EVENTS_PER_ROW);
    }

    /** The row's events, generated lazily in time order. */
    public Stream<TokenUsageEvent> events(RankingsRow row) {
        long rowSeed = seed ^ fnv1a64(row.eventId());
        int count = countEvents(row.totalTokens(), new SplittableRandom(rowSeed));
        Iterator<TokenUsageEvent> events = new RowEvents(row, count, rowSeed);
        return StreamSupport.stream(
                Spliterators.spliterator(events, count, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Replays the size draws of {@link RowEvents} to learn how many events the row gets. */
    private int countEvents(long totalTokens, SplittableRandom sizes) {
        long remaining = totalTokens;
        int count = 0;
        do {
            count++;
            remaining -= nextSize(sizes, remaining, count);
        } while (remaining > 0);
        return count;
    }

    /** The n-th event's tokens: a draw, except that the cap's event takes all that is left. */
    private long nextSize(SplittableRandom sizes, long remaining, int n) {
        if (n == maxEventsPerRow) {
            return remaining;
        }
        long draw = Math.round(Math.exp(logMinRequestTokens + sizes.nextDouble() * logRequestTokensRange));
        return Math.min(remaining, Math.max(minRequestTokens, Math.min(maxRequestTokens, draw)));
    }

    /** How many average requests an event of this size stands for: 1 unless it absorbed a remainder. */
    private int requestsFor(long tokens) {
        if (tokens <= maxRequestTokens) {
            return 1;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(tokens / meanRequestTokens));
    }

    /** 64-bit FNV-1a: a hash that, unlike String.hashCode, spreads short similar ids over 64 bits. */
    private static long fnv1a64(String text) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    private final class RowEvents implements Iterator<TokenUsageEvent> {
        private final RankingsRow row;
        private final int count;
        private final SplittableRandom sizes;
        private final SplittableRandom details;
        private final long dayStartMillis;
        private long remaining;
        private int emitted;

        RowEvents(RankingsRow row, int count, long rowSeed) {
            this.row = row;
            this.count = count;
            this.sizes = new SplittableRandom(rowSeed);
            this.details = new SplittableRandom(~rowSeed);
            this.dayStartMillis = row.dayStart().toEpochMilli();
            this.remaining = row.totalTokens();
        }

        @Override
        public boolean hasNext() {
            return emitted < count;
        }

        @Override
        public TokenUsageEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException("all " + count + " events of " + row.eventId() + " were generated");
            }
            emitted++;
            long tokens = nextSize(sizes, remaining, emitted);
            remaining -= tokens;
            long outputTokens = Math.round(tokens * details.nextDouble(MIN_OUTPUT_SHARE, MAX_OUTPUT_SHARE));
            String provider = null;
            String app = null;
            String category = null;
            // Constructor rather than builder for speed, as in RankingsRow.toRollUp.
            return new TokenUsageEvent(
                    row.eventId() + ":" + emitted,
                    timeInSlot(emitted - 1),
                    row.permaslug(),
                    provider,
                    app,
                    category,
                    tokens - outputTokens,
                    outputTokens,
                    tokens,
                    requestsFor(tokens));
        }

        /** A random instant within the slot'th of {@code count} equal slots of the day. */
        private Instant timeInSlot(int slot) {
            double slotStart = (double) slot * MILLIS_PER_DAY / count;
            double slotWidth = (double) MILLIS_PER_DAY / count;
            long offset = (long) Math.floor(slotStart + details.nextDouble() * slotWidth);
            return Instant.ofEpochMilli(dayStartMillis + Math.min(offset, MILLIS_PER_DAY - 1));
        }
    }
}
