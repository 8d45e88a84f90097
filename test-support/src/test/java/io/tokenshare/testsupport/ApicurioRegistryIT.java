package io.tokenshare.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test registry starts as a child process, enforces BACKWARD globally and leaves nothing behind. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ApicurioRegistryIT {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistryIT.class);

    @Test
    void servesTheConfluentApiWithBackwardCompatibilityAndStopsCompletely() {
        ApicurioRegistry registry = ApicurioRegistry.start();
        ProcessHandle process = registry.processHandle();
        int port = registry.port();
        try (registry) {
            LOG.info(
                    "Apicurio Registry startup took {} ms",
                    registry.startupTime().toMillis());
            assertThat(registry.startupTime()).isPositive().isLessThan(Duration.ofMinutes(3));
            assertThat(registry.ccompatUrl()).isEqualTo("http://127.0.0.1:" + port + "/apis/ccompat/v7");
            assertThat(process.isAlive()).isTrue();

            assertThat(registry.get("/apis/ccompat/v7/config")).contains("BACKWARD");
            assertThat(registry.get("/apis/ccompat/v7/subjects")).isEqualTo("[]");
        }
        registry.close();
        assertThat(process.isAlive())
                .as("registry process %s after close", process.pid())
                .isFalse();
        assertThat(TcpPorts.isFree(port)).as("port %s after close", port).isTrue();
    }
}
