package io.tokenshare;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokenshare.ingest.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A thousand undecodable records cost a few lines of log, not a stack trace each. */
class DeadLetterLoggingTopologyTest {

    @Test
    void aThousandUndecodableRecordsWriteABoundedLog() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try (TopologyHarness h = new TopologyHarness()) {
            byte[] key = "m/x".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 1000; i++) {
                h.sendRaw(key, ("garbage " + i).getBytes(StandardCharsets.UTF_8));
            }

            assertThat(h.accounting.deadLetters(DeadLetterReason.UNDECODABLE)).isEqualTo(1000);
        } finally {
            root.detachAppender(captured);
        }
        // Everything logged while they were processed (the topology's start and stop included). At most
        // one dead-letter line per reason per 10 s (none if another test of this JVM just wrote one), no
        // stack traces: a few KB where it was ~5 MB.
        long chars = captured.list.stream()
                .mapToLong(e -> e.getFormattedMessage().length())
                .sum();
        assertThat(chars).isLessThan(5_000);
        assertThat(captured.list).noneMatch(e -> e.getThrowableProxy() != null);
        assertThat(captured.list.stream().filter(e -> e.getFormattedMessage().contains("UNDECODABLE")))
                .hasSizeLessThanOrEqualTo(1);
    }
}
