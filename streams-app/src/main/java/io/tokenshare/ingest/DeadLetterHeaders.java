package io.tokenshare.ingest;

/**
 * Names of the headers carried by records on the dead-letter topic. The streams app's ingest stage
 * and the replay tools write them, and anyone triaging the dead-letter topic reads them, so they are
 * defined once here.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected: a short machine-readable code such as {@code UNPARSEABLE_LINE}. */
    public static final String REASON = "tokenshare.dlq.reason";
    /** A human-readable explanation of what is wrong with the record and what was expected. */
    public static final String DETAIL = "tokenshare.dlq.detail";
    /** Topic the rejected record was read from. */
    public static final String SOURCE_TOPIC = "tokenshare.source.topic";
    /** Partition the rejected record was read from (decimal text). */
    public static final String SOURCE_PARTITION = "tokenshare.source.partition";
    /** Offset of the rejected record (decimal text). */
    public static final String SOURCE_OFFSET = "tokenshare.source.offset";
    /** File a rejected line was read from, for records that never were on a topic. */
    public static final String SOURCE_FILE = "tokenshare.source.file";
    /** One-based line number of a rejected line in {@link #SOURCE_FILE} (decimal text). */
    public static final String SOURCE_LINE = "tokenshare.source.line";

    private DeadLetterHeaders() {
    }
}
