package io.tokenshare.replay;

/**
 * Publishing stopped because Kafka did not accept a record. The message says which broker address,
 * topic and timeout were involved; {@link #report()} says how much had been acknowledged by then.
 */
public final class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PublishReport report;

    PublishException(String message, PublishReport report, Throwable cause) {
        super(message + " (acknowledged before stopping: " + report.published() + " records, "
                + report.deadLettered() + " dead-lettered lines)", cause);
        this.report = report;
    }

    /** What was acknowledged before publishing stopped. */
    public PublishReport report() {
        return report;
    }
}
