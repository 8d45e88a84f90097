package io.tokenshare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.config.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * One timed run of the full topology over the filled token-usage topic, in its own JVM: from
 * {@code TokenshareApp.start} until every record has been read and the last share update is out, i.e.
 * every week's share rows carry the week's true total.
 */
final class ThroughputRun {

    private static final Duration SHARES_AFTER_ALL_READ = Duration.ofMinutes(3);
    private static final Duration REPORT_TIMEOUT = Duration.ofMinutes(2);
    // Generous: a stalled run fails the benchmark rather than waiting for ever.
    private static final double SLOWEST_CREDIBLE_RATE = 2_000;

    private ThroughputRun() {}

    /**
     * What one run measured.
     *
     * @param threads       stream threads
     * @param records       records in token-usage
     * @param report        the pipeline JVM's own figures
     * @param sharesOutAtMs when the last week's share rows with the right total became visible
     * @param brokerCpuNanos CPU time of this JVM (the embedded broker, mostly) from start until the shares were out
     * @param profile       the JFR profile of the run, or null without profiling
     */
    record Result(
            int threads,
            long records,
            PipelineReport report,
            long sharesOutAtMs,
            long brokerCpuNanos,
            ProfileSummary profile) {

        double secondsToSharesOut() {
            return (sharesOutAtMs - report.startedAtMs()) / 1000.0;
        }

        double secondsToAllRead() {
            return (report.allReadAtMs() - report.startedAtMs()) / 1000.0;
        }

        double startupSeconds() {
            return (report.runningAtMs() - report.startedAtMs()) / 1000.0;
        }

        /** Records per second from start until the last share update was out: the headline figure. */
        double recordsPerSecond() {
            return records / secondsToSharesOut();
        }

        /** Records per second once the app was RUNNING, start-up left out. */
        double recordsPerSecondWhileRunning() {
            return records * 1000.0 / (sharesOutAtMs - report.runningAtMs());
        }

        /** Average cores busy from start to stop. */
        double coresBusy() {
            return report.cpuNanos() / 1e6 / Math.max(1, report.stoppedAtMs() - report.startedAtMs());
        }

        /**
         * CPU microseconds the pipeline JVM spent per record, start-up included. Unlike the rate, it
         * hardly depends on what else runs on the machine.
         */
        double pipelineCpuMicrosPerRecord() {
            return report.cpuNanos() / 1e3 / records;
        }

        /** CPU microseconds the benchmark JVM, i.e. the broker serving the pipeline, spent per record. */
        double brokerCpuMicrosPerRecord() {
            return brokerCpuNanos / 1e3 / records;
        }
    }

    static Result run(RunContext context, int threads, FillTally truth) throws IOException, InterruptedException {
        String name = "pipeline-" + threads + "t";
        Topics topics = new Topics("");
        Path jfr = context.profile() ? context.workDir().resolve(name + ".jfr") : null;
        PipelineSpec spec = new PipelineSpec(
                context.appConfig(name, threads, ""),
                truth.records(),
                context.topicPrefixes(),
                context.schemaIds(),
                jfr == null ? null : jfr.toString());
        WeekTotalsCheck totals = new WeekTotalsCheck(truth.tokensByWeek());
        Duration allReadTimeout = Duration.ofSeconds((long) (truth.records() / SLOWEST_CREDIBLE_RATE) + 120);
        long brokerCpuAtStart = ProcessStats.cpuNanos();
        try (ShareWatcher watcher = ShareWatcher.start(context.bootstrap(), topics.shareByOrigin(), totals);
                PipelineJvm jvm = PipelineJvm.start(spec, context.workDir(), name, context.jvmOptions())) {
            jvm.await(ChildProtocol.RUNNING, Duration.ofMinutes(3));
            jvm.await(ChildProtocol.ALL_READ, allReadTimeout);
            long sharesOutAt = totals.awaitComplete(SHARES_AFTER_ALL_READ);
            if (sharesOutAt < 0) {
                throw new IllegalStateException("every record was read, but after " + SHARES_AFTER_ALL_READ.toMinutes()
                        + " min the share rows of these weeks still differ from the fill's totals: "
                        + totals.mismatches()
                        + (watcher.failure() == null ? "" : "; the share watcher failed: " + watcher.failure())
                        + "; see " + jvm.log());
            }
            long brokerCpu = ProcessStats.cpuNanos() - brokerCpuAtStart;
            jvm.stop();
            PipelineReport report =
                    new ObjectMapper().readValue(jvm.await(ChildProtocol.REPORT, REPORT_TIMEOUT), PipelineReport.class);
            return new Result(
                    threads,
                    truth.records(),
                    report,
                    sharesOutAt,
                    brokerCpu,
                    jfr == null ? null : ProfileSummary.of(jfr));
        } finally {
            Utils.delete(context.stateDir(name).toFile());
        }
    }

    /** Whether the pipeline's accounting agrees with the fill's ground truth, record for record. */
    static boolean accountingMatches(PipelineReport report, FillTally truth) {
        return report.read() == truth.records()
                && report.counted() == truth.valid()
                && report.duplicates() == truth.duplicates()
                && report.deadLetters() == truth.invalid();
    }

    /** The topic prefixes of the runs: the throughput runs use none, the paced run its own. */
    static List<String> topicPrefixes() {
        return List.of("", PacedRun.TOPIC_PREFIX);
    }
}
