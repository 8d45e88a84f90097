package io.tokenshare.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.testsupport.TcpPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One line dated 2031 used to stop {@code demo --events} with exit 1 after a 30 s hang (the broker
 * refused the record's timestamp). Now it is dead-lettered with its reason before it is sent, listed
 * with its line, counted in the accounting, and the demo finishes.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoFutureEventIT {

    @TempDir
    Path dir;

    @Test
    void aFutureDatedLineIsDeadLetteredAndTheDemoFinishes() throws Exception {
        Path events = Files.write(
                dir.resolve("future.jsonl"),
                List.of(
                        "{\"event_id\":\"e1\",\"occurred_at\":\"2026-02-03T10:00:00Z\",\"model_id\":\"deepseek/deepseek-v3.2\",\"total_tokens\":600}",
                        "{\"event_id\":\"e2\",\"occurred_at\":\"2031-01-01T00:00:00Z\",\"model_id\":\"openai/gpt-5\",\"total_tokens\":300}",
                        "{\"event_id\":\"e3\",\"occurred_at\":\"2026-02-04T10:00:00Z\",\"model_id\":\"openai/gpt-5\",\"total_tokens\":400}"));
        Path origins = Path.of(getClass().getResource("/cli/demo-origins.csv").toURI());
        Path export = Files.createDirectory(dir.resolve("export"));

        CliRun run = CliRun.of(
                "demo",
                "--events",
                events.toString(),
                "--origins",
                origins.toString(),
                "--export",
                export.toString(),
                "--port",
                Integer.toString(TcpPorts.free()),
                "--registry-port",
                "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("future.jsonl, line 2: OCCURRED_IN_FUTURE", "sent to token-usage-dlq");
        JsonNode accounting =
                new ObjectMapper().readTree(export.resolve("accounting.json").toFile());
        assertThat(accounting.get("read").asLong()).isEqualTo(3);
        assertThat(accounting.get("counted").asLong()).isEqualTo(2);
        assertThat(accounting.get("dead_letters").get("OCCURRED_IN_FUTURE").asLong())
                .isEqualTo(1);
        assertThat(accounting.get("balances").asBoolean()).isTrue();
        assertThat(accounting.get("invalid_lines")).anySatisfy(line -> {
            assertThat(line.get("line").asLong()).isEqualTo(2);
            assertThat(line.get("reason").asText()).startsWith("OCCURRED_IN_FUTURE");
        });
    }
}
