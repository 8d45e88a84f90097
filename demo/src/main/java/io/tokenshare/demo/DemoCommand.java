package io.tokenshare.demo;

import io.javalin.util.JavalinBindException;
import io.tokenshare.app.TokenshareApp;
import io.tokenshare.cli.DurationConverter;
import io.tokenshare.cli.ExitCodes;
import io.tokenshare.cli.PipelineWatch;
import io.tokenshare.cli.Replay;
import io.tokenshare.cli.RuntimeFailure;
import io.tokenshare.cli.ShutdownSignal;
import io.tokenshare.cli.UsageError;
import io.tokenshare.config.LayeredConfig;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.query.QueryServer;
import io.tokenshare.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenshare demo}: the whole pipeline on an embedded one-node Kafka and an in-memory schema
 * registry, fed with the shipped OpenRouter history (or the user's files), the weekly share table
 * printed once every week is final; then either the results exported or the app kept serving.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline on an embedded Kafka broker with no setup: replays the shipped OpenRouter "
                    + "rankings (or your files), waits until every week is final, prints the weekly share table by origin, "
                    + "then keeps serving until Ctrl-C (or, with --export, writes the results and exits)."
        })
final class DemoCommand implements Callable<Integer> {

    /** The in-memory registry scope the demo's producers and app share. */
    static final String REGISTRY_SCOPE = "tokenshare-demo";

    static final String APPLICATION_ID = "tokenshare-demo";
    static final int DEMO_STREAM_THREADS = 2;

    @Option(
            names = "--events",
            paramLabel = "FILE.jsonl",
            description =
                    "Replay these usage events (JSON Lines, one TokenUsageEvent per line) instead of the shipped rankings.")
    Path events;

    @Option(
            names = "--origins",
            paramLabel = "FILE.csv",
            description = "Load this origin table (author_slug,lab,origin,notes[,...]) instead of the shipped one.")
    Path origins;

    @Option(
            names = "--export",
            paramLabel = "DIR",
            description = "Write the final results to DIR (share-by-*.csv, alerts.jsonl, accounting.json) and exit.")
    Path exportDirectory;

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "PORT",
            description = "Port of the HTTP API and dashboard (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--registry-port",
            defaultValue = "8081",
            paramLabel = "PORT",
            description =
                    "Port of the demo's schema registry (Confluent REST API), so that other tools reach the demo's "
                            + "topics (default ${DEFAULT-VALUE}; 0 picks a free port).")
    int registryPort;

    @Option(
            names = "--patience",
            defaultValue = "120s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Give up when the pipeline makes no progress for this long (default ${DEFAULT-VALUE}).")
    Duration patience;

    @Option(
            names = {"-s", "--set"},
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description =
                    "A setting for the demo's app, e.g. --set num.stream.threads=1 --set tokenshare.share.top-n=5. "
                            + "Repeatable. The demo reads no config file and no environment.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    private LayeredConfig userSettings;

    @Override
    public Integer call() throws IOException {
        checkOptions();
        DemoLogging.quietTransientKafkaWarnings();
        PrintWriter out = spec.commandLine().getOut();
        long startNanos = System.nanoTime();
        Path stateDir = Files.createTempDirectory("tokenshare-demo-state-");
        ShutdownSignal shutdown = ShutdownSignal.register();
        try (DemoRegistryServer registry = startRegistry();
                EmbeddedKafka kafka = EmbeddedKafka.start()) {
            out.printf(
                    "Embedded Kafka broker at %s, ready in %.1f s%n",
                    kafka.bootstrapServers(), kafka.startupTime().toMillis() / 1000.0);
            printConnectionSettings(out, kafka.bootstrapServers(), registry.url());
            out.flush();
            Map<String, Object> config = config(kafka.bootstrapServers(), stateDir);
            TokenshareSettings settings = TokenshareSettings.fromProperties(config);
            kafka.createTopics(TopicLayout.of(settings.topics(), TopicLayout.DEFAULT_TOKEN_USAGE_PARTITIONS)
                    .newTopics(Optional.empty()));
            DemoRun run = new DemoRun(config, settings, out, new CatchUp.Limits(patience, shutdown::stopRequested));
            long originKeys = run.loadOrigins(Optional.ofNullable(origins));
            try (TokenshareApp app = TokenshareApp.start(config)) {
                DemoRun.Results results = run.replayAndFinish(app, originKeys, Optional.ofNullable(events));
                if (exportDirectory != null) {
                    run.export(results, exportDirectory);
                    out.printf("Demo finished in %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
                    return ExitCodes.OK;
                }
                return serve(kafka, app, shutdown, out);
            }
        } finally {
            InMemorySchemaRegistry.dropScope(REGISTRY_SCOPE);
            deleteQuietly(stateDir);
            shutdown.done();
        }
    }

    /** Serves the HTTP API and dashboard over the app's stores until Ctrl-C. */
    private int serve(EmbeddedKafka kafka, TokenshareApp app, ShutdownSignal shutdown, PrintWriter out) {
        try (QueryServer server = QueryServer.start(app.served(), port)) {
            out.printf("%nThe pipeline keeps running on the embedded broker at %s.%n", kafka.bootstrapServers());
            out.printf(
                    "HTTP API and dashboard: http://localhost:%d (API under /api/v1, OpenAPI at /openapi.json)%n",
                    server.port());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            PipelineWatch watch = new PipelineWatch(app);
            shutdown.awaitStop(() -> {
                if (watch.stopped()) {
                    throw new RuntimeFailure("the pipeline stopped (state " + watch.state() + "): see the log above");
                }
            });
            return ExitCodes.OK;
        }
    }

    private DemoRegistryServer startRegistry() {
        try {
            return DemoRegistryServer.start(InMemorySchemaRegistry.forScope(REGISTRY_SCOPE), "localhost", registryPort);
        } catch (JavalinBindException e) {
            throw new UsageError("--registry-port " + registryPort
                    + " is in use by another program: pass another port, " + "or --registry-port 0 for any free one");
        }
    }

    /** What a second terminal needs to reach the demo's topics: the project's CLI, or any Confluent-compatible client. */
    private static void printConnectionSettings(PrintWriter out, String bootstrapServers, String registryUrl) {
        out.printf("Reach the demo from another terminal with:%n");
        out.printf("  bootstrap.servers=%s%n", bootstrapServers);
        out.printf("  schema.registry.url=%s%n", registryUrl);
        out.printf(
                "  e.g. bin/tokenshare origins set openrouter --lab OpenRouter --origin US --bootstrap-servers %s"
                        + " --schema-registry-url %s%n",
                bootstrapServers, registryUrl);
    }

    private void checkOptions() {
        if (events != null) {
            Replay.requireReadable(events, "events file (JSON Lines)");
        }
        if (origins != null) {
            Replay.requireReadable(origins, "origins file (CSV)");
        }
        if (port < 1 || port > 65_535) {
            throw new UsageError("--port " + port + " is not a TCP port: use 1 to 65535, e.g. 8080");
        }
        if (registryPort < 0 || registryPort > 65_535) {
            throw new UsageError("--registry-port " + registryPort
                    + " is not a TCP port: use 1 to 65535, e.g. 8081, or 0 for any free port");
        }
        // Checked now, not when the pipeline has run for minutes and the server finally starts.
        if (exportDirectory == null && !isFree(port)) {
            throw new UsageError("--port " + port + " is already in use (another demo, or another program): stop it,"
                    + " or choose a free port with --port N");
        }
        userSettings = LayeredConfig.resolve(null, Map.of(), overrides);
    }

    /** The demo's defaults, then the user's --set values, then what must point at the embedded broker and registry. */
    private Map<String, Object> config(String bootstrapServers, Path stateDir) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Two threads let the share stage work while ingest goes on: measured on two cores, the shipped
        // replay took 104 s instead of 166 s, with less CPU time, and gave the same table.
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, DEMO_STREAM_THREADS);
        config.putAll(userSettings.values());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(LayeredConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY_SCOPE);
        return config;
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            System.err.println("Could not delete the demo's state directory " + directory + ": " + e.getMessage());
        }
    }
}
