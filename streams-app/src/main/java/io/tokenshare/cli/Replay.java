package io.tokenshare.cli;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.ingest.UsageValidator;
import io.tokenshare.replay.EventsJsonlReader;
import io.tokenshare.replay.InvalidLine;
import io.tokenshare.replay.JsonlLine;
import io.tokenshare.replay.NumberedEvent;
import io.tokenshare.replay.ParsedEvent;
import io.tokenshare.replay.PublishReport;
import io.tokenshare.replay.RankingsRow;
import io.tokenshare.replay.RequestSizedSplit;
import io.tokenshare.replay.UsagePublisher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Publishing a replay with a progress bar, remembering what the demo and the watermark need: the
 * lines that were not events, and the latest plausible event time.
 */
public final class Replay {

    /**
     * What a replay published.
     *
     * @param report        the publisher's acknowledged counts
     * @param invalidLines  lines of an events file that went to the dead-letter topic instead
     * @param lastEventTime the latest event time the app will accept as such, if any event had one
     * @param refusedEvents events dead-lettered before sending because the broker would refuse them
     */
    public record Outcome(
            PublishReport report,
            List<InvalidLine> invalidLines,
            Optional<Instant> lastEventTime,
            List<UsagePublisher.RefusedEvent> refusedEvents) {}

    private final UsagePublisher publisher;
    private final long fromLine;
    private final List<InvalidLine> invalidLines = new ArrayList<>();
    private final long nowMs = System.currentTimeMillis();
    private long lastEventMs = Long.MIN_VALUE;

    public Replay(UsagePublisher publisher) {
        this(publisher, 1);
    }

    /** @param fromLine the first data line to publish (1 for all): the lines before it are skipped */
    public Replay(UsagePublisher publisher, long fromLine) {
        this.publisher = publisher;
        this.fromLine = fromLine;
    }

    /** Publishes every line of a JSON Lines events file; invalid lines go to the dead-letter topic. */
    public Outcome events(Path file) {
        requireReadable(file, "events file (JSON Lines)");
        try (Stream<JsonlLine> lines = EventsJsonlReader.lines(file);
                ProgressBar bar = Progress.bar("Replaying " + file.getFileName(), countLines(file), "lines")) {
            PublishReport report = publisher.publishLines(
                    lines.filter(l -> l.lineNumber() >= fromLine).peek(this::track), bar::stepTo);
            return outcome(report);
        }
    }

    /**
     * Publishes rankings rows, each as one roll-up event or, with a split, as request-sized events. Rows
     * are numbered from 1 (the first after the header), the numbers {@code --from-line} takes.
     */
    public Outcome rankings(Stream<RankingsRow> rows, long rowCount, String name, Optional<RequestSizedSplit> split) {
        long[] row = {0};
        Stream<NumberedEvent> events = rows.sequential()
                .map(r -> new NumberedRow(++row[0], r))
                .filter(r -> r.line() >= fromLine)
                .flatMap(r -> split.map(s -> s.events(r.row()))
                        .orElseGet(() -> Stream.of(r.row().toRollUp()))
                        .map(e -> new NumberedEvent(r.line(), e)));
        String unit = split.isPresent() ? "events" : "rows";
        try (rows;
                ProgressBar bar = Progress.bar("Replaying " + name, split.isPresent() ? -1 : rowCount, unit)) {
            PublishReport report = publisher.publishNumbered(events.peek(n -> trackTime(n.event())), bar::stepTo);
            return outcome(report);
        }
    }

    /** Prints each event dead-lettered before sending because the broker would refuse it. */
    public static void reportRefusedEvents(
            List<UsagePublisher.RefusedEvent> refused, String source, String deadLetterTopic, PrintWriter out) {
        for (UsagePublisher.RefusedEvent r : refused) {
            out.printf(
                    "%s, line %d: %s (%s); sent to %s%n",
                    source, r.line(), r.reason().reason(), r.reason().detail(), deadLetterTopic);
        }
    }

    private record NumberedRow(long line, RankingsRow row) {}

    /** Prints where each invalid line went, with its file and line number. */
    public static void reportInvalidLines(List<InvalidLine> lines, String deadLetterTopic, PrintWriter out) {
        for (InvalidLine line : lines) {
            out.printf(
                    "%s, line %d: not an event (%s); sent to %s%n",
                    line.file(), line.lineNumber(), line.reason(), deadLetterTopic);
        }
    }

    /** Lines in a text file, for the progress bar's total; -1 (unknown) if it cannot be counted. */
    public static long countLines(Path file) {
        try {
            return countLines(Files.newInputStream(file));
        } catch (IOException e) {
            return -1;
        }
    }

    /** Lines of UTF-8 text, read to the end and closed; -1 (unknown) if it cannot be read. */
    public static long countLines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    public static void requireReadable(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new UsageError("the " + what + " " + file + " does not exist or is not a file: check the path"
                    + " (relative paths start at " + Path.of("").toAbsolutePath() + ")");
        }
        if (!Files.isReadable(file)) {
            throw new UsageError("the " + what + " " + file + " is not readable: check its permissions");
        }
    }

    private Outcome outcome(PublishReport report) {
        return new Outcome(
                report,
                List.copyOf(invalidLines),
                lastEventMs == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastEventMs)),
                publisher.refusedEvents());
    }

    private void track(JsonlLine line) {
        if (line instanceof ParsedEvent parsed) {
            trackTime(parsed.event());
        } else if (line instanceof InvalidLine invalid) {
            invalidLines.add(invalid);
        }
    }

    private void trackTime(TokenUsageEvent event) {
        if (UsageValidator.isPlausibleTime(event.getOccurredAt(), nowMs)) {
            lastEventMs = Math.max(lastEventMs, event.getOccurredAt().toEpochMilli());
        }
    }
}
