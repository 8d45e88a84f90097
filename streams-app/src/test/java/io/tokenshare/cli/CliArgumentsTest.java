package io.tokenshare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.testsupport.TcpPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong usage ends with exit code 2 and a message that says what to do; no broker is needed to find out. */
class CliArgumentsTest {

    private static final String[] CLUSTER = {
        "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"
    };

    @TempDir
    Path dir;

    @Test
    void withoutACommandPrintsTheUsage() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("name a command", "run", "replay", "origins", "topics", "export", "alerts")
                .as("the production jar carries no embedded broker, so no demo")
                .doesNotContain("  demo ");
    }

    @Test
    void unknownCommandAndOptionAreUsageErrors() {
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(2);
        CliRun run = CliRun.of("topics", "--speed", "11");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown options: '--speed'");
    }

    @Test
    void versionAndHelpSucceed() {
        assertThat(CliRun.of("--version").exitCode()).isZero();
        CliRun help = CliRun.of("replay", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--rankings", "--events", "--shipped", "--rate", "--split", "--close-weeks");
    }

    @Test
    void replayNeedsExactlyOneSource() {
        CliRun none = CliRun.of(concat(new String[] {"replay"}, CLUSTER));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required argument", "--rankings", "--events", "--shipped");

        CliRun both = CliRun.of(concat(new String[] {"replay", "--rankings", "a.csv", "--events", "b.jsonl"}, CLUSTER));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void aMissingFileIsNamedWithWhereRelativePathsStart() {
        Path missing = dir.resolve("events.jsonl");

        CliRun run = CliRun.of(concat(new String[] {"replay", "--events", missing.toString()}, CLUSTER));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the events file (JSON Lines) " + missing + " does not exist");
    }

    @Test
    void splitAppliesToRankingsOnly() throws IOException {
        Path events = Files.writeString(dir.resolve("e.jsonl"), "{}\n");

        CliRun run = CliRun.of(concat(new String[] {"replay", "--events", events.toString(), "--split"}, CLUSTER));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--split splits rankings rows");
    }

    @Test
    void missingBrokerAndRegistryAreNamedWithEveryWayToSetThem() {
        CliRun noBroker = CliRun.of("run");
        assertThat(noBroker.exitCode()).isEqualTo(2);
        assertThat(noBroker.err())
                .contains("bootstrap.servers is not set", "--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");

        CliRun noRegistry = CliRun.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), "run");
        assertThat(noRegistry.exitCode()).isEqualTo(2);
        assertThat(noRegistry.err())
                .contains("schema.registry.url is not set", "--schema-registry-url", "KAFKA_SCHEMA_REGISTRY_URL");
    }

    @Test
    void unknownAndInvalidSettingsAreConfigurationErrors() {
        CliRun typo = CliRun.of(concat(new String[] {"run", "--set", "tokenshare.window.grase=3d"}, CLUSTER));
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err())
                .contains("unknown tokenshare setting tokenshare.window.grase", "tokenshare.window.grace");

        CliRun bad = CliRun.of(Map.of("TOKENSHARE_WINDOW_GRACE", "soon"), concat(new String[] {"run"}, CLUSTER));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("tokenshare.window.grace: 'soon' is not a duration", "set in the environment");

        CliRun missingFile = CliRun.of(concat(
                new String[] {"run", "--config", dir.resolve("app.properties").toString()}, CLUSTER));
        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.err()).contains("app.properties does not exist");
    }

    @Test
    void originsSetRefusesOriginsATableRowCannotHave() {
        CliRun unknown = CliRun.of(
                concat(new String[] {"origins", "set", "acme", "--lab", "Acme", "--origin", "UNKNOWN"}, CLUSTER));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--origin UNKNOWN cannot be set", "CN, US, EU, OTHER, UNATTRIBUTED");

        CliRun mars = CliRun.of(
                concat(new String[] {"origins", "set", "acme", "--lab", "Acme", "--origin", "MARS"}, CLUSTER));
        assertThat(mars.exitCode()).isEqualTo(2);
        assertThat(mars.err()).contains("--origin", "MARS");

        CliRun noLab = CliRun.of(concat(new String[] {"origins", "set", "acme", "--origin", "US"}, CLUSTER));
        assertThat(noLab.exitCode()).isEqualTo(2);
        assertThat(noLab.err()).contains("--lab");
    }

    @Test
    void exportNeedsAnOutputDirectory() {
        CliRun run = CliRun.of(concat(new String[] {"export"}, CLUSTER));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--out=DIR'");
    }

    @Test
    void deadLettersNeedsABrokerButNoRegistryAndAPositiveLimit() {
        CliRun noBroker = CliRun.of("dead-letters");
        assertThat(noBroker.exitCode()).isEqualTo(2);
        assertThat(noBroker.err()).contains("bootstrap.servers is not set", "--bootstrap-servers");

        CliRun zero = CliRun.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), "dead-letters", "--limit", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--limit 0", "from 1 up").doesNotContain("schema.registry.url");
    }

    @Test
    void anUnreachableBrokerIsARuntimeFailureNamingAddressAndTimeout() {
        int closedPort = TcpPorts.free();
        String address = "127.0.0.1:" + closedPort;

        CliRun run = CliRun.of(
                "topics",
                "check",
                "--bootstrap-servers",
                address,
                "--schema-registry-url",
                "http://127.0.0.1:1",
                "--set",
                "default.api.timeout.ms=1500");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "Kafka at " + address,
                        "the command line",
                        "did not answer within 1 s",
                        "check that a broker runs at that address");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
