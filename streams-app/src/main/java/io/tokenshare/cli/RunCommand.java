package io.tokenshare.cli;

import io.tokenshare.app.TokenshareApp;
import io.tokenshare.config.LayeredConfig;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.query.QueryServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenshare run}: the streams app against a real cluster and Schema Registry, until stopped.
 * Instances started with the same {@code application.id} form one group and share the work.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the streams app against a real Kafka cluster and Schema Registry until Ctrl-C or SIGTERM.",
            "Configuration, each layer overriding the one before: defaults < --config FILE < environment "
                    + "(TOKENSHARE_*, KAFKA_*, SCHEMA_REGISTRY_URL) < flags (--bootstrap-servers, "
                    + "--schema-registry-url, --set KEY=VALUE). Instances with the same application.id share the work."
        })
final class RunCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--broker-patience",
            defaultValue = "5m",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "How long to wait for an unreachable Kafka cluster at start-up, printing progress (default ${DEFAULT-VALUE}).")
    Duration brokerPatience;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    RunCommand(CliContext context) {
        this.context = context;
    }

    // "try": the query server is a resource held open while the app runs; nothing in the block calls it.
    @SuppressWarnings("try")
    @Override
    public Integer call() throws InterruptedException {
        LayeredConfig config = cluster.resolve(context);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> appConfig = new HashMap<>(config.asMap());
        new BrokerWait(brokerPatience, "--broker-patience", out, System::nanoTime)
                .until(() -> requireTopics(config, out)
                        .ifPresent(partitions ->
                                // Seen here already: the app need not open a client of its own to ask again.
                                appConfig.putIfAbsent(
                                        TokenshareSettings.TOKEN_USAGE_PARTITIONS, Integer.toString(partitions))));
        ShutdownSignal shutdown = ShutdownSignal.register();
        try (TokenshareApp app = TokenshareApp.start(appConfig)) {
            out.printf(
                    "tokenshare running: application.id %s, Kafka at %s, Schema Registry at %s%s%n",
                    app.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                    config.get(LayeredConfig.BOOTSTRAP_SERVERS).orElseThrow(),
                    config.get(LayeredConfig.SCHEMA_REGISTRY_URL).orElseThrow(),
                    config.get(StreamsConfig.APPLICATION_SERVER_CONFIG)
                            .map(s -> ", application.server " + s)
                            .orElse(""));
            try (QueryServer server = startQueryServer(config, app, out)) {
                out.println("Press Ctrl-C to stop.");
                out.flush();
                PipelineWatch watch = new PipelineWatch(app);
                shutdown.awaitStop(() -> {
                    if (watch.stopped()) {
                        throw new RuntimeFailure(
                                "the streams app stopped (state " + watch.state() + "): see the log above");
                    }
                });
                return ExitCodes.OK;
            }
        } finally {
            shutdown.done();
        }
    }

    /**
     * The HTTP API listens on the port of {@code application.server}, the address other instances
     * forward to; without it the instance serves no queries.
     */
    private static QueryServer startQueryServer(LayeredConfig config, TokenshareApp app, PrintWriter out) {
        Optional<String> advertised = config.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (advertised.isEmpty()) {
            out.println(
                    "No application.server set: the HTTP API and dashboard are off (set it, e.g. KAFKA_APPLICATION_SERVER"
                            + " or application.server=host:8080, to serve them).");
            return null;
        }
        int port = Integer.parseInt(advertised.get().substring(advertised.get().lastIndexOf(':') + 1));
        QueryServer server = QueryServer.start(app.served(), "0.0.0.0", port);
        out.printf("HTTP API and dashboard on port %d%n", server.port());
        return server;
    }

    /** The app cannot start without its input topics; wrong settings are worth a warning but not a refusal. */
    /** @return the partitions of token-usage, as found */
    private static Optional<Integer> requireTopics(LayeredConfig config, PrintWriter out) {
        int partitions = config.settings().tokenUsagePartitions();
        TopicLayout layout = TopicLayout.of(
                config.settings().topics(), partitions > 0 ? partitions : TopicLayout.DEFAULT_TOKEN_USAGE_PARTITIONS);
        Map<String, TopicLayout.ExistingTopic> existing;
        try (ClusterAdmin admin = new ClusterAdmin(config)) {
            admin.requireReachable();
            existing = admin.describe(layout);
        }
        List<String> problems = layout.problems(existing);
        List<String> missing =
                problems.stream().filter(p -> p.contains(" is missing ")).toList();
        if (!missing.isEmpty()) {
            throw new RuntimeFailure(String.join("; ", missing));
        }
        problems.forEach(problem -> out.println("warning: " + problem));
        return Optional.ofNullable(existing.get(config.settings().topics().tokenUsage()))
                .map(TopicLayout.ExistingTopic::partitions);
    }
}
