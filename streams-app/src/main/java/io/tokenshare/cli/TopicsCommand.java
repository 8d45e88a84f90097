package io.tokenshare.cli;

import io.tokenshare.config.LayeredConfig;
import io.tokenshare.config.TopicLayout;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenshare topics create|check}: the topics with the right partitions, compaction and retention. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description =
                "Creates or checks tokenshare's topics: partitions, compaction of the tables, unlimited retention "
                        + "of the topics that carry history.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Check.class})
final class TopicsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create or check");
    }

    /** The options both subcommands share. */
    static final class LayoutOptions {
        @Option(
                names = "--partitions",
                paramLabel = "N",
                defaultValue = "" + TopicLayout.DEFAULT_TOKEN_USAGE_PARTITIONS,
                description =
                        "Partitions of token-usage: the most stream threads that can share the ingest (default ${DEFAULT-VALUE}).")
        int partitions;

        TopicLayout layout(LayeredConfig config) {
            if (partitions < 1) {
                throw new UsageError("--partitions " + partitions + " is not a partition count: use 1 or more");
            }
            return TopicLayout.of(config.settings().topics(), partitions);
        }
    }

    /** Prints the problems and returns the exit code they mean. */
    static int report(List<String> problems, PrintWriter out) {
        problems.forEach(problem -> out.println("problem: " + problem));
        out.println(
                problems.isEmpty()
                        ? "All topics are as tokenshare needs them."
                        : problems.size() + " problem(s) found.");
        out.flush();
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** {@code topics create}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Creates the topics that do not exist yet, then checks them all (existing topics are not altered).")
    static final class Create implements Callable<Integer> {

        @Mixin
        LayoutOptions layoutOptions;

        @Option(
                names = "--replication-factor",
                paramLabel = "N",
                description = "Replicas per partition; the broker's default.replication.factor when not given.")
        Short replicationFactor;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        private final CliContext context;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (replicationFactor != null && replicationFactor < 1) {
                throw new UsageError(
                        "--replication-factor " + replicationFactor + " is not a replica count: use 1 or more");
            }
            LayeredConfig config = cluster.resolve(context);
            TopicLayout layout = layoutOptions.layout(config);
            PrintWriter out = spec.commandLine().getOut();
            try (ClusterAdmin admin = new ClusterAdmin(config)) {
                admin.requireReachable();
                List<String> created = admin.createMissing(layout.newTopics(Optional.ofNullable(replicationFactor)));
                layout.names()
                        .forEach(name -> out.println((created.contains(name) ? "created  " : "exists   ") + name));
                return report(layout.problems(admin.describe(layout)), out);
            }
        }
    }

    /** {@code topics check}. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description =
                    "Reports missing topics and topics with the wrong partitions or settings; exit code 1 if any.")
    static final class Check implements Callable<Integer> {

        @Mixin
        LayoutOptions layoutOptions;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        private final CliContext context;

        Check(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            LayeredConfig config = cluster.resolve(context);
            TopicLayout layout = layoutOptions.layout(config);
            try (ClusterAdmin admin = new ClusterAdmin(config)) {
                admin.requireReachable();
                return report(
                        layout.problems(admin.describe(layout)),
                        spec.commandLine().getOut());
            }
        }
    }
}
