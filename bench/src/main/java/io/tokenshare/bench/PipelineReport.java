package io.tokenshare.bench;

import java.util.Map;

/**
 * What the pipeline JVM measured about itself, sent back to the benchmark as JSON. Times are epoch
 * milliseconds of the wall clock, which both JVMs share.
 *
 * @param startedAtMs          when {@code TokenshareApp.start} was called
 * @param runningAtMs          when the app reached RUNNING
 * @param allReadAtMs          when the app had read every expected record, or -1 when none were expected
 * @param stoppedAtMs          when the benchmark said stop
 * @param read                 records read from token-usage (IngestAccounting)
 * @param counted              records counted
 * @param duplicates           resends dropped
 * @param deadLetters          records dead-lettered
 * @param cpuNanos             CPU time of the whole JVM from start to stop
 * @param gcMillis             time spent in garbage collection from start to stop
 * @param heapUsedAfterGcBytes heap in use after a full collection, before the app closed
 * @param heapCommittedBytes   heap reserved from the OS at the same moment
 * @param peakRssBytes         peak resident set size of the JVM (VmHWM), -1 where unknown
 * @param written              topic (internal ones without the application.id prefix) → what the app's producers sent
 *                             to it, largest first
 * @param cpuSecondsByThread   thread kind (stream threads, RocksDB flush/compaction, JIT, ...) → CPU seconds, largest first
 */
record PipelineReport(
        long startedAtMs,
        long runningAtMs,
        long allReadAtMs,
        long stoppedAtMs,
        long read,
        long counted,
        long duplicates,
        long deadLetters,
        long cpuNanos,
        long gcMillis,
        long heapUsedAfterGcBytes,
        long heapCommittedBytes,
        long peakRssBytes,
        Map<String, Written> written,
        Map<String, Double> cpuSecondsByThread) {

    /**
     * What was sent to one topic.
     *
     * @param records records sent
     * @param bytes   bytes sent, in record batches as they went to the broker
     */
    record Written(long records, long bytes) {}
}
