package io.tokenshare.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way people write them in config files: {@code 2d}, {@code 36h}, {@code 500ms}, {@code PT48H}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @param key the setting's name, for the error message
     * @throws SettingsException naming the key and the accepted forms when the text is not a duration
     */
    public static Duration parse(String key, String text) {
        String value = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new SettingsException(
                    key + ": '" + text + "' is not a duration; write e.g. 2d, 36h, 90s, 500ms or PT48H",
                    e instanceof DateTimeParseException ? e : null);
        }
    }

    /** The short form of a duration, as {@link #parse} reads it. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % Duration.ofDays(1).toMillis() == 0) {
            return ms / Duration.ofDays(1).toMillis() + "d";
        }
        if (ms % Duration.ofHours(1).toMillis() == 0) {
            return ms / Duration.ofHours(1).toMillis() + "h";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
