package io.tokenshare.replay;

/**
 * A replay file that cannot be read as what it claims to be. The message names the file, the line,
 * the offending text and what was expected there, so that the file can be fixed without a debugger.
 * Unchecked, because readers surface it from inside a {@link java.util.stream.Stream}.
 */
public final class ReplayFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED_CHARS = 200;

    private final String file;
    private final long lineNumber;
    private final String offendingText;

    /**
     * @param file          the file (or classpath resource) being read
     * @param lineNumber    one-based line number where the problem starts
     * @param offendingText the text at fault, quoted in the message (shortened when long)
     * @param problem       what is wrong, e.g. "total_tokens is not a whole number"
     * @param expected      what would have been right, e.g. "a non-negative whole number such as 1234"
     */
    public ReplayFileException(String file, long lineNumber, String offendingText, String problem, String expected) {
        this(file, lineNumber, offendingText, problem, expected, null);
    }

    /** As {@link #ReplayFileException(String, long, String, String, String)}, with the underlying cause. */
    public ReplayFileException(
            String file, long lineNumber, String offendingText, String problem, String expected, Throwable cause) {
        super(
                String.format(
                        "%s, line %d: %s: \"%s\". Expected %s.",
                        file, lineNumber, problem, shorten(offendingText), expected),
                cause);
        this.file = file;
        this.lineNumber = lineNumber;
        this.offendingText = offendingText;
    }

    /** The file (or classpath resource) being read. */
    public String file() {
        return file;
    }

    /** One-based line number where the problem starts. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The text at fault, in full. */
    public String offendingText() {
        return offendingText;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}
