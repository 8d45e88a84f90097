package io.tokenshare.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.cli.ExitCodes;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A demo whose HTTP port is taken says so at once, before the pipeline runs, without a stack trace. */
class DemoPortTest {

    @Test
    void aPortInUseIsAUsageErrorBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();

            CliRun run = CliRun.of("demo", "--port", Integer.toString(port));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err())
                    .contains("--port " + port + " is already in use", "--port N")
                    .doesNotContain("Exception", "\tat ");
            assertThat(run.out()).doesNotContain("Embedded Kafka broker");
        }
    }
}
