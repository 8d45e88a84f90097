package io.tokenshare.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.TcpPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production jar ({@code streams-app/target/tokenshare.jar}) as an operator runs it, against a real broker and
 * a schema registry over HTTP: it creates the topics, replays the shipped history, runs, becomes ready, counts every
 * record, and serves its metrics and dashboard. The jar leaves out what the app does not use (other platforms'
 * natives, Avro's file codecs, the Prometheus protobuf format, chart.js's other builds); this is the test that a
 * code path still needing one of them fails.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ProductionJarIT {

    private static final String SCOPE = "production-jar-it";
    private static final Pattern READ = Pattern.compile("(?m)^tokenshare_events_read_total(?:\\{[^}]*})? (\\S+)$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theJarCreatesTopicsReplaysRunsAndServes() throws Exception {
        Path jar = Path.of(
                System.getProperty("tokenshare.repository.dir", ".."), "streams-app", "target", "tokenshare.jar");
        assertThat(jar).as("built by the streams-app module before this one").exists();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                DemoRegistryServer registry =
                        DemoRegistryServer.start(InMemorySchemaRegistry.forScope(SCOPE), "127.0.0.1", 0)) {
            List<String> connection =
                    List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url());
            assertThat(runToEnd(jar, connection, "topics", "create")).isZero();
            assertThat(runToEnd(jar, connection, "replay", "--shipped", "--close-weeks"))
                    .isZero();

            int port = TcpPorts.free();
            List<String> run = command(jar, connection, "run");
            run.addAll(List.of(
                    "--set", "application.server=127.0.0.1:" + port, "--set", "state.dir=" + dir.resolve("state")));
            Process app = new ProcessBuilder(run)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("run.out").toFile())
                    .start();
            try {
                await().atMost(Duration.ofMinutes(4))
                        .until(() -> !app.isAlive() || status(port, "/health/ready") == 200);
                assertThat(app.isAlive()).as(() -> output("run.out")).isTrue();
                // The shipped history is 32,895 rankings rows; every one is read (counted, or dead-lettered with its
                // reason).
                await().atMost(Duration.ofMinutes(3)).until(() -> eventsRead(port) >= 32_895);
                assertThat(get(port, "/metrics").body())
                        .as("every record decoded: Avro works without the parts the jar leaves out")
                        .containsPattern(
                                "(?m)^tokenshare_dead_letters_total\\{[^}]*reason=\"UNDECODABLE\"[^}]*} 0\\.0$");
                HttpResponse<String> chart = get(port, "/assets/chart.umd.js");
                assertThat(chart.statusCode()).isEqualTo(200);
                assertThat(chart.body()).contains("Chart");
            } finally {
                app.destroy();
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            InMemorySchemaRegistry.dropScope(SCOPE);
        }
    }

    private int runToEnd(Path jar, List<String> connection, String... args) throws Exception {
        List<String> command = command(jar, connection, args);
        String subcommand = args[0];
        String out = subcommand + ".out";
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(out).toFile())
                .start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(subcommand).isTrue();
        assertThat(p.exitValue()).as(() -> output(out)).isZero();
        return p.exitValue();
    }

    /** The jar's command line: the subcommand and its arguments, then the connection flags every command takes. */
    private static List<String> command(Path jar, List<String> connection, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        command.addAll(connection);
        return command;
    }

    private static long eventsRead(int port) throws IOException, InterruptedException {
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        Matcher m = READ.matcher(metrics.body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String output(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
