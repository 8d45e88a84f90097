package io.tokenshare.replay;

/**
 * Publishing stopped because Kafka did not accept a record. The message says which broker address,
 * topic and timeout were involved; {@link #report()} says how much had been acknowledged by then.
 */
public final class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PublishReport report;
    private final long resumeLine;

    PublishException(String message, PublishReport report, Throwable cause) {
        super(
                message + " (acknowledged before stopping: " + report.published() + " records, " + report.deadLettered()
                        + " dead-lettered lines)",
                cause);
        this.report = report;
        this.resumeLine = 0;
    }

    private PublishException(PublishException stopped, long resumeLine) {
        super(
                stopped.getMessage() + ". To resume, run the same command with --from-line " + resumeLine
                        + " (every line before it was acknowledged; events after it that are sent again are counted once)",
                stopped.getCause());
        this.report = stopped.report;
        this.resumeLine = resumeLine;
    }

    /** The same failure, saying from which data line a new run can resume. */
    PublishException withResumeLine(long line) {
        return new PublishException(this, line);
    }

    /** The data line to resume from with {@code --from-line}; 0 when not known. */
    public long resumeLine() {
        return resumeLine;
    }

    /** What was acknowledged before publishing stopped. */
    public PublishReport report() {
        return report;
    }
}
