package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeadLetterLogTest {

    @Test
    void oneLinePerReasonPerIntervalWithTheCountLeftOut() {
        Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterLog.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        AtomicLong nanos = new AtomicLong();
        DeadLetterLog log = new DeadLetterLog(Duration.ofSeconds(10), nanos::get);
        try {
            for (int i = 0; i < 1000; i++) {
                log.deadLettered(DeadLetterReason.UNDECODABLE, "token-usage-0@" + i, "bad magic byte");
                log.deadLettered(DeadLetterReason.IDENTIFIER_TOO_LONG, "token-usage-0@" + i, "x".repeat(10_000));
            }
            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
            log.deadLettered(DeadLetterReason.UNDECODABLE, "token-usage-0@1000", "bad magic byte");
        } finally {
            logger.detachAppender(captured);
        }

        assertThat(captured.list).hasSize(3);
        assertThat(captured.list.get(2).getFormattedMessage()).contains("999 more UNDECODABLE");
        assertThat(captured.list).allMatch(e -> e.getFormattedMessage().length() < 500);
    }
}
