package io.tokenshare.cli;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.config.LayeredConfig;
import io.tokenshare.replay.OriginTableRow;
import io.tokenshare.replay.OriginsCsvReader;
import io.tokenshare.replay.OriginsPublisher;
import io.tokenshare.replay.PublishReport;
import io.tokenshare.serde.ConfluentAvroSerde;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tokenshare origins}: publishes rows of the model-origin table. */
@Command(
        name = "origins",
        mixinStandardHelpOptions = true,
        description = "Publishes rows of the model-origin table (the compacted model-origins topic).",
        subcommands = {OriginsCommand.Load.class, OriginsCommand.SetRow.class})
final class OriginsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: load or set");
    }

    /** Publishes the rows and says how many were acknowledged. */
    static int publish(LayeredConfig config, Stream<OriginTableRow> rows, String from, CommandSpec spec) {
        Map<String, Object> settings = config.asMap();
        try (ClusterAdmin admin = new ClusterAdmin(config)) {
            admin.requireReachable();
        }
        try (rows;
                OriginsPublisher publisher = new OriginsPublisher(
                        ClientConfigs.producer(settings),
                        ConfluentAvroSerde.forValues(ModelOrigin.class, ClientConfigs.serde(settings))
                                .serializer(),
                        config.settings().topics())) {
            PublishReport report = publisher.publish(rows, published -> {});
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Published %,d origin row(s) from %s to %s%n",
                            report.published(), from, config.settings().topics().modelOrigins());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    /** {@code origins load FILE.csv}. */
    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            description = "Publishes every row of an origins CSV (author_slug,lab,origin,notes[,open_weights,"
                    + "input_usd_per_mtok,output_usd_per_mtok,valid_from]).")
    static final class Load implements Callable<Integer> {

        @Parameters(paramLabel = "FILE.csv", description = "The origins CSV.")
        Path file;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        private final CliContext context;

        Load(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Replay.requireReadable(file, "origins file (CSV)");
            LayeredConfig config = cluster.resolve(context);
            return publish(config, OriginsCsvReader.rows(file), file.toString(), spec);
        }
    }

    /** {@code origins set KEY --lab L --origin O}. */
    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Publishes one row: attributes an author or a model to a lab and origin, e.g. to re-attribute "
                        + "a stealth model while the app runs. Every week of the affected models is re-attributed."
            })
    static final class SetRow implements Callable<Integer> {

        @Parameters(
                paramLabel = "KEY",
                description = "An author slug (deepseek) or a full model id (deepseek/deepseek-v3.2).")
        String key;

        @Option(names = "--lab", required = true, paramLabel = "LAB", description = "The lab, e.g. DeepSeek.")
        String lab;

        @Option(
                names = "--origin",
                required = true,
                paramLabel = "ORIGIN",
                description = "The lab's origin: CN, US, EU, OTHER or UNATTRIBUTED.")
        Origin origin;

        @Option(
                names = "--open-weights",
                arity = "1",
                paramLabel = "true|false",
                description = "Whether the weights are published.")
        Boolean openWeights;

        @Option(
                names = "--input-usd-per-mtok",
                paramLabel = "USD",
                description = "List price per million input tokens.")
        Double inputPrice;

        @Option(
                names = "--output-usd-per-mtok",
                paramLabel = "USD",
                description = "List price per million output tokens.")
        Double outputPrice;

        @Option(names = "--valid-from", paramLabel = "yyyy-MM-dd", description = "Date from which the prices apply.")
        LocalDate validFrom;

        @Option(names = "--notes", paramLabel = "TEXT", description = "Where the attribution comes from.")
        String notes;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        private final CliContext context;

        SetRow(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            OriginTableRow row = row();
            LayeredConfig config = cluster.resolve(context);
            return publish(config, Stream.of(row), "the command line", spec);
        }

        OriginTableRow row() {
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageError("KEY '" + key + "' is empty or contains whitespace: give an author slug such as"
                        + " deepseek or a model id such as deepseek/deepseek-v3.2");
            }
            if (lab.isBlank()) {
                throw new UsageError("--lab is empty: give the lab's name, e.g. DeepSeek");
            }
            if (!OriginsCsvReader.TABLE_ORIGINS.contains(origin)) {
                throw new UsageError("--origin " + origin + " cannot be set: use one of "
                        + OriginsCsvReader.TABLE_ORIGINS.stream()
                                .map(Origin::name)
                                .collect(Collectors.joining(", "))
                        + " (UNKNOWN is what authors without a row get)");
            }
            requireNonNegative("--input-usd-per-mtok", inputPrice);
            requireNonNegative("--output-usd-per-mtok", outputPrice);
            return new OriginTableRow(
                    key,
                    ModelOrigin.newBuilder()
                            .setLab(lab)
                            .setOrigin(origin)
                            .setOpenWeights(openWeights)
                            .setInputUsdPerMtok(inputPrice)
                            .setOutputUsdPerMtok(outputPrice)
                            .setValidFrom(validFrom)
                            .setNotes(notes)
                            .build());
        }

        private static void requireNonNegative(String option, Double price) {
            if (price != null && (price < 0 || price.isNaN() || price.isInfinite())) {
                throw new UsageError(
                        option + " " + price + " is not a price: give US dollars per million tokens, 0 or more");
            }
        }
    }
}
