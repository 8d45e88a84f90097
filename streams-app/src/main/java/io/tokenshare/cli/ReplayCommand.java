package io.tokenshare.cli;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.LayeredConfig;
import io.tokenshare.replay.RankingsCsvReader;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.RequestSizedSplit;
import io.tokenshare.replay.ShippedData;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.ConfluentAvroSerde;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenshare replay}: publishes a rankings CSV or a JSON Lines events file to token-usage. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes usage to the token-usage topic: a rankings CSV (date,model_permaslug,total_tokens), "
                    + "the shipped OpenRouter rankings, or a JSON Lines events file. Invalid lines of an events file go to "
                    + "token-usage-dlq and are listed with their line numbers."
        })
final class ReplayCommand implements Callable<Integer> {

    /** Exactly one source. */
    static final class Source {
        @Option(
                names = "--rankings",
                paramLabel = "FILE.csv",
                required = true,
                description = "A rankings-daily CSV: one roll-up event per row (or request-sized events with --split).")
        Path rankings;

        @Option(
                names = "--events",
                paramLabel = "FILE.jsonl",
                required = true,
                description = "A JSON Lines file, one TokenUsageEvent per line with the Avro field names.")
        Path events;

        @Option(
                names = "--shipped",
                required = true,
                description = "The OpenRouter rankings shipped with tokenshare (645 days, CC BY 4.0).")
        boolean shipped;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "0",
            description = "At most N events per second; 0 (default) for as fast as Kafka takes them.")
    long rate;

    @Option(
            names = "--split",
            description = "Publish each rankings row as request-sized events whose tokens add up exactly to the row.")
    boolean split;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Seed of --split's draws: the same seed gives the same events and ids (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--close-weeks",
            description =
                    "After the replay, send a watermark marker to every token-usage partition so that every replayed "
                            + "week turns final. Events older than the last replayed week's grace are late afterwards.")
    boolean closeWeeks;

    @Option(
            names = "--from-line",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Skip the first N-1 data lines (rankings: rows after the header; events: lines) and start at line N: "
                            + "the line a stopped replay printed. Events sent twice are counted once (default ${DEFAULT-VALUE}).")
    long fromLine;

    @Option(
            names = "--outage-patience",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description =
                    "How long to wait out an unreachable broker, printing progress, before stopping (default ${DEFAULT-VALUE}).")
    Duration outagePatience;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    ReplayCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        checkOptions();
        LayeredConfig config = cluster.resolve(context);
        Map<String, Object> settings = config.asMap();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ClusterAdmin admin = new ClusterAdmin(config)) {
            admin.requireReachable();
        }
        Replay.Outcome outcome;
        try (UsagePublisher publisher = new UsagePublisher(
                ClientConfigs.producer(settings),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, ClientConfigs.serde(settings))
                        .serializer(),
                config.settings().topics(),
                RateLimit.perSecond(rate),
                outagePatience,
                notice -> {
                    err.println(notice);
                    err.flush();
                })) {
            outcome = replay(new Replay(publisher, fromLine));
        }
        out.printf(
                "Published %,d events to %s in %.1f s (%,.0f records/s)%s%n",
                outcome.report().published(),
                config.settings().topics().tokenUsage(),
                outcome.report().elapsed().toMillis() / 1000.0,
                outcome.report().recordsPerSecond(),
                fromLine > 1 ? ", from line " + fromLine : "");
        Replay.reportInvalidLines(
                outcome.invalidLines(), config.settings().topics().tokenUsageDlq(), out);
        Replay.reportRefusedEvents(
                outcome.refusedEvents(),
                sourceName(),
                config.settings().topics().tokenUsageDlq(),
                out);
        if (closeWeeks) {
            outcome.lastEventTime()
                    .ifPresentOrElse(
                            last -> closeWeeks(settings, config, last, out),
                            () -> out.println("No event had a usable occurred_at: no watermark sent"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Replay.Outcome replay(Replay replay) {
        if (source.events != null) {
            return replay.events(source.events);
        }
        Optional<RequestSizedSplit> requestSized =
                split ? Optional.of(RequestSizedSplit.withDefaults(seed)) : Optional.empty();
        if (source.shipped) {
            return replay.rankings(
                    ShippedData.rankings(),
                    Replay.countLines(ShippedData.open(ShippedData.RANKINGS)) - 1,
                    ShippedData.rankingsName(),
                    requestSized);
        }
        return replay.rankings(
                RankingsCsvReader.rows(source.rankings),
                Replay.countLines(source.rankings) - 1,
                source.rankings.getFileName().toString(),
                requestSized);
    }

    private static void closeWeeks(
            Map<String, Object> settings, LayeredConfig config, Instant lastEvent, PrintWriter out) {
        Instant at = WatermarkMarkers.closingTimeOf(lastEvent, config.settings().grace());
        int partitions = WatermarkMarkers.send(
                ClientConfigs.producer(settings),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, ClientConfigs.serde(settings))
                        .serializer(),
                config.settings().topics().tokenUsage(),
                at);
        out.printf(
                "Sent a watermark at %s to %d partitions of %s%n",
                at, partitions, config.settings().topics().tokenUsage());
    }

    private String sourceName() {
        if (source.events != null) {
            return source.events.getFileName().toString();
        }
        return source.shipped
                ? ShippedData.rankingsName()
                : source.rankings.getFileName().toString();
    }

    private void checkOptions() {
        if (fromLine < 1) {
            throw new UsageError("--from-line " + fromLine + " is not a line number: lines count from 1");
        }
        // delivery.timeout.ms must cover linger.ms plus request.timeout.ms (30 s).
        if (outagePatience.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new UsageError("--outage-patience " + outagePatience.toSeconds() + "s is too short: use 1m or more");
        }
        if (rate < 0) {
            throw new UsageError(
                    "--rate " + rate + " is not a rate: give events per second, at least 1, or 0 for no limit");
        }
        if (split && source.events != null) {
            throw new UsageError(
                    "--split splits rankings rows; it does not apply to --events, whose lines are events already");
        }
        if (source.events != null) {
            Replay.requireReadable(source.events, "events file (JSON Lines)");
        }
        if (source.rankings != null) {
            Replay.requireReadable(source.rankings, "rankings file (CSV)");
        }
    }
}
