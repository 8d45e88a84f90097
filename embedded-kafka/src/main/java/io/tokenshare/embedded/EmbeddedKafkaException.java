package io.tokenshare.embedded;

/**
 * The embedded broker could not start or could not carry out a request. The message says what went
 * wrong and how to fix it (for example which port is taken).
 */
public final class EmbeddedKafkaException extends RuntimeException {

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
