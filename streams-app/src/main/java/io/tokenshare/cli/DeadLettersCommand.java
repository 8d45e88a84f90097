package io.tokenshare.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tokenshare.config.LayeredConfig;
import io.tokenshare.export.DeadLetter;
import io.tokenshare.export.TopicReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenshare dead-letters}: which records were dead-lettered and why, read from the dead-letter
 * topic of any cluster. Reads only headers and keys, so it needs no schema registry.
 */
@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the records of token-usage-dlq with their reason, detail and source (topic/partition@offset "
                    + "for records the app rejected, file:line for lines a replay could not read), oldest first per partition."
        })
final class DeadLettersCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final int DETAIL_WIDTH = 100;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "List at most N dead letters (default ${DEFAULT-VALUE}); the total is always reported.")
    int limit;

    @Option(
            names = "--reason",
            paramLabel = "REASON",
            description = "Only dead letters with this reason, e.g. LATE_BEYOND_GRACE or UNPARSEABLE_LINE (any case).")
    String reason;

    @Option(names = "--json", description = "One JSON object per dead letter and line, instead of a table.")
    boolean json;

    @Option(
            names = "--patience",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Give up when reading the topic makes no progress for this long (default ${DEFAULT-VALUE}).")
    Duration patience;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    DeadLettersCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        if (limit < 1) {
            throw new UsageError("--limit " + limit + " lists nothing: give a whole number from 1 up, e.g. --limit 20");
        }
        LayeredConfig config = cluster.resolveKafka(context);
        try (ClusterAdmin admin = new ClusterAdmin(config)) {
            admin.requireReachable();
        }
        String topic = config.settings().topics().tokenUsageDlq();
        List<DeadLetter> matching =
                DeadLetter.readAll(new TopicReader(ClientConfigs.consumer(config.asMap()), patience), topic).stream()
                        .filter(d -> reason == null || d.reason().equalsIgnoreCase(reason.strip()))
                        .toList();
        List<DeadLetter> shown = matching.subList(0, Math.min(limit, matching.size()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            for (DeadLetter deadLetter : shown) {
                out.println(JSON.writeValueAsString(deadLetter));
            }
        } else {
            printTable(out, topic, matching.size(), shown);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void printTable(PrintWriter out, String topic, int total, List<DeadLetter> shown) {
        String filter = reason == null ? "" : " with reason " + reason.strip().toUpperCase(Locale.ROOT);
        out.printf(
                "%d dead letters%s on %s%s%n",
                total,
                filter,
                topic,
                shown.size() < total ? " (the first " + shown.size() + " listed; raise --limit for more)" : "");
        if (shown.isEmpty()) {
            return;
        }
        int reasonWidth = Math.max(
                "REASON".length(),
                shown.stream().mapToInt(d -> d.reason().length()).max().orElse(0));
        int sourceWidth = Math.max(
                "SOURCE".length(),
                shown.stream().mapToInt(d -> d.source().length()).max().orElse(0));
        String row = "%-" + reasonWidth + "s  %-" + sourceWidth + "s  %s%n";
        out.printf(row, "REASON", "SOURCE", "DETAIL");
        for (DeadLetter deadLetter : shown) {
            out.printf(row, deadLetter.reason(), deadLetter.source(), shortened(deadLetter.detail()));
        }
    }

    /** Details can quote a whole input line: the table shows their start, --json shows them whole. */
    private static String shortened(String detail) {
        if (detail == null) {
            return "";
        }
        String oneLine = detail.replaceAll("\\s+", " ");
        return oneLine.length() <= DETAIL_WIDTH ? oneLine : oneLine.substring(0, DETAIL_WIDTH - 1) + "…";
    }
}
