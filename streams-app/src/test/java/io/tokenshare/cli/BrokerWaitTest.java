package io.tokenshare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BrokerWaitTest {

    private final StringWriter printed = new StringWriter();
    private final AtomicLong now = new AtomicLong();
    private final BrokerWait wait =
            new BrokerWait(Duration.ofSeconds(60), "--broker-patience", new PrintWriter(printed), now::get);

    private RuntimeFailure unreachable() {
        now.addAndGet(Duration.ofSeconds(16).toNanos());
        return new RuntimeFailure(
                "Kafka at localhost:9092 did not answer within 15 s", new TimeoutException("no answer"));
    }

    @Test
    void anUnreachableBrokerIsWaitedOutWithAProgressLine() {
        AtomicInteger attempts = new AtomicInteger();

        wait.until(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw unreachable();
            }
        });

        assertThat(attempts).hasValue(3);
        assertThat(printed.toString())
                .contains(
                        "did not answer within 15 s; still waiting (16 s of up to 60 s, --broker-patience)",
                        "(32 s of up to 60 s");
    }

    @Test
    void thePatienceBoundsTheWait() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> wait.until(() -> {
                    attempts.incrementAndGet();
                    throw unreachable();
                }))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("did not answer");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aRefusalIsNotWaitedOut() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> wait.until(() -> {
                    attempts.incrementAndGet();
                    throw new RuntimeFailure("topics are missing: token-usage");
                }))
                .hasMessageContaining("missing");
        assertThat(attempts).hasValue(1);
        assertThat(printed.toString()).isEmpty();
    }
}
