package io.tokenshare.replay;

import io.tokenshare.avro.TokenUsageEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One row of OpenRouter's rankings-daily data set: the tokens one model (or the {@code other} bucket)
 * served on one UTC day.
 *
 * @param date        the UTC day
 * @param permaslug   the model's permaslug, {@code author/model[-version][:variant]}, or {@code other}
 * @param totalTokens the day's prompt and completion tokens, at least 0
 */
public record RankingsRow(LocalDate date, String permaslug, long totalTokens) {

    /**
     * Time of day at which a whole-day roll-up is stamped. Midnight would put the day's tokens on a
     * boundary: a Monday 00:00 stamp sits exactly on an ISO-week edge, and any consumer that shifts
     * it by a time zone, treats window ends as inclusive, or stamps "end of day" instead would move
     * the whole day into the neighbouring week. Noon is twelve hours from either edge of the day, so
     * the roll-up always lands in the day's own ISO week.
     */
    public static final LocalTime ROLL_UP_TIME = LocalTime.NOON;

    private static final String EVENT_ID_PREFIX = "rankings:";
    private static final String NO_PROVIDER = null;
    private static final String NO_APP = null;
    private static final String NO_CATEGORY = null;
    private static final Long NO_SPLIT = null;

    /** Checks the invariants a parsed row must satisfy. */
    public RankingsRow {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(permaslug, "permaslug");
        if (permaslug.isBlank()) {
            throw new IllegalArgumentException("permaslug must not be blank");
        }
        if (totalTokens < 0) {
            throw new IllegalArgumentException("totalTokens must be at least 0, got " + totalTokens);
        }
    }

    /**
     * The deterministic event id {@code rankings:<date>:<permaslug>}: replaying the same file twice
     * yields the same ids, so the app's de-duplication counts each row once.
     */
    public String eventId() {
        return EVENT_ID_PREFIX + date + ":" + permaslug;
    }

    /** Midnight UTC that starts the row's day. */
    public Instant dayStart() {
        return date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /**
     * The row as one roll-up event stamped at {@link #ROLL_UP_TIME}: {@code model_id} is the permaslug,
     * {@code requests} is 1 because the data set does not say how many requests the day had, and there
     * is no input/output split and no category because the data set has none.
     */
    public TokenUsageEvent toRollUp() {
        Instant occurredAt = date.atTime(ROLL_UP_TIME).toInstant(ZoneOffset.UTC);
        // The all-arguments constructor, not the builder: Avro's builder costs about ten times more per
        // event and seconds on first use, which matters when replaying millions of events.
        return new TokenUsageEvent(
                eventId(), occurredAt, permaslug, NO_PROVIDER, NO_APP, NO_CATEGORY, NO_SPLIT, NO_SPLIT, totalTokens, 1);
    }
}
