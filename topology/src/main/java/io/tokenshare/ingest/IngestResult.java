package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.avro.internal.ModelWeekUsage;

/**
 * What the ingest processor makes of one input record. Lives only between processors of one
 * sub-topology, so it is never serialized.
 */
public sealed interface IngestResult {

    /**
     * Everything one input partition has counted for a (model, week) so far, sent once per commit when
     * it changed; the merge step sums the partitions.
     */
    record Partial(ModelWeekUsage usage) implements IngestResult {}

    /** An event that broke a rule; its record carries the dead-letter headers. */
    record Rejected(TokenUsageEvent event, Violation violation) implements IngestResult {}

    /** How far event time has advanced on one input partition, with its tokens per week so far. */
    record Progress(IngestProgress progress) implements IngestResult {}
}
