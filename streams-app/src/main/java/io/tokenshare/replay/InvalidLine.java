package io.tokenshare.replay;

/**
 * A line of a JSON Lines file that cannot be an event. It is not skipped: the caller sends it to the
 * dead-letter topic so that the loss is visible.
 *
 * @param file       the file the line was read from
 * @param lineNumber the line's one-based number
 * @param rawText    the line as written
 * @param kind       what kind of problem it has
 * @param reason     what is wrong and what was expected, for people
 */
public record InvalidLine(String file, long lineNumber, String rawText, Kind kind, String reason) implements JsonlLine {

    /** The kinds of problem that keep a line from being an event. */
    public enum Kind {
        /** The line is not a single well-formed JSON value. */
        MALFORMED_JSON,
        /** {@code event_id}, {@code model_id} or {@code total_tokens} is absent or null. */
        MISSING_FIELD,
        /** The line is not a JSON object, or a field's value has the wrong JSON type or range. */
        WRONG_TYPE
    }
}
