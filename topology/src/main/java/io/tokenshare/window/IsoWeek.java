package io.tokenshare.window;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * An ISO week: Monday 00:00:00.000 UTC up to the next Monday, exclusive. Identified by its Monday.
 */
public record IsoWeek(LocalDate monday) implements Comparable<IsoWeek> {

    public static final Duration LENGTH = Duration.ofDays(7);
    public static final long LENGTH_MS = LENGTH.toMillis();
    /** The day mask of a whole week: bits 0 (Monday) to 6 (Sunday) set. */
    public static final int ALL_DAYS = 0x7F;

    // 1970-01-05 was the first Monday of the epoch; week starts are this offset plus whole weeks.
    private static final long FIRST_MONDAY_MS = Duration.ofDays(4).toMillis();

    public IsoWeek {
        Objects.requireNonNull(monday, "monday");
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException(monday + " is a " + monday.getDayOfWeek()
                    + "; an ISO week is named by its Monday, e.g. "
                    + monday.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        }
    }

    /** The week that contains the given instant (epoch milliseconds, UTC). */
    public static IsoWeek containing(long epochMillis) {
        return ofStartMillis(startMillisContaining(epochMillis));
    }

    /** The week that contains the given date. */
    public static IsoWeek containing(LocalDate date) {
        return new IsoWeek(date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    /** Epoch milliseconds of the Monday that starts the week containing the instant. */
    public static long startMillisContaining(long epochMillis) {
        return Math.floorDiv(epochMillis - FIRST_MONDAY_MS, LENGTH_MS) * LENGTH_MS + FIRST_MONDAY_MS;
    }

    /** The day of its week the instant falls on (UTC): 0 for Monday up to 6 for Sunday; a bit index of a day mask. */
    public static int dayIndexOf(long epochMillis) {
        return (int) ((epochMillis - startMillisContaining(epochMillis))
                / Duration.ofDays(1).toMillis());
    }

    /** How many days a day mask (bit 0 Monday .. bit 6 Sunday) holds, 0 to 7. */
    public static int daysIn(int dayMask) {
        return Integer.bitCount(dayMask & ALL_DAYS);
    }

    /** The week starting at the given epoch milliseconds, which must be a Monday 00:00 UTC. */
    public static IsoWeek ofStartMillis(long startMillis) {
        return new IsoWeek(
                Instant.ofEpochMilli(startMillis).atZone(ZoneOffset.UTC).toLocalDate());
    }

    /**
     * Parses a week from the ISO date of its Monday, e.g. {@code 2026-02-09}.
     *
     * @throws IllegalArgumentException saying what is expected when the text is not a Monday's date
     */
    public static IsoWeek parse(String mondayDate) {
        LocalDate date;
        try {
            date = LocalDate.parse(Objects.requireNonNull(mondayDate, "week").trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + mondayDate + "' is not a date; a week is the ISO date of its Monday, e.g. 2026-02-09", e);
        }
        return new IsoWeek(date);
    }

    public long startMillis() {
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The first millisecond after the week: the next Monday 00:00 UTC. */
    public long endMillis() {
        return startMillis() + LENGTH_MS;
    }

    public IsoWeek plusWeeks(long weeks) {
        return new IsoWeek(monday.plusWeeks(weeks));
    }

    public IsoWeek previous() {
        return plusWeeks(-1);
    }

    /** The ISO week-based label, e.g. {@code 2026-W07}. */
    public String label() {
        return String.format(
                "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    @Override
    public int compareTo(IsoWeek other) {
        return monday.compareTo(other.monday);
    }

    /** The Monday's ISO date, the form used in keys and URLs. */
    @Override
    public String toString() {
        return monday.toString();
    }
}
