package io.tokenshare.replay;

/**
 * What one line of a JSON Lines events file turned out to be: a {@link ParsedEvent} or an
 * {@link InvalidLine}. Readers yield both, in file order, so that nothing is dropped silently.
 */
public sealed interface JsonlLine permits ParsedEvent, InvalidLine {

    /** The file the line was read from. */
    String file();

    /** The line's one-based number in its file. */
    long lineNumber();
}
