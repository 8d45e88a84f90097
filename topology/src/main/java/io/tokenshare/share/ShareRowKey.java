package io.tokenshare.share;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * The key of a share row in the share-by-* topics and the share-rows store:
 * {@code week_start|basis_label|dimension|member}, e.g. {@code 2026-02-09|all|origin|CN}.
 *
 * <p>The week comes first so that all rows of a week sort together and can be found by the prefix
 * {@link #weekPrefix(LocalDate)}. The member comes last because it may itself contain the separator
 * (category x origin members such as {@code programming|CN}).
 */
public final class ShareRowKey {

    private static final String SEPARATOR = "|";
    private static final String EXAMPLE = "2026-02-09|all|origin|CN";
    private static final int KEY_PARTS = 4;

    private ShareRowKey() {}

    /** The key of a row. */
    public static String of(ShareRow row) {
        Objects.requireNonNull(row, "row");
        return of(row.getWeekStart(), row.getBasisLabel(), row.getDimension(), row.getMember());
    }

    /** The key of the row of {@code member} in the {@code dimension} distribution of {@code week} on a basis. */
    public static String of(LocalDate week, String basisLabel, ShareDimension dimension, String member) {
        Objects.requireNonNull(basisLabel, "basisLabel");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(member, "member");
        if (basisLabel.isEmpty() || basisLabel.contains(SEPARATOR)) {
            throw new IllegalArgumentException("basis label '" + basisLabel + "' must be non-empty and free of '"
                    + SEPARATOR + "', like all, attributed or top9");
        }
        return weekPrefix(week)
                + basisLabel
                + SEPARATOR
                + dimension.name().toLowerCase(Locale.ROOT)
                + SEPARATOR
                + member;
    }

    /** The prefix shared by the keys of every row of {@code week}, e.g. {@code 2026-02-09|}. */
    public static String weekPrefix(LocalDate week) {
        Objects.requireNonNull(week, "week");
        return week + SEPARATOR;
    }

    /** The dimension a key belongs to. */
    public static ShareDimension dimensionOf(String key) {
        String[] parts = partsOf(key);
        try {
            return ShareDimension.valueOf(parts[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "share row key '" + key + "' names no dimension in its third part, e.g. " + EXAMPLE, e);
        }
    }

    private static String[] partsOf(String key) {
        if (key == null) {
            throw new IllegalArgumentException(
                    "share row key is null; expected week|basis|dimension|member, e.g. " + EXAMPLE);
        }
        String[] parts = key.split("\\" + SEPARATOR, KEY_PARTS);
        if (parts.length < KEY_PARTS) {
            throw new IllegalArgumentException(
                    "share row key '" + key + "' does not have the form week|basis|dimension|member, e.g. " + EXAMPLE);
        }
        return parts;
    }

    /** The week a key belongs to. */
    public static LocalDate weekOf(String key) {
        String[] parts = partsOf(key);
        try {
            return LocalDate.parse(parts[0]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "share row key '" + key + "' does not start with a week date" + " in the form yyyy-MM-dd, e.g. "
                            + EXAMPLE,
                    e);
        }
    }
}
