package io.tokenshare.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured, in the shape written by {@code --json}, so that runs can be
 * compared. Rates are records per second; memory in MiB; latencies in milliseconds. Steps that were
 * skipped are absent (null).
 *
 * @param ranAt     when the run started (ISO-8601, UTC)
 * @param machine   where it ran, and how busy the machine was
 * @param setup     what was generated and how the app was configured
 * @param steps     fill, raw consumer, consumer + decode, plain loop
 * @param pipelines the full topology, one entry per stream-thread count
 * @param paced     latency under a fixed rate
 */
record BenchResult(
        String ranAt, Machine machine, Setup setup, List<Step> steps, List<Pipeline> pipelines, Paced paced) {

    /**
     * @param cpus        processors the JVM sees
     * @param os          operating system and architecture
     * @param jvm         Java runtime
     * @param memoryMiB   physical memory
     * @param loadBefore  1-minute load average when the run started
     * @param loadAfter   1-minute load average when it ended
     */
    record Machine(int cpus, String os, String jvm, long memoryMiB, double loadBefore, double loadAfter) {}

    /**
     * @param records             records in token-usage
     * @param partitions          partitions of token-usage
     * @param seed                the generator's seed
     * @param valid               first-seen valid events among them
     * @param duplicates          resends
     * @param invalid             invalid records
     * @param weeks               ISO weeks the events span
     * @param overrides           app configuration given with --set
     * @param pipelineJvmOptions  options of the pipeline JVM
     */
    record Setup(
            long records,
            int partitions,
            long seed,
            long valid,
            long duplicates,
            long invalid,
            int weeks,
            Map<String, String> overrides,
            List<String> pipelineJvmOptions) {}

    /**
     * @param step               what was measured
     * @param records            records handled
     * @param seconds            time taken
     * @param recordsPerSecond   records / seconds
     * @param cpuMicrosPerRecord CPU time per record, which depends little on what else runs on the machine
     * @param cpuCounted         whose CPU time that is
     */
    record Step(
            String step,
            long records,
            double seconds,
            double recordsPerSecond,
            double cpuMicrosPerRecord,
            String cpuCounted) {}

    /**
     * @param streamThreads                 num.stream.threads
     * @param records                       records in token-usage
     * @param secondsToSharesOut            start → last share update visible
     * @param secondsToAllRead              start → every record read
     * @param startupSeconds                start → RUNNING
     * @param recordsPerSecond              records / secondsToSharesOut: the headline figure
     * @param recordsPerSecondWhileRunning  records / (RUNNING → last share update visible)
     * @param ratioToRawConsumer            recordsPerSecond / the raw consumer's, when it ran
     * @param ratioToPlainLoop              recordsPerSecond / the plain loop's, when it ran
     * @param accountingMatches             read, counted, duplicates and dead letters equal the fill's truth
     * @param coresBusy                     average CPU cores the pipeline JVM used
     * @param pipelineCpuMicrosPerRecord    CPU time of the pipeline JVM per record, start-up included
     * @param brokerCpuMicrosPerRecord      CPU time of the benchmark JVM (the broker) per record during the run
     * @param cpuBoundRecordsPerSecond      the rate if pipeline and broker had every core of the machine to
     *                                      themselves: cores / (pipeline + broker CPU per record); on a shared
     *                                      machine a steadier figure than the measured rate
     * @param gcSeconds                     time in garbage collection
     * @param peakRssMiB                    peak resident set size of the pipeline JVM
     * @param heapUsedAfterGcMiB            heap in use after a full collection at the end of the run
     * @param heapCommittedMiB              heap reserved at that moment
     * @param cpuSecondsByThread            thread kind → CPU seconds of the pipeline JVM, largest first
     * @param written                       topic → what the app's producers sent to it (internal topics
     *                                      named without the application.id prefix), largest first
     * @param profile                       where the stream threads' time went, when profiled
     */
    record Pipeline(
            int streamThreads,
            long records,
            double secondsToSharesOut,
            double secondsToAllRead,
            double startupSeconds,
            double recordsPerSecond,
            double recordsPerSecondWhileRunning,
            Double ratioToRawConsumer,
            Double ratioToPlainLoop,
            boolean accountingMatches,
            double coresBusy,
            double pipelineCpuMicrosPerRecord,
            double brokerCpuMicrosPerRecord,
            double cpuBoundRecordsPerSecond,
            double gcSeconds,
            double peakRssMiB,
            double heapUsedAfterGcMiB,
            double heapCommittedMiB,
            Map<String, Double> cpuSecondsByThread,
            Map<String, PipelineReport.Written> written,
            ProfileSummary profile) {}

    /**
     * @param ratePerSecond  the rate asked for
     * @param achievedRate   the rate the producer reached
     * @param streamThreads  num.stream.threads
     * @param measuredSeconds how long latencies were measured
     * @param warmUpSeconds  unmeasured start
     * @param sent           events sent
     * @param seen           events seen in a share row
     * @param visibleMs      send → share row visible to a read_committed consumer
     * @param computedMs     send → share row computed
     * @param emitInterval   tokenshare.share.emit-interval in effect
     * @param commitInterval commit.interval.ms in effect
     * @param coresBusy      average CPU cores the pipeline JVM used, start to stop
     * @param peakRssMiB     peak resident set size of the pipeline JVM
     * @param cpuSecondsByThread thread kind → CPU seconds of the pipeline JVM, largest first
     * @param profile        where the stream threads' time went, when profiled
     */
    record Paced(
            long ratePerSecond,
            double achievedRate,
            int streamThreads,
            long measuredSeconds,
            long warmUpSeconds,
            long sent,
            long seen,
            LatencyStats visibleMs,
            LatencyStats computedMs,
            String emitInterval,
            String commitInterval,
            double coresBusy,
            double peakRssMiB,
            Map<String, Double> cpuSecondsByThread,
            ProfileSummary profile) {}
}
