package io.tokenshare.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.app.TokenshareApp;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.cli.ClientConfigs;
import io.tokenshare.cli.PipelineWatch;
import io.tokenshare.cli.Replay;
import io.tokenshare.cli.RuntimeFailure;
import io.tokenshare.cli.WatermarkMarkers;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.export.AccountingReport;
import io.tokenshare.export.AvroJson;
import io.tokenshare.export.ClusterResults;
import io.tokenshare.export.DeadLetter;
import io.tokenshare.export.ResultFiles;
import io.tokenshare.export.ShareResults;
import io.tokenshare.export.TopicReader;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.replay.InvalidLine;
import io.tokenshare.replay.OriginTableRow;
import io.tokenshare.replay.OriginsCsvReader;
import io.tokenshare.replay.OriginsPublisher;
import io.tokenshare.replay.PublishReport;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.ShippedData;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.SchemaRegistryClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The demo's steps on a running broker and app: load the origin table, replay, wait until the
 * pipeline has counted everything, close every week with watermark markers, wait until every week is
 * final, read the results back from the topics and print them.
 */
final class DemoRun {

    /**
     * What the demo ends with.
     *
     * @param shares     the final share rows
     * @param alerts     the alerts in force
     * @param accounting what became of every input record
     */
    record Results(ShareResults shares, List<JsonNode> alerts, AccountingReport accounting) {}

    private final Map<String, Object> config;
    private final TokenshareSettings settings;
    private final PrintWriter out;
    private final CatchUp.Limits limits;

    DemoRun(Map<String, Object> config, TokenshareSettings settings, PrintWriter out, CatchUp.Limits limits) {
        this.config = config;
        this.settings = settings;
        this.out = out;
        this.limits = limits;
    }

    /** Publishes the origin table; returns how many distinct keys it has. */
    long loadOrigins(Optional<Path> file) {
        Set<String> keys = new HashSet<>();
        String name = file.map(Path::toString).orElse("the shipped " + ShippedData.ORIGINS);
        try (Stream<OriginTableRow> rows = file.map(OriginsCsvReader::rows).orElseGet(ShippedData::origins);
                OriginsPublisher publisher = new OriginsPublisher(
                        ClientConfigs.producer(config),
                        ConfluentAvroSerde.forValues(ModelOrigin.class, ClientConfigs.serde(config))
                                .serializer(),
                        settings.topics())) {
            PublishReport report = publisher.publish(rows.peek(row -> keys.add(row.key())), published -> {});
            out.printf("Loaded %,d origin rows (%,d keys) from %s%n", report.published(), keys.size(), name);
        }
        out.flush();
        return keys.size();
    }

    /** Replays, waits until every week is final, prints the share tables; returns what to export. */
    Results replayAndFinish(TokenshareApp app, long originKeys, Optional<Path> events) {
        PipelineWatch watch = new PipelineWatch(app);
        CatchUp catchUp = new CatchUp(watch, limits);
        catchUp.await("Loading origins", "keys", () -> {
            long loaded = watch.originKeys();
            return new CatchUp.Status(
                    loaded,
                    originKeys,
                    loaded >= originKeys,
                    loaded + " of " + originKeys + " origin keys in the app's origin table");
        });
        Replay.Outcome replayed = replay(events);
        long published = replayed.report().published();
        IngestAccounting accounting = app.accounting();
        catchUp.await(
                "Ingesting",
                "events",
                () -> new CatchUp.Status(
                        accounting.read(),
                        published,
                        accounting.read() >= published,
                        "the app has read " + accounting.read() + " of " + published + " published events ("
                                + accounting + ")"));
        catchUp.await("Computing shares", "weeks", () -> weekStatus(watch, false));
        replayed.lastEventTime().ifPresent(this::closeAllWeeks);
        catchUp.await("Closing weeks", "weeks", () -> weekStatus(watch, true));
        Set<LocalDate> weeks = watch.usageTokensByWeek().keySet();
        Results results = readResults(
                weeks,
                accountingReport(
                        accounting,
                        replayed.invalidLines(),
                        replayed.refusedEvents(),
                        events.map(p -> p.getFileName().toString()).orElse(ShippedData.rankingsName())));
        printTables(results.shares().byOrigin());
        printAccounting(results.accounting());
        return results;
    }

    /** Writes the result files and lists them. */
    void export(Results results, Path directory) {
        List<DeadLetter> deadLetters = DeadLetter.readAll(
                new TopicReader(ClientConfigs.consumer(config), limits.patience()),
                settings.topics().tokenUsageDlq());
        List<Path> files =
                ResultFiles.write(directory, results.shares(), results.alerts(), results.accounting(), deadLetters);
        out.printf("%nExported %d weeks to %s:%n", results.shares().weeks().size(), directory.toAbsolutePath());
        files.forEach(file -> out.println("  " + file.getFileName()));
        out.flush();
    }

    private Replay.Outcome replay(Optional<Path> events) {
        try (UsagePublisher publisher = new UsagePublisher(
                ClientConfigs.producer(config),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, ClientConfigs.serde(config))
                        .serializer(),
                settings.topics(),
                RateLimit.UNLIMITED)) {
            Replay replay = new Replay(publisher);
            Replay.Outcome outcome = events.isPresent()
                    ? replay.events(events.get())
                    : replay.rankings(
                            ShippedData.rankings(),
                            Replay.countLines(ShippedData.open(ShippedData.RANKINGS)) - 1,
                            ShippedData.rankingsName(),
                            Optional.empty());
            out.printf(
                    "Published %,d events in %.1f s%n",
                    outcome.report().published(), outcome.report().elapsed().toMillis() / 1000.0);
            Replay.reportInvalidLines(outcome.invalidLines(), settings.topics().tokenUsageDlq(), out);
            Replay.reportRefusedEvents(
                    outcome.refusedEvents(),
                    events.map(p -> p.getFileName().toString()).orElse(ShippedData.rankingsName()),
                    settings.topics().tokenUsageDlq(),
                    out);
            if (events.isEmpty()) {
                out.println(ShippedData.ATTRIBUTION);
            }
            out.flush();
            return outcome;
        }
    }

    private void closeAllWeeks(Instant lastEvent) {
        Instant at = WatermarkMarkers.closingTimeOf(lastEvent, settings.grace());
        int partitions = WatermarkMarkers.send(
                ClientConfigs.producer(config),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, ClientConfigs.serde(config))
                        .serializer(),
                settings.topics().tokenUsage(),
                at);
        out.printf(
                "Sent a watermark at %s to %d partitions of %s, so that the last week closes%n",
                at, partitions, settings.topics().tokenUsage());
        out.flush();
    }

    /**
     * How many weeks of the window stage the share stage has caught up with: the same tokens on the
     * all basis, and, when {@code requireFinal}, every row final.
     */
    private static CatchUp.Status weekStatus(PipelineWatch watch, boolean requireFinal) {
        Map<LocalDate, Long> usage = watch.usageTokensByWeek();
        Map<LocalDate, PipelineWatch.ShareWeek> shares = watch.shareWeeks(usage.keySet());
        long matching = usage.entrySet().stream()
                .filter(week -> {
                    PipelineWatch.ShareWeek share = shares.get(week.getKey());
                    return share != null && share.tokens() == week.getValue() && (!requireFinal || share.isFinal());
                })
                .count();
        return new CatchUp.Status(
                matching,
                usage.size(),
                matching == usage.size(),
                matching + " of " + usage.size()
                        + " weeks counted by the window stage have share rows with the same tokens"
                        + (requireFinal ? " that are final" : ""));
    }

    /** The results as the topics hold them, once the committed rows show every week final. */
    private Results readResults(Set<LocalDate> weeks, AccountingReport accounting) {
        Duration patience = limits.patience();
        ClusterResults cluster = new ClusterResults(
                new TopicReader(ClientConfigs.consumer(config), patience),
                settings.topics(),
                ConfluentAvroSerde.forValues(ShareRow.class, ClientConfigs.serde(config))
                        .deserializer(),
                new AvroJson(SchemaRegistryClients.fromConfig(ClientConfigs.serde(config))));
        long deadline = System.nanoTime() + patience.toNanos();
        ShareResults shares = cluster.shares();
        while (!(shares.weeks().equals(weeks) && (weeks.isEmpty() || shares.allFinal()))) {
            limits.checkNotStopped();
            if (System.nanoTime() > deadline) {
                throw new RuntimeFailure(
                        "the share topics still hold " + shares.weeks().size() + " weeks (expected " + weeks.size()
                                + ", all final) " + patience.toSeconds() + " s after the app's stores were final");
            }
            CatchUp.pause();
            shares = cluster.shares();
        }
        return new Results(shares, cluster.alerts(), accounting);
    }

    private static AccountingReport accountingReport(
            IngestAccounting app,
            List<InvalidLine> invalidLines,
            List<UsagePublisher.RefusedEvent> refused,
            String source) {
        Map<String, Long> deadLetters = new TreeMap<>();
        app.deadLettersByReason().forEach((reason, count) -> deadLetters.put(reason.name(), count));
        if (!invalidLines.isEmpty()) {
            deadLetters.merge(DeadLetterReason.UNPARSEABLE_LINE.name(), (long) invalidLines.size(), Long::sum);
        }
        refused.forEach(r -> deadLetters.merge(r.reason().reason().name(), 1L, Long::sum));
        List<AccountingReport.InvalidLineNote> notes = new ArrayList<>();
        invalidLines.forEach(
                line -> notes.add(new AccountingReport.InvalidLineNote(line.file(), line.lineNumber(), line.reason())));
        refused.forEach(r -> notes.add(new AccountingReport.InvalidLineNote(
                source, r.line(), r.reason().reason() + ": " + r.reason().detail())));
        return new AccountingReport(
                "demo",
                app.read() + invalidLines.size() + refused.size(),
                app.counted(),
                app.duplicates(),
                deadLetters,
                notes,
                List.of(
                        "read = records the app read from token-usage + lines of the events file that were not events"
                                + " (dead-lettered as UNPARSEABLE_LINE by the replay, so the app never saw them)"
                                + " + events the broker would have refused (dead-lettered by the replay before sending)",
                        "watermark markers are neither read nor counted"));
    }

    private void printTables(List<ShareRow> originRows) {
        ShareTable.print(originRows, "all", "Weekly token share by origin, all tokens (basis all)", out);
        ShareTable.print(
                originRows,
                settings.topNLabel(),
                "Weekly token share by origin, the week's top " + settings.topN() + " models (basis "
                        + settings.topNLabel() + ")",
                out);
    }

    private void printAccounting(AccountingReport report) {
        out.printf(
                "%nAccounting: read %,d = counted %,d + duplicates %,d + dead letters %,d %s%s%n",
                report.read(),
                report.counted(),
                report.duplicates(),
                report.deadLettersTotal(),
                report.deadLetters(),
                Boolean.TRUE.equals(report.balances()) ? "" : "  (DOES NOT BALANCE)");
        out.flush();
    }
}
