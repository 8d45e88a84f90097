package io.tokenshare.serde;

/**
 * A schema-registry request that failed: the registry answered with an error, or could not be reached.
 * The message names the registry URL, the subject when there is one, the status and what to do. The
 * registry's own error code (Confluent's {@code error_code}) is kept so that callers can tell a missing
 * subject from a real failure without parsing the message.
 */
public final class SchemaRegistryException extends RuntimeException {

    /** Confluent error code: the subject has no version. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: the subject has no such version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: no such schema (by id, or under the subject). */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent error code: the schema breaks the subject's compatibility level. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent error code: the schema text is not a valid schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** Confluent error code: the compatibility level is not one the registry knows. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** Status and error code used when no HTTP answer was received (unreachable, timed out, interrupted). */
    public static final int NO_ANSWER = -1;

    private final int status;
    private final int errorCode;

    /**
     * @param message   the whole explanation, already naming URL, subject and remedy
     * @param status    the HTTP status, or {@link #NO_ANSWER}
     * @param errorCode the registry's error code, or {@link #NO_ANSWER} when it gave none
     * @param cause     the underlying failure, may be null
     */
    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status of the registry's answer, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }

    /** The registry's error code (e.g. {@link #SUBJECT_NOT_FOUND}), or {@link #NO_ANSWER}. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry said the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return errorCode == SUBJECT_NOT_FOUND || errorCode == VERSION_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
    }
}
