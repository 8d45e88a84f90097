package io.tokenshare.query;

import io.tokenshare.window.IsoWeek;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The weeks from {@code from} to {@code to}, both inclusive, named by their Mondays.
 *
 * @param from the first week
 * @param to   the last week, not before {@code from}
 */
record WeekRange(IsoWeek from, IsoWeek to) {

    /** The first week an event may belong to: the validator refuses events before 2015. */
    static final IsoWeek EARLIEST = new IsoWeek(LocalDate.of(2015, 1, 5));
    /** An open upper end: the last ISO week that four-digit years can name. */
    static final IsoWeek LATEST = IsoWeek.containing(LocalDate.of(9999, 12, 31));

    WeekRange {
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException("week range from " + from + " to " + to + " is empty");
        }
    }

    Instant fromStart() {
        return Instant.ofEpochMilli(from.startMillis());
    }

    Instant toStart() {
        return Instant.ofEpochMilli(to.startMillis());
    }
}
