package io.tokenshare.cli;

/**
 * A command failed while running although it was used correctly: Kafka did not answer, the pipeline
 * stopped, a wait timed out. The message says what happened and what to check; the command exits
 * with {@link ExitCodes#FAILURE}.
 */
public final class RuntimeFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RuntimeFailure(String message) {
        super(message);
    }

    public RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
