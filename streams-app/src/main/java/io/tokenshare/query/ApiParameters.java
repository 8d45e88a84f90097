package io.tokenshare.query;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.window.IsoWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query parameters of one request, read strictly: an unknown or repeated parameter, a week that is
 * neither a Monday nor an ISO week label, an unknown dimension or basis, a limit out of range all fail with a
 * {@link BadRequestException} that says what was given and what is expected.
 */
final class ApiParameters {

    private static final String WEEK_EXAMPLE = "2026-02-09";
    private static final String WEEK_EXPECTED =
            "the ISO date (yyyy-MM-dd) of a Monday, the first day of an ISO week, e.g. " + WEEK_EXAMPLE
                    + ", or the ISO week label that GET /api/v1/weeks lists as isoWeek, e.g. 2026-W07";
    // The isoWeek form /weeks answers with: accepting it everywhere lets a client pass back what it was given.
    private static final Pattern WEEK_LABEL = Pattern.compile("(\\d{4})-[Ww](\\d{2})");
    private static final int MAX_TEXT_LENGTH = 200;

    private final Map<String, String> values;

    private ApiParameters(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads a query string's parameters, refusing any that the route does not take.
     *
     * @param query    parameter name to the values given (a name given twice is refused)
     * @param accepted the names the route takes
     */
    static ApiParameters of(Map<String, List<String>> query, Set<String> accepted) {
        Map<String, String> single = new java.util.HashMap<>();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            if (!accepted.contains(name)) {
                throw new BadRequestException(
                        name,
                        "unknown query parameter '" + name + "'",
                        accepted.isEmpty()
                                ? "no query parameters on this route"
                                : "only " + String.join(", ", new TreeSet<>(accepted)));
            }
            if (parameter.getValue().size() > 1) {
                throw new BadRequestException(
                        name,
                        "query parameter '" + name + "' is given "
                                + parameter.getValue().size() + " times",
                        "it once");
            }
            single.put(
                    name,
                    parameter.getValue().isEmpty() ? "" : parameter.getValue().get(0));
        }
        return new ApiParameters(single);
    }

    /** A week given as a path or query parameter: the ISO date of its Monday, or its label such as 2026-W07. */
    static IsoWeek week(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(name, "'" + name + "' is missing", WEEK_EXPECTED);
        }
        Matcher label = WEEK_LABEL.matcher(text.strip());
        if (label.matches()) {
            return weekOfLabel(name, text, Integer.parseInt(label.group(1)), Integer.parseInt(label.group(2)));
        }
        try {
            return IsoWeek.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name, "'" + name + "' is " + text + ": " + e.getMessage(), WEEK_EXPECTED);
        }
    }

    private static IsoWeek weekOfLabel(String name, String text, int year, int week) {
        // January 4th always lies in week 1 of its week-based year.
        LocalDate inFirstWeek = LocalDate.of(year, 1, 4);
        long weeks =
                IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(inFirstWeek).getMaximum();
        if (week < 1 || week > weeks) {
            throw new BadRequestException(
                    name, "'" + name + "' is " + text + ": " + year + " has ISO weeks 1 to " + weeks, WEEK_EXPECTED);
        }
        return IsoWeek.containing(inFirstWeek.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week));
    }

    /** The text of a parameter, absent when not given. */
    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A week parameter, absent when not given. */
    Optional<IsoWeek> optionalWeek(String name) {
        return text(name).map(text -> week(name, text));
    }

    /**
     * The weeks from {@code fromName} to {@code toName}, both inclusive; open ends reach as far as data
     * can. An end given empty ({@code ?from=&to=}, as forms and URL templates send it) is open too.
     */
    WeekRange weekRange(String fromName, String toName) {
        IsoWeek from = optionalBound(fromName).orElse(WeekRange.EARLIEST);
        IsoWeek to = optionalBound(toName).orElse(WeekRange.LATEST);
        if (from.compareTo(to) > 0) {
            throw new BadRequestException(
                    fromName,
                    "'" + fromName + "' " + from + " is after '" + toName + "' " + to,
                    "'" + fromName + "' on or before '" + toName + "'");
        }
        return new WeekRange(from, to);
    }

    private Optional<IsoWeek> optionalBound(String name) {
        return text(name).filter(text -> !text.isEmpty()).map(text -> week(name, text));
    }

    /** A required free-text parameter such as a member name, at most 200 characters. */
    String requiredText(String name, String example) {
        String text = text(name).orElse("");
        if (text.isBlank()) {
            throw new BadRequestException(name, "'" + name + "' is missing", "a value such as " + example);
        }
        return checkedText(name, text, example);
    }

    /** A path parameter naming something (a model id), without whitespace, at most 200 characters. */
    static String identifier(String name, String text, String example) {
        if (text == null
                || text.isBlank()
                || !text.strip().equals(text)
                || text.chars().anyMatch(Character::isWhitespace)) {
            throw new BadRequestException(
                    name, "'" + name + "' is '" + text + "'", "a value without whitespace such as " + example);
        }
        return checkedText(name, text, example);
    }

    private static String checkedText(String name, String text, String example) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new BadRequestException(
                    name,
                    "'" + name + "' is " + text.length() + " characters long",
                    "at most " + MAX_TEXT_LENGTH + " characters, such as " + example);
        }
        return text;
    }

    /** A share dimension: origin, lab, model, category or category_origin. */
    ShareDimension dimension(String name, ShareDimension fallback) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        return Arrays.stream(ShareDimension.values())
                .filter(d -> dimensionName(d).equals(text.get()))
                .findFirst()
                .orElseThrow(() -> new BadRequestException(
                        name,
                        "dimension '" + text.get() + "' is unknown",
                        "one of "
                                + Arrays.stream(ShareDimension.values())
                                        .map(ApiParameters::dimensionName)
                                        .collect(Collectors.joining(", "))));
    }

    /** How a dimension is written in URLs and answers: origin, lab, model, category, category_origin. */
    static String dimensionName(ShareDimension dimension) {
        return dimension.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A basis label: all, attributed, or the top-N label this deployment computes (top9 by default);
     * other top-N labels are refused because no rows exist for them.
     */
    String basis(String name, String topNLabel) {
        String label = text(name).orElse("all");
        List<String> computed = List.of("all", "attributed", topNLabel);
        if (!computed.contains(label)) {
            throw new BadRequestException(
                    name,
                    "basis '" + label + "' is not computed by this deployment",
                    "one of " + String.join(", ", computed));
        }
        return label;
    }

    /** A whole number from 1 to {@code max}. */
    int limit(String name, int fallback, int max) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String expected = "a whole number from 1 to " + max + ", e.g. " + fallback;
        int limit;
        try {
            limit = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, "'" + name + "' is '" + text.get() + "', not a whole number", expected);
        }
        if (limit < 1 || limit > max) {
            throw new BadRequestException(name, "'" + name + "' is " + limit + ", out of range", expected);
        }
        return limit;
    }

    /** One of a fixed set of upper-case codes, given in any case; absent when not given. */
    Optional<String> code(String name, List<String> allowed) {
        return text(name).map(text -> {
            String code = text.toUpperCase(Locale.ROOT);
            if (!allowed.contains(code)) {
                throw new BadRequestException(
                        name, "'" + name + "' is '" + text + "'", "one of " + String.join(", ", allowed));
            }
            return code;
        });
    }
}
