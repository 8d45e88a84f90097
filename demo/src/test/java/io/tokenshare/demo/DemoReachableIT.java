package io.tokenshare.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.testsupport.TcpPorts;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user meets it: {@code demo} running in its own process, and from a second terminal the project's
 * own CLI learns the origin of a model that had none, through the connection settings the demo printed. The demo's
 * history is revised: the week's tokens move from UNKNOWN to the new origin in a new revision of the final rows.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DemoReachableIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap\\.servers=(\\S+)");
    private static final Pattern REGISTRY = Pattern.compile("schema\\.registry\\.url=(\\S+)");
    private static final String WEEK = "2026-02-02";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static Process demo;
    private static Path output;
    private static int port;

    @BeforeAll
    static void startTheDemoInItsOwnProcess() throws IOException, URISyntaxException {
        port = TcpPorts.free();
        output = dir.resolve("demo.out");
        demo = new ProcessBuilder(
                        javaBinary(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DemoCli.class.getName(),
                        "demo",
                        "--events",
                        resource("cli/demo-events.jsonl"),
                        "--origins",
                        resource("cli/demo-origins.csv"),
                        "--port",
                        Integer.toString(port),
                        "--registry-port",
                        "0")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    @AfterAll
    static void stopTheDemo() throws InterruptedException {
        if (demo != null) {
            demo.destroy();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    @Test
    void anOriginSetFromASecondTerminalRevisesTheDemosHistory() throws Exception {
        await("the demo serving")
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> printed().contains("Press Ctrl-C to stop.") || !demo.isAlive());
        assertThat(demo.isAlive()).as(printed()).isTrue();
        String bootstrap = printedSetting(BOOTSTRAP);
        String registry = printedSetting(REGISTRY);
        assertThat(printed())
                .contains("origins set openrouter --lab OpenRouter --origin US --bootstrap-servers " + bootstrap
                        + " --schema-registry-url " + registry);
        assertThat(originRow("UNKNOWN"))
                .hasValueSatisfying(
                        row -> assertThat(row.path("tokens").asLong()).isEqualTo(1000));
        int revisionBefore = originRow("US").orElseThrow().path("revision").asInt();

        CliRun set = CliRun.of(
                Map.of(),
                "origins",
                "set",
                "acme",
                "--lab",
                "Acme",
                "--origin",
                "EU",
                "--bootstrap-servers",
                bootstrap,
                "--schema-registry-url",
                registry);
        assertThat(set.exitCode()).as(set.err()).isZero();

        await("the week re-attributed")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> originRow("UNKNOWN").isEmpty());
        JsonNode eu = originRow("EU").orElseThrow();
        assertThat(eu.path("tokens").asLong())
                .as("mistral's 0 tokens in W1 plus acme's 1000")
                .isEqualTo(1000);
        assertThat(eu.path("final").asBoolean()).isTrue();
        assertThat(eu.path("revision").asInt()).isGreaterThan(revisionBefore);
    }

    /** The week's origin row of {@code member} on the all basis, as the demo's HTTP API serves it. */
    private static Optional<JsonNode> originRow(String member) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/weeks/" + WEEK
                                + "/shares?dimension=origin&basis=all"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        for (JsonNode row : JSON.readTree(answer.body()).path("data").path("rows")) {
            if (member.equals(row.path("member").asText())) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    private static String printed() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    private static String printedSetting(Pattern pattern) throws IOException {
        Matcher m = pattern.matcher(printed());
        assertThat(m.find()).as("the demo prints %s", pattern).isTrue();
        return m.group(1);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(
                                DemoReachableIT.class.getClassLoader().getResource(name), name)
                        .toURI())
                .toString();
    }
}
