package io.tokenshare.export;

/**
 * Exporting results failed at run time: a topic is missing, Kafka does not answer, a file cannot be
 * written. The message says what and where, and what to do about it.
 */
public final class ExportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
