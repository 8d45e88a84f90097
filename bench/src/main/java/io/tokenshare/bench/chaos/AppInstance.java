package io.tokenshare.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One instance of the real app, {@code tokenshare run}, in its own JVM: same application.id as its
 * peers, its own state directory and HTTP port, standbys on. It can be killed, have its state
 * directory deleted, and be started again on the same port and directory.
 */
final class AppInstance {

    static final String CLI_MAIN = "io.tokenshare.cli.TokenshareCli";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final int index;
    private final int httpPort;
    private final Path stateDir;
    private final Path log;
    private final List<String> runArgs;
    private final List<String> jvmOptions;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private volatile ChildJvm jvm;
    private volatile long startedAtMs;
    private volatile int generation;
    private volatile boolean recovering;
    private volatile boolean heldDown;

    /**
     * @param settings   --set settings shared by every instance (application.id, standbys, ...)
     * @param jvmOptions e.g. the heap
     */
    AppInstance(
            int index,
            int httpPort,
            Path workDir,
            String bootstrap,
            String registryUrl,
            Map<String, String> settings,
            List<String> jvmOptions) {
        this.index = index;
        this.httpPort = httpPort;
        this.stateDir = workDir.resolve("instance-" + index + "-state");
        this.log = workDir.resolve("instance-" + index + ".log");
        this.jvmOptions = List.copyOf(jvmOptions);
        List<String> args =
                new ArrayList<>(List.of("run", "--bootstrap-servers", bootstrap, "--schema-registry-url", registryUrl));
        settings.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        args.addAll(List.of("--set", "state.dir=" + stateDir, "--set", "application.server=localhost:" + httpPort));
        this.runArgs = List.copyOf(args);
    }

    int index() {
        return index;
    }

    String name() {
        return nameOf(index);
    }

    static String nameOf(int index) {
        return "instance-" + index;
    }

    String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    Path log() {
        return log;
    }

    long startedAtMs() {
        return startedAtMs;
    }

    /** Counts starts: a recovery watcher whose generation has passed watches a process that no longer exists. */
    int generation() {
        return generation;
    }

    /** Whether the instance was restarted after a kill and has not been seen ready since. */
    boolean recovering() {
        return recovering;
    }

    void recovering(boolean value) {
        recovering = value;
    }

    /** Whether the instance was killed and is kept down on purpose: not one to restart as died by itself. */
    boolean heldDown() {
        return heldDown;
    }

    void heldDown(boolean value) {
        heldDown = value;
    }

    synchronized void start() {
        generation++;
        startedAtMs = System.currentTimeMillis();
        jvm = ChildJvm.start(CLI_MAIN, runArgs, jvmOptions, log);
    }

    synchronized void kill() throws InterruptedException {
        jvm.kill();
    }

    synchronized void stop() throws InterruptedException {
        if (jvm != null) {
            jvm.stop();
        }
    }

    boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** The exit code of a process that ended, for a report of an instance that died by itself. */
    String exitDescription() {
        if (jvm == null) {
            return "never started";
        }
        return jvm.exitCode()
                .map(code -> "exit code " + code
                        + jvm.lastWords().map(words -> ": " + words).orElse(""))
                .orElse("running");
    }

    /** Deletes the state directory, as a replaced disk or a new container would have it. */
    void deleteState() {
        if (!Files.exists(stateDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + stateDir, e);
        }
    }

    /** Whether {@code /health/ready} answers 200. */
    boolean isReady() {
        try {
            return get("/health/ready").statusCode() == 200;
        } catch (IOException notListening) {
            return false;
        }
    }

    /** GETs a path of the instance's HTTP API. */
    HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .timeout(HTTP_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + name(), e);
        }
    }
}
