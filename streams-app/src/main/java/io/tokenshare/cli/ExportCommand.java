package io.tokenshare.cli;

import io.tokenshare.avro.ShareRow;
import io.tokenshare.config.LayeredConfig;
import io.tokenshare.export.AccountingReport;
import io.tokenshare.export.AvroJson;
import io.tokenshare.export.ClusterResults;
import io.tokenshare.export.DeadLetter;
import io.tokenshare.export.ResultFiles;
import io.tokenshare.export.ShareResults;
import io.tokenshare.export.TopicReader;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.SchemaRegistryClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenshare export}: the share and alert topics, read to their end, as files. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Reads the share topics and share-alerts to their end offsets and writes share-by-origin.csv, "
                    + "share-by-lab.csv, share-by-model.csv, share-by-category.csv, alerts.jsonl, accounting.json "
                    + "(dead letters counted by reason from token-usage-dlq) and dead-letters.csv (each dead letter with its "
                    + "reason, detail and source)."
        })
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the files into.")
    Path directory;

    @Option(
            names = "--patience",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Give up when reading a topic makes no progress for this long (default ${DEFAULT-VALUE}).")
    Duration patience;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    ExportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LayeredConfig config = cluster.resolve(context);
        Map<String, Object> settings = config.asMap();
        try (ClusterAdmin admin = new ClusterAdmin(config)) {
            admin.requireReachable();
        }
        ClusterResults results = new ClusterResults(
                new TopicReader(ClientConfigs.consumer(settings), patience),
                config.settings().topics(),
                ConfluentAvroSerde.forValues(ShareRow.class, ClientConfigs.serde(settings))
                        .deserializer(),
                new AvroJson(SchemaRegistryClients.fromConfig(ClientConfigs.serde(settings))));
        ShareResults shares = results.shares();
        AccountingReport accounting = results.accountingFromTopics();
        List<DeadLetter> deadLetters = results.deadLetters();
        ResultFiles.write(directory, shares, results.alerts(), accounting, deadLetters);
        PrintWriter out = spec.commandLine().getOut();
        long finalWeeks = shares.weeks().stream()
                .filter(week -> shares.all()
                        .filter(row -> row.getWeekStart().equals(week))
                        .allMatch(ShareRow::getFinal$))
                .count();
        out.printf(
                "Exported %d weeks (%d final) and %d dead letters to %s%n",
                shares.weeks().size(), finalWeeks, deadLetters.size(), directory.toAbsolutePath());
        out.flush();
        return ExitCodes.OK;
    }
}
