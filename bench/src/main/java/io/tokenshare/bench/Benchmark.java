package io.tokenshare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenshare.config.Durations;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenshare bench}: measures the pipeline against its limits in one run on one machine. Starts
 * an embedded broker, fills token-usage with synthetic request-level events, then reads them with a raw
 * consumer (the I/O limit), with a consumer that also decodes them (the decoding cost), with a plain
 * loop over the decoded events (the compute limit) and with the full topology under exactly-once in its
 * own JVM, with 1 and 2 stream threads; then measures latency under a paced load. Prints one table and,
 * with {@code --json}, writes the figures for comparison.
 */
@Command(
        name = "tokenshare-bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Throughput, latency and memory of the tokenshare pipeline against a raw consumer and a plain loop.")
public final class Benchmark implements Callable<Integer> {

    private static final String PRODUCER_AND_BROKER = "the benchmark JVM: generator, producer and broker";
    private static final String CONSUMER_AND_BROKER = "the benchmark JVM: consumer and broker";

    /** Steps that --skip can leave out. */
    enum Step {
        RAW,
        DECODE,
        LOOP,
        PIPELINE,
        PACED
    }

    @Option(
            names = "--events",
            defaultValue = "5000000",
            description = "Records to fill token-usage with (default ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions of token-usage (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--threads",
            split = ",",
            defaultValue = "1,2",
            description = "Stream-thread counts of the throughput runs (default ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;

    @Option(
            names = "--paced-rate",
            defaultValue = "20000",
            description = "Events per second of the paced run (default ${DEFAULT-VALUE}).")
    long pacedRate;

    @Option(
            names = "--paced-seconds",
            defaultValue = "30",
            description = "Measured seconds of the paced run (default ${DEFAULT-VALUE}).")
    long pacedSeconds;

    @Option(
            names = "--paced-warmup-seconds",
            defaultValue = "5",
            description = "Unmeasured seconds before them (default ${DEFAULT-VALUE}).")
    long pacedWarmUpSeconds;

    @Option(
            names = "--paced-threads",
            defaultValue = "2",
            description = "Stream threads of the paced run (default ${DEFAULT-VALUE}).")
    int pacedThreads;

    @Option(names = "--skip", split = ",", description = "Steps to leave out: ${COMPLETION-CANDIDATES}.")
    Set<Step> skip = EnumSet.noneOf(Step.class);

    @Option(
            names = "--set",
            description = "App configuration over the defaults, e.g. --set commit.interval.ms=50"
                    + " --set tokenshare.share.emit-interval=200ms (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--app-heap",
            defaultValue = "384m",
            description = "Maximum heap of the pipeline JVM (default ${DEFAULT-VALUE}; its live heap is under 50 MiB).")
    String appHeap;

    @Option(names = "--app-jvm-option", description = "Further option of the pipeline JVM (repeatable).")
    List<String> appJvmOptions = new ArrayList<>();

    @Option(names = "--no-profile", description = "Do not record a JFR profile of the throughput runs.")
    boolean noProfile;

    @Option(
            names = "--seed",
            defaultValue = "20260209",
            description = "Seed of the synthetic events (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--work-dir",
            description = "Where logs, specs and JFR recordings go (default: a new directory under java.io.tmpdir).")
    Path workDir;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Benchmark()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HistoricalFill.Plan plan = HistoricalFill.Plan.standard(events, seed);
        requireCalendarInThePast(plan);
        if (threads.stream().anyMatch(t -> t < 1) || pacedThreads < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "stream-thread counts must be at least 1, got " + threads + " and --paced-threads " + pacedThreads);
        }
        Path work = Files.createDirectories(workDir != null ? workDir : Files.createTempDirectory("tokenshare-bench-"));
        String ranAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        double loadBefore = loadAverage();
        System.err.printf(
                "tokenshare bench: work directory %s, load average %.2f on %d CPUs%n", work, loadBefore, cpus());
        BenchResult result;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // Killed, the benchmark still stops the broker and deletes its temporary log directory.
            Thread stopBroker = new Thread(kafka::close, "stop-embedded-broker");
            Runtime.getRuntime().addShutdownHook(stopBroker);
            result = measure(kafka, plan, work, ranAt, loadBefore);
            Runtime.getRuntime().removeShutdownHook(stopBroker);
        }
        System.out.print(ResultTable.render(result));
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
            System.out.println("\nJSON written to " + json);
        }
        return 0;
    }

    private BenchResult measure(
            EmbeddedKafka kafka, HistoricalFill.Plan plan, Path work, String ranAt, double loadBefore)
            throws IOException, InterruptedException {
        List<String> prefixes = ThroughputRun.topicPrefixes();
        List<Topics> topics = prefixes.stream().map(Topics::new).toList();
        Map<String, Integer> schemaIds = BenchRegistry.registerBoundarySchemas(topics);
        for (Topics t : topics) {
            BenchTopics.create(kafka, t, partitions);
        }
        for (Topics t : topics) {
            Fill.origins(kafka.bootstrapServers(), t);
        }
        RunContext context = new RunContext(
                kafka.bootstrapServers(),
                work,
                prefixes,
                schemaIds,
                Map.copyOf(overrides),
                pipelineJvmOptions(),
                !noProfile);
        String usageTopic = topics.get(0).tokenUsage();
        List<BenchResult.Step> steps = new ArrayList<>();
        List<BenchResult.Pipeline> pipelines = new ArrayList<>();
        FillTally truth = null;
        Double rawRate = null;
        Double loopRate = null;
        if (!skip.containsAll(EnumSet.of(Step.RAW, Step.DECODE, Step.LOOP, Step.PIPELINE))) {
            progress("filling " + usageTopic + " with " + plan.records() + " records");
            long cpu = ProcessStats.cpuNanos();
            Fill.Result fill = Fill.events(
                    kafka.bootstrapServers(), topics.get(0), new HistoricalFill(plan, Fill.shippedAuthors()));
            truth = fill.tally();
            steps.add(step(
                    "fill (producer, acks=all)",
                    fill.report().published(),
                    fill.report().elapsed().toNanos(),
                    ProcessStats.cpuNanos() - cpu,
                    PRODUCER_AND_BROKER));
        }
        if (!skip.contains(Step.RAW)) {
            progress("raw consumer");
            long cpu = ProcessStats.cpuNanos();
            ConsumerRuns.Reading raw = ConsumerRuns.bytesOnly(kafka.bootstrapServers(), usageTopic, truth.records());
            steps.add(step(
                    "raw consumer (bytes only)",
                    raw.records(),
                    raw.nanos(),
                    ProcessStats.cpuNanos() - cpu,
                    CONSUMER_AND_BROKER));
            rawRate = raw.recordsPerSecond();
        }
        if (!skip.contains(Step.DECODE)) {
            progress("consumer + Avro decode");
            long cpu = ProcessStats.cpuNanos();
            ConsumerRuns.Reading decoded = ConsumerRuns.decoded(kafka.bootstrapServers(), usageTopic, truth.records());
            steps.add(step(
                    "consumer + Avro decode",
                    decoded.records(),
                    decoded.nanos(),
                    ProcessStats.cpuNanos() - cpu,
                    CONSUMER_AND_BROKER));
        }
        if (!skip.contains(Step.LOOP)) {
            progress("plain Java loop");
            PlainLoopRun.Result loop =
                    PlainLoopRun.run(kafka.bootstrapServers(), usageTopic, truth.records(), context.settings());
            requireLoopMatches(loop.aggregation(), truth);
            steps.add(step(
                    "plain Java loop (compute limit)",
                    loop.events(),
                    loop.loopNanos(),
                    loop.loopCpuNanos(),
                    "the loop's thread"));
            loopRate = loop.eventsPerSecond();
        }
        if (!skip.contains(Step.PIPELINE)) {
            for (int t : threads) {
                progress("pipeline with " + t + " stream thread(s)");
                pipelines.add(pipelineFigure(ThroughputRun.run(context, t, truth), truth, rawRate, loopRate));
            }
        }
        BenchResult.Paced paced = null;
        if (!skip.contains(Step.PACED)) {
            progress("paced run at " + pacedRate + " events/s");
            paced = pacedFigure(
                    PacedRun.run(
                            context,
                            new PacedRun.Load(
                                    pacedRate,
                                    Duration.ofSeconds(pacedSeconds),
                                    Duration.ofSeconds(pacedWarmUpSeconds),
                                    seed,
                                    pacedThreads)),
                    context);
        }
        BenchResult.Machine machine = new BenchResult.Machine(
                cpus(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "Java " + Runtime.version(),
                physicalMemoryMiB(),
                loadBefore,
                loadAverage());
        BenchResult.Setup setup = new BenchResult.Setup(
                plan.records(),
                partitions,
                seed,
                truth == null ? 0 : truth.valid(),
                truth == null ? 0 : truth.duplicates(),
                truth == null ? 0 : truth.invalid(),
                plan.weeks(),
                Map.copyOf(overrides),
                context.jvmOptions());
        return new BenchResult(ranAt, machine, setup, steps, pipelines, paced);
    }

    private List<String> pipelineJvmOptions() {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + appHeap);
        if (!noProfile) {
            // Kafka Streams' stacks are deep: the default depth of 64 would cut off the processors.
            options.add("-XX:FlightRecorderOptions:stackdepth=256");
        }
        options.addAll(appJvmOptions);
        return options;
    }

    private static BenchResult.Pipeline pipelineFigure(
            ThroughputRun.Result run, FillTally truth, Double rawRate, Double loopRate) {
        PipelineReport r = run.report();
        double rate = run.recordsPerSecond();
        return new BenchResult.Pipeline(
                run.threads(),
                run.records(),
                run.secondsToSharesOut(),
                run.secondsToAllRead(),
                run.startupSeconds(),
                rate,
                run.recordsPerSecondWhileRunning(),
                rawRate == null ? null : rate / rawRate,
                loopRate == null ? null : rate / loopRate,
                ThroughputRun.accountingMatches(r, truth),
                run.coresBusy(),
                run.pipelineCpuMicrosPerRecord(),
                run.brokerCpuMicrosPerRecord(),
                cpus() * 1e6 / (run.pipelineCpuMicrosPerRecord() + run.brokerCpuMicrosPerRecord()),
                r.gcMillis() / 1000.0,
                mib(r.peakRssBytes()),
                mib(r.heapUsedAfterGcBytes()),
                mib(r.heapCommittedBytes()),
                r.cpuSecondsByThread(),
                r.written(),
                run.profile());
    }

    private BenchResult.Paced pacedFigure(PacedRun.Result run, RunContext context) {
        PacedRun.Load load = run.load();
        return new BenchResult.Paced(
                load.ratePerSecond(),
                run.achievedRate(),
                load.streamThreads(),
                load.measured().toSeconds(),
                load.warmUp().toSeconds(),
                run.sent(),
                run.seen(),
                run.visible(),
                run.computed(),
                Durations.format(context.settings().emitInterval()),
                overrides.getOrDefault(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100 (exactly-once default)"),
                run.report().cpuNanos()
                        / 1e6
                        / Math.max(1, run.report().stoppedAtMs() - run.report().startedAtMs()),
                mib(run.report().peakRssBytes()),
                run.report().cpuSecondsByThread(),
                run.profile());
    }

    private static void requireLoopMatches(InMemoryWeeklyAggregation loop, FillTally truth) {
        Map<LocalDate, Long> expected = new LinkedHashMap<>(truth.tokensByWeek());
        expected.values().removeIf(tokens -> tokens == 0);
        if (!loop.tokensByWeek().equals(expected)
                || loop.counted() != truth.valid()
                || loop.duplicates() != truth.duplicates()
                || loop.invalid() != truth.invalid()
                || loop.late() != 0) {
            throw new IllegalStateException(
                    "the plain loop disagrees with the fill's ground truth (counted " + loop.counted()
                            + " of " + truth.valid() + ", duplicates " + loop.duplicates() + " of " + truth.duplicates()
                            + ", invalid "
                            + loop.invalid() + " of " + truth.invalid() + ", late " + loop.late()
                            + "): the benchmark itself is wrong");
        }
    }

    private static void requireCalendarInThePast(HistoricalFill.Plan plan) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (plan.endMonday().isAfter(today)) {
            throw new IllegalStateException("the synthetic calendar runs to " + plan.endMonday() + ", after today ("
                    + today + "): the app would dead-letter events from the future. Check the machine's clock.");
        }
    }

    private static BenchResult.Step step(String name, long records, long nanos, long cpuNanos, String cpuCounted) {
        double seconds = nanos / 1e9;
        return new BenchResult.Step(name, records, seconds, records / seconds, cpuNanos / 1e3 / records, cpuCounted);
    }

    private static void progress(String what) {
        System.err.printf(
                "[%s] %s, load average %.2f%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), what, loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long physicalMemoryMiB() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize()
                >> 20;
    }

    private static double mib(long bytes) {
        return bytes < 0 ? -1 : bytes / (1024.0 * 1024.0);
    }
}
