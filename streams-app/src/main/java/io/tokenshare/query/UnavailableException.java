package io.tokenshare.query;

/**
 * The answer cannot be complete right now: the instance is not RUNNING, a store partition is
 * migrating or restoring, or the instance that holds it does not answer. Becomes a 503 with
 * Retry-After, never a partial answer.
 */
public final class UnavailableException extends RuntimeException {

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
