package io.tokenshare.cli;

/**
 * The user asked for something that cannot work as asked: a missing file, contradicting options. The
 * message says what is wrong and what to do; the command exits with {@link ExitCodes#USAGE}.
 */
public final class UsageError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
