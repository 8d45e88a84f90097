package io.tokenshare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.ConfluentAvroSerde;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.utils.Utils;

/**
 * Latency under a steady load: the app runs (in its own JVM, on topics of its own) while a producer
 * sends live events at a fixed rate; each event's latency runs from its send to the share row that
 * includes it. Events of the warm-up are sent but not measured.
 */
final class PacedRun {

    /** The paced run's topics are apart from the filled ones, so that it starts from nothing. */
    static final String TOPIC_PREFIX = "paced.";

    private static final String NAME = "paced";
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(1);
    private static final long DRAIN_POLL_NANOS = Duration.ofMillis(20).toNanos();

    private PacedRun() {}

    /**
     * What to send.
     *
     * @param ratePerSecond events per second
     * @param measured      how long the measured part lasts
     * @param warmUp        how long the unmeasured start lasts
     * @param seed          decides every random choice
     * @param streamThreads stream threads of the app
     */
    record Load(long ratePerSecond, Duration measured, Duration warmUp, long seed, int streamThreads) {

        Load {
            if (ratePerSecond < 1 || measured.isNegative() || measured.isZero() || warmUp.isNegative()) {
                throw new IllegalArgumentException(
                        "the paced run needs a rate of at least 1 event/s and a measured time"
                                + " above 0 s (--paced-rate, --paced-seconds, --paced-warmup-seconds), got "
                                + ratePerSecond
                                + "/s for " + measured.toSeconds() + " s after " + warmUp.toSeconds() + " s");
            }
        }

        long events() {
            return ratePerSecond * (measured.toSeconds() + warmUp.toSeconds());
        }
    }

    /**
     * What the run measured.
     *
     * @param load           what was sent
     * @param sent           events sent
     * @param seen           events seen in a share row before the drain timeout
     * @param achievedRate   events per second the producer actually reached
     * @param visible        send → share row visible to a read_committed consumer, measured events only; events
     *                       never seen count with the time they had waited when the run ended (a lower bound)
     * @param computed       send → share row computed (its record timestamp), the same way
     * @param report         the pipeline JVM's own figures
     * @param profile        where the stream threads' time went, when profiled
     */
    record Result(
            Load load,
            long sent,
            long seen,
            double achievedRate,
            LatencyStats visible,
            LatencyStats computed,
            PipelineReport report,
            ProfileSummary profile) {}

    static Result run(RunContext context, Load load) throws IOException, InterruptedException {
        Topics topics = new Topics(TOPIC_PREFIX);
        Path jfr = context.profile() ? context.workDir().resolve(NAME + ".jfr") : null;
        PipelineSpec spec = new PipelineSpec(
                context.appConfig(NAME, load.streamThreads(), TOPIC_PREFIX),
                0,
                context.topicPrefixes(),
                context.schemaIds(),
                jfr == null ? null : jfr.toString());
        try (PipelineJvm jvm = PipelineJvm.start(spec, context.workDir(), NAME, context.jvmOptions())) {
            jvm.await(ChildProtocol.RUNNING, Duration.ofMinutes(3));
            LatencyTracker tracker = new LatencyTracker(
                    System.currentTimeMillis() + load.warmUp().toMillis());
            double achievedRate;
            try (ShareWatcher watcher = ShareWatcher.start(context.bootstrap(), topics.shareByModel(), tracker)) {
                achievedRate = send(context, topics, load, tracker);
                awaitSeen(tracker, watcher);
            }
            jvm.stop();
            PipelineReport report = new ObjectMapper()
                    .readValue(jvm.await(ChildProtocol.REPORT, Duration.ofMinutes(2)), PipelineReport.class);
            long[] waiting = tracker.waitingSince(System.currentTimeMillis());
            return new Result(
                    load,
                    tracker.tracked(),
                    tracker.seen(),
                    achievedRate,
                    LatencyStats.of(concat(tracker.visibleLatencies(), waiting)),
                    LatencyStats.of(concat(tracker.computedLatencies(), waiting)),
                    report,
                    jfr == null ? null : ProfileSummary.of(jfr));
        } finally {
            Utils.delete(context.stateDir(NAME).toFile());
        }
    }

    private static double send(RunContext context, Topics topics, Load load, LatencyTracker tracker) {
        LiveEvents events =
                new LiveEvents(load.events(), load.seed(), Fill.shippedAuthors(), tracker, System::currentTimeMillis);
        try (UsagePublisher publisher = new UsagePublisher(
                Fill.producerConfig(context.bootstrap()),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, BenchRegistry.serdeConfig())
                        .serializer(),
                topics,
                RateLimit.perSecond(load.ratePerSecond()))) {
            return publisher
                    .publishEvents(
                            StreamSupport.stream(
                                    Spliterators.spliteratorUnknownSize(
                                            events, Spliterator.ORDERED | Spliterator.NONNULL),
                                    false),
                            n -> {})
                    .recordsPerSecond();
        }
    }

    private static long[] concat(long[] seen, long[] waiting) {
        long[] all = Arrays.copyOf(seen, seen.length + waiting.length);
        System.arraycopy(waiting, 0, all, seen.length, waiting.length);
        return all;
    }

    /** Waits until every sent event is in a share row, or the drain timeout has passed. */
    private static void awaitSeen(LatencyTracker tracker, ShareWatcher watcher) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (tracker.seen() < tracker.tracked() && System.nanoTime() < deadline) {
            if (watcher.failure() != null) {
                throw new IllegalStateException("the share watcher failed: " + watcher.failure(), watcher.failure());
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
    }
}
