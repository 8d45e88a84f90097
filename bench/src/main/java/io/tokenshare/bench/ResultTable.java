package io.tokenshare.bench;

import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchResult} as the one table the benchmark prints, with the profile under it. */
final class ResultTable {

    private static final String ROW = "%-34s %12s %9s %12s %8s %8s %10s%n";
    private static final int TOP_FRAMES = 8;
    private static final int TOP_TOPICS = 8;

    private ResultTable() {}

    static String render(BenchResult result) {
        StringBuilder out = new StringBuilder();
        BenchResult.Machine m = result.machine();
        BenchResult.Setup s = result.setup();
        out.append(String.format(
                Locale.ROOT,
                "tokenshare bench, %s, %d CPUs, %d MiB, %s, %s; load average %.2f -> %.2f%n",
                result.ranAt(),
                m.cpus(),
                m.memoryMiB(),
                m.os(),
                m.jvm(),
                m.loadBefore(),
                m.loadAfter()));
        out.append(String.format(
                Locale.ROOT,
                "%,d records on %d partitions (%,d valid, %,d resent, %,d invalid; %d weeks),"
                        + " seed %d, app overrides %s, pipeline JVM %s%n%n",
                s.records(),
                s.partitions(),
                s.valid(),
                s.duplicates(),
                s.invalid(),
                s.weeks(),
                s.seed(),
                s.overrides(),
                s.pipelineJvmOptions()));
        out.append(String.format(
                Locale.ROOT, ROW, "step", "records", "seconds", "records/s", "/ raw", "/ loop", "CPU us/rec"));
        for (BenchResult.Step step : result.steps()) {
            out.append(String.format(
                    Locale.ROOT,
                    ROW,
                    step.step(),
                    count(step.records()),
                    seconds(step.seconds()),
                    count(Math.round(step.recordsPerSecond())),
                    "",
                    "",
                    micros(step.cpuMicrosPerRecord())));
        }
        for (BenchResult.Pipeline p : result.pipelines()) {
            out.append(String.format(
                    Locale.ROOT,
                    ROW,
                    "pipeline EOS, " + p.streamThreads() + " thread" + (p.streamThreads() == 1 ? "" : "s"),
                    count(p.records()),
                    seconds(p.secondsToSharesOut()),
                    count(Math.round(p.recordsPerSecond())),
                    ratio(p.ratioToRawConsumer()),
                    ratio(p.ratioToPlainLoop()),
                    micros(p.pipelineCpuMicrosPerRecord() + p.brokerCpuMicrosPerRecord())));
        }
        out.append(
                "CPU us/rec: the fill and the consumers count the benchmark JVM (broker included), the loop its own thread,"
                        + " the pipeline its JVM plus the broker's share\n");
        for (BenchResult.Pipeline p : result.pipelines()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %d thread(s): start-up %.1f s, all read at %.1f s, %,d records/s while RUNNING;"
                            + " CPU %.1f us/record in the app + %.1f us/record in the broker (%.2f cores busy in the app),"
                            + " CPU-bound estimate %,d records/s%n"
                            + "    GC %.1f s, peak RSS %.0f MiB, heap after run %.0f MiB (committed %.0f MiB), accounting %s%n",
                    p.streamThreads(),
                    p.startupSeconds(),
                    p.secondsToAllRead(),
                    Math.round(p.recordsPerSecondWhileRunning()),
                    p.pipelineCpuMicrosPerRecord(),
                    p.brokerCpuMicrosPerRecord(),
                    p.coresBusy(),
                    Math.round(p.cpuBoundRecordsPerSecond()),
                    p.gcSeconds(),
                    p.peakRssMiB(),
                    p.heapUsedAfterGcMiB(),
                    p.heapCommittedMiB(),
                    p.accountingMatches() ? "matches the fill" : "DIFFERS from the fill"));
            appendWrites(out, p);
        }
        if (result.paced() != null) {
            appendPaced(out, result.paced());
        }
        for (BenchResult.Pipeline p : result.pipelines()) {
            if (p.profile() != null) {
                appendProfile(out, p.streamThreads() + " stream thread(s)", p.profile());
            }
        }
        if (result.paced() != null && result.paced().profile() != null) {
            appendProfile(out, "paced run", result.paced().profile());
        }
        return out.toString();
    }

    private static void appendWrites(StringBuilder out, BenchResult.Pipeline p) {
        out.append("    CPU by thread kind:");
        p.cpuSecondsByThread()
                .forEach((kind, seconds) -> out.append(String.format(Locale.ROOT, " %s %.1f s;", kind, seconds)));
        out.append(System.lineSeparator());
        out.append("    written per input record:");
        p.written().entrySet().stream()
                .limit(TOP_TOPICS)
                .forEach(e -> out.append(String.format(
                        Locale.ROOT,
                        " %s %.3f rec %,.0f B;",
                        e.getKey(),
                        (double) e.getValue().records() / p.records(),
                        (double) e.getValue().bytes() / p.records())));
        out.append(System.lineSeparator());
    }

    private static void appendPaced(StringBuilder out, BenchResult.Paced p) {
        out.append(String.format(
                Locale.ROOT,
                "%npaced %,d events/s (reached %,.0f) for %d s after %d s warm-up, %d stream thread(s),"
                        + " emit-interval %s, commit.interval.ms %s: %,d of %,d events seen%n",
                p.ratePerSecond(),
                p.achievedRate(),
                p.measuredSeconds(),
                p.warmUpSeconds(),
                p.streamThreads(),
                p.emitInterval(),
                p.commitInterval(),
                p.seen(),
                p.sent()));
        out.append(latency("  send -> share row visible ", p.visibleMs()));
        out.append(latency("  send -> share row computed", p.computedMs()));
        out.append(String.format(
                Locale.ROOT, "  %.2f cores busy in the app, peak RSS %.0f MiB%n", p.coresBusy(), p.peakRssMiB()));
        out.append("  CPU by thread kind:");
        p.cpuSecondsByThread()
                .forEach((kind, seconds) -> out.append(String.format(Locale.ROOT, " %s %.1f s;", kind, seconds)));
        out.append(System.lineSeparator());
    }

    private static String latency(String label, LatencyStats l) {
        return String.format(
                Locale.ROOT,
                "%s: p50 %,d ms, p90 %,d ms, p99 %,d ms, max %,d ms (%,d events)%n",
                label,
                l.p50(),
                l.p90(),
                l.p99(),
                l.max(),
                l.count());
    }

    private static void appendProfile(StringBuilder out, String run, ProfileSummary profile) {
        out.append(String.format(
                Locale.ROOT,
                "%nprofile, %s: %,d stream-thread samples, %.0f %% in native code; samples by thread kind %s%n",
                run,
                profile.streamThreadSamples(),
                100 * profile.nativeShare(),
                profile.samplesByThreadKind()));
        out.append("  by area (inclusive):\n");
        profile.areas()
                .forEach((area, share) ->
                        out.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", 100 * share, area)));
        out.append("  top methods (self):\n");
        appendTop(out, profile.topSelfMethods());
        out.append("  top packages (self):\n");
        appendTop(out, profile.topSelfPackages());
    }

    private static void appendTop(StringBuilder out, Map<String, Double> shares) {
        shares.entrySet().stream()
                .limit(TOP_FRAMES)
                .forEach(e ->
                        out.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", 100 * e.getValue(), e.getKey())));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    private static String micros(double us) {
        return String.format(Locale.ROOT, "%.2f", us);
    }

    private static String ratio(Double r) {
        return r == null ? "" : String.format(Locale.ROOT, "%.3f", r);
    }
}
