package io.tokenshare.ingest;

/**
 * Header names of records in the dead-letter topic. The original record's value is kept as it was
 * (or as close as it can be: a rule failure is re-serialized with the same schema).
 */
public final class DeadLetterHeaders {

    /** A {@link DeadLetterReason} name. */
    public static final String REASON = "tokenshare.dlq.reason";
    /** Human-readable detail: which field, which value, what was expected. */
    public static final String DETAIL = "tokenshare.dlq.detail";

    public static final String SOURCE_TOPIC = "tokenshare.source.topic";
    public static final String SOURCE_PARTITION = "tokenshare.source.partition";
    public static final String SOURCE_OFFSET = "tokenshare.source.offset";
    /** For a record the app could not write: the topic it was meant for (an output, repartition or changelog topic). */
    public static final String OUTPUT_TOPIC = "tokenshare.output.topic";
    /** For records from a file (the replay tool): the file and its 1-based line number. */
    public static final String SOURCE_FILE = "tokenshare.source.file";

    public static final String SOURCE_LINE = "tokenshare.source.line";

    private DeadLetterHeaders() {}
}
