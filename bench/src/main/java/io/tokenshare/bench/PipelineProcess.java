package io.tokenshare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.app.TokenshareApp;
import io.tokenshare.config.Topics;
import io.tokenshare.ingest.IngestAccounting;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The pipeline under test, alone in its own JVM so that its memory and CPU are its own: starts
 * {@link TokenshareApp} with the spec's configuration, says on stdout when it is running and when it has
 * read every expected record, waits for the benchmark's {@code stop} on stdin, then reports its
 * accounting, CPU, heap and peak RSS. Logs go to stderr; stdout carries only the protocol lines.
 */
public final class PipelineProcess {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private PipelineProcess() {}

    /** @param args one argument: the path of the JSON {@link PipelineSpec} */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException(
                    "usage: PipelineProcess <spec.json>; the benchmark starts this, not a person");
        }
        ObjectMapper json = new ObjectMapper();
        PipelineSpec spec = json.readValue(Path.of(args[0]).toFile(), PipelineSpec.class);
        BenchRegistry.registerExpecting(
                spec.topicPrefixes().stream().map(Topics::new).toList(), spec.schemaIds());
        try {
            PipelineReport report = run(spec);
            ChildProtocol.say(ChildProtocol.REPORT, json.writeValueAsString(report));
        } catch (RuntimeException | IOException e) {
            ChildProtocol.say(ChildProtocol.FAILED, String.valueOf(e).replace('\n', ' '));
            throw e;
        }
        System.exit(0);
    }

    private static PipelineReport run(PipelineSpec spec) throws IOException, InterruptedException {
        long startedAt = System.currentTimeMillis();
        long cpuAtStart = ProcessStats.cpuNanos();
        long gcAtStart = gcMillis();
        long runningAt;
        long allReadAt = -1;
        long stoppedAt;
        long cpu;
        long gc;
        long heapUsed;
        long heapCommitted;
        long read;
        long counted;
        long duplicates;
        long deadLetters;
        Map<String, PipelineReport.Written> written;
        Map<String, Double> cpuByThread;
        try (TokenshareApp app = TokenshareApp.start(spec.appConfig());
                Recording recording = spec.jfrFile() == null ? null : startRecording()) {
            if (!app.awaitRunning(START_TIMEOUT)) {
                throw new IllegalStateException("the app did not reach RUNNING within " + START_TIMEOUT.toSeconds()
                        + " s (state " + app.streams().state() + "); see the pipeline log");
            }
            runningAt = System.currentTimeMillis();
            ChildProtocol.say(ChildProtocol.RUNNING, Long.toString(runningAt));
            if (spec.expectedRecords() > 0) {
                allReadAt = awaitAllRead(app, spec.expectedRecords());
                ChildProtocol.say(ChildProtocol.ALL_READ, Long.toString(allReadAt));
            }
            awaitStop();
            stoppedAt = System.currentTimeMillis();
            cpu = ProcessStats.cpuNanos() - cpuAtStart;
            cpuByThread =
                    ThreadCpu.secondsByKind(app.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
            gc = gcMillis() - gcAtStart;
            if (recording != null) {
                recording.stop();
                recording.dump(Path.of(spec.jfrFile()));
            }
            heapUsed = ProcessStats.heapUsedAfterGc();
            heapCommitted = ProcessStats.heapCommitted();
            // Before close: a closing task withdraws its partition's counts from this instance's accounting.
            IngestAccounting accounting = app.accounting();
            read = accounting.read();
            counted = accounting.counted();
            duplicates = accounting.duplicates();
            deadLetters = accounting.deadLetters();
            written = TopicWrites.of(
                    app.streams().metrics(),
                    app.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-");
        }
        // After close, so that the peak includes shutting the stores down.
        return new PipelineReport(
                startedAt,
                runningAt,
                allReadAt,
                stoppedAt,
                read,
                counted,
                duplicates,
                deadLetters,
                cpu,
                gc,
                heapUsed,
                heapCommitted,
                ProcessStats.peakRssBytes().orElse(-1),
                written,
                cpuByThread);
    }

    private static Recording startRecording() {
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
        recording.enable("jdk.NativeMethodSample").withPeriod(SAMPLE_PERIOD);
        recording.start();
        return recording;
    }

    private static long awaitAllRead(TokenshareApp app, long expected) {
        long nextProgressAt = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (app.accounting().read() < expected) {
            if (System.nanoTime() >= nextProgressAt) {
                ChildProtocol.say(
                        ChildProtocol.PROGRESS, Long.toString(app.accounting().read()));
                nextProgressAt += PROGRESS_EVERY.toNanos();
            }
            KafkaStreams.State state = app.streams().state();
            if (state == KafkaStreams.State.ERROR
                    || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the app stopped in state " + state + " after reading "
                        + app.accounting().read() + " of " + expected + " records; see the pipeline log");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return System.currentTimeMillis();
    }

    private static void awaitStop() throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.trim().equals(ChildProtocol.STOP)) {
                return;
            }
        }
        throw new IllegalStateException("the benchmark went away without saying " + ChildProtocol.STOP);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }
}
