package io.tokenshare.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (in-memory storage) running as a child process of the test JVM, with its
 * Confluent-compatible API at {@link #ccompatUrl()} and global compatibility set to BACKWARD, as a
 * production registry would be configured.
 *
 * <p>The runner comes from Maven Central: the build unpacks
 * {@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all} into {@code target/apicurio} before
 * the integration tests and passes that directory as the system property {@value #DIRECTORY_PROPERTY}.
 * {@link #close()} stops the process and waits until its port is free again; a shutdown hook kills it
 * should the test JVM exit without closing it.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** System property naming the directory that holds the unpacked registry runner. */
    public static final String DIRECTORY_PROPERTY = "tokenshare.apicurio.dir";

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_PATIENCE = Duration.ofSeconds(180);
    private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path logFile;
    private Duration startupTime = Duration.ZERO;
    private final Thread killOnExit;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApicurioRegistry(Process process, int port, Path logFile, Thread killOnExit) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.killOnExit = killOnExit;
    }

    /** Starts the registry on a free port and returns once it is ready and set to BACKWARD compatibility. */
    public static ApicurioRegistry start() {
        Path runner = findRunnerJar();
        int port = TcpPorts.free();
        Path logFile = runner.getParent().getParent().resolve("apicurio-registry-" + port + ".log");
        long startNanos = System.nanoTime();
        Process process = launch(runner, port, logFile);
        Thread killOnExit = new Thread(() -> killTree(process), "kill-apicurio-" + port);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        ApicurioRegistry registry = new ApicurioRegistry(process, port, logFile, killOnExit);
        try {
            registry.awaitReady();
            registry.startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
            LOG.info(
                    "Apicurio Registry ready at {} in {} ms (pid {}, log {})",
                    registry.baseUrl(),
                    registry.startupTime.toMillis(),
                    process.pid(),
                    logFile);
            registry.setGlobalCompatibility("BACKWARD");
            return registry;
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
    }

    /** Root of the registry's Confluent-compatible API, for {@code schema.registry.url}. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The registry process, to check in tests that it is gone after {@link #close()}. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** Time from launching the process until its readiness check answered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** GETs a path under {@link #baseUrl()} and returns the body; fails on any status but 200. */
    public String get(String path) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
        requireStatus(response, 200, "GET " + path);
        return response.body();
    }

    /** Stops the registry and its children, and waits until its port is free. Calling it twice is harmless. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopGracefully();
        removeShutdownHook();
        await("Apicurio Registry's port " + port + " to be free after stopping it")
                .atMost(SHUTDOWN_PATIENCE)
                .until(() -> TcpPorts.isFree(port));
        LOG.info("Apicurio Registry on port {} stopped", port);
    }

    private static Path findRunnerJar() {
        Path directory = Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/apicurio"))
                .toAbsolutePath();
        List<Path> runners = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> jars =
                    Files.newDirectoryStream(directory, "apicurio-registry-app-*-runner.jar")) {
                jars.forEach(runners::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + directory, e);
            }
        }
        if (runners.size() != 1) {
            throw new IllegalStateException("Expected exactly one apicurio-registry-app-*-runner.jar in " + directory
                    + ", found " + runners + ". Run the integration tests through Maven (./mvnw verify), whose"
                    + " pre-integration-test phase unpacks io.apicurio:apicurio-registry-app:tar.gz:all there,"
                    + " or point -D" + DIRECTORY_PROPERTY + " at an unpacked copy.");
        }
        return runners.get(0);
    }

    private static Process launch(Path runner, int port, Path logFile) {
        List<String> command = List.of(
                javaOfThisJvm(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=" + HOST,
                "-Dquarkus.http.port=" + port,
                "-jar",
                runner.toString());
        try {
            return new ProcessBuilder(command)
                    .directory(runner.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot launch Apicurio Registry with " + command, e);
        }
    }

    /** The registry runs on the same JDK as the tests, so the build needs no other Java. */
    private static String javaOfThisJvm() {
        return ProcessHandle.current().info().command().orElseGet(() -> Path.of(
                        System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    private void awaitReady() {
        await("Apicurio Registry at " + baseUrl() + " to report ready (its log: " + logFile + ")")
                .atMost(STARTUP_PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .until(this::isReady);
    }

    private boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                    + " before it was ready; see " + logFile);
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                            .timeout(HTTP_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
        }
    }

    /**
     * Apicurio's global default is NONE (Confluent's is BACKWARD); the registry's own admin API sets a
     * global COMPATIBILITY rule that its ccompat API then enforces on every subject.
     */
    private void setGlobalCompatibility(String level) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(baseUrl() + "/apis/registry/v2/admin/rules"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"type\":\"COMPATIBILITY\",\"config\":\"" + level + "\"}")));
        requireStatus(response, 204, "setting the global COMPATIBILITY rule to " + level);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Apicurio Registry at " + baseUrl() + " did not answer; see " + logFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Apicurio Registry", e);
        }
    }

    private void requireStatus(HttpResponse<String> response, int expected, String what) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Apicurio Registry answered " + response.statusCode() + " to " + what
                    + " (expected " + expected + "): " + response.body());
        }
    }

    private void stopGracefully() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn(
                        "Apicurio Registry (pid {}) ignored SIGTERM for {}; killing it",
                        process.pid(),
                        SHUTDOWN_PATIENCE);
                killTree(process);
                process.waitFor(SHUTDOWN_PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process);
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or ran, nothing to undo.
        }
    }
}
