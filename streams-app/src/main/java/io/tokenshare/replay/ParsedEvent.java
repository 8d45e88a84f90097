package io.tokenshare.replay;

import io.tokenshare.avro.TokenUsageEvent;

/**
 * A line of a JSON Lines file that could be read as an event. The event may still break the app's
 * semantic rules (negative tokens, no {@code occurred_at}); the app's validator decides that.
 *
 * @param file       the file the line was read from
 * @param lineNumber the line's one-based number
 * @param event      the event the line describes
 */
public record ParsedEvent(String file, long lineNumber, TokenUsageEvent event) implements JsonlLine {}
