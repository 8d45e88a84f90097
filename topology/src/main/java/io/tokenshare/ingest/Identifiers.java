package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.EventBounds;
import java.util.Optional;

/**
 * The identifier rules of an event: its ids end up in store keys, share rows and alert texts, so
 * their length is bounded and they must be printable text.
 */
final class Identifiers {

    /** What a decoder puts in place of bytes that are not UTF-8. */
    private static final char REPLACEMENT = '\uFFFD';

    private static final int SHOWN_CHARS = 40;

    private Identifiers() {}

    static Optional<Violation> check(TokenUsageEvent e, int maxLength) {
        Optional<Violation> v = checkOne("event_id", e.getEventId(), maxLength);
        if (v.isEmpty()) {
            v = checkOne("model_id", e.getModelId(), maxLength);
        }
        if (v.isEmpty()) {
            v = checkOne("provider", e.getProvider(), maxLength);
        }
        if (v.isEmpty()) {
            v = checkOne("app", e.getApp(), maxLength);
        }
        if (v.isEmpty()) {
            v = checkOne("category", e.getCategory(), maxLength);
        }
        return v;
    }

    private static Optional<Violation> checkOne(String field, String value, int maxLength) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > maxLength) {
            return Optional.of(new Violation(
                    DeadLetterReason.IDENTIFIER_TOO_LONG,
                    field + " has " + value.length()
                            + " characters, more than the limit of " + maxLength + " (" + EventBounds.MAX_ID_LENGTH
                            + "); it starts "
                            + quote(value)));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == REPLACEMENT || isLoneSurrogate(value, i)) {
                return Optional.of(new Violation(
                        DeadLetterReason.INVALID_IDENTIFIER,
                        field + " holds "
                                + (c == REPLACEMENT
                                        ? "bytes that are not UTF-8"
                                        : String.format("the character U+%04X", (int) c))
                                + " at index " + i + ": " + quote(value)));
            }
        }
        return Optional.empty();
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    // The detail goes into a header and a log line: never the whole of a huge or binary value.
    private static String quote(String value) {
        StringBuilder shown = new StringBuilder("'");
        int end = Math.min(value.length(), SHOWN_CHARS);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            shown.append(
                    Character.isISOControl(c) || Character.isSurrogate(c) && isLoneSurrogate(value, i)
                            ? String.format("\\u%04X", (int) c)
                            : c);
        }
        return shown.append(value.length() > end ? "'…" : "'").toString();
    }
}
