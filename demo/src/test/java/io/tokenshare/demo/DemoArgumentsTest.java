package io.tokenshare.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo jar's command line: the app's commands plus {@code demo}, whose options are checked before anything starts. */
class DemoArgumentsTest {

    @TempDir
    Path dir;

    @Test
    void theDemoJarOffersDemoBesideTheAppsCommands() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("name a command", "demo", "run", "replay", "origins", "topics", "export");
    }

    @Test
    void unknownDemoOptionsAreUsageErrors() {
        CliRun run = CliRun.of("demo", "--speed", "11");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown options: '--speed'");
    }

    @Test
    void demoChecksItsOptionsBeforeStartingAnything() {
        CliRun port = CliRun.of("demo", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port 70000 is not a TCP port");

        CliRun events = CliRun.of("demo", "--events", dir.resolve("none.jsonl").toString());
        assertThat(events.exitCode()).isEqualTo(2);
        assertThat(events.err()).contains("none.jsonl does not exist");
    }
}
