package io.tokenshare.replay;

import io.tokenshare.avro.TokenUsageEvent;

/**
 * An event with the data line it came from (a rankings row's number, 1 for the first row after the
 * header), so that a replay can say where to resume.
 *
 * @param line  the one-based data line
 * @param event the event
 */
public record NumberedEvent(long line, TokenUsageEvent event) {}
