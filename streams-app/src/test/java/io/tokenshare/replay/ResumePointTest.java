package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResumePointTest {

    @Test
    void resumesAtTheFirstLineWithARecordNotYetAcknowledged() {
        ResumePoint point = new ResumePoint();
        for (long line = 1; line <= 5; line++) {
            point.handed(line);
        }
        point.handed(3); // a rankings row split into two events
        point.acknowledged(1);
        point.acknowledged(2);
        point.acknowledged(4);
        point.acknowledged(3);

        assertThat(point.line()).isEqualTo(3);
        point.acknowledged(3);
        assertThat(point.line()).isEqualTo(5);
        point.acknowledged(5);
        assertThat(point.line()).isEqualTo(6);
    }

    @Test
    void aStoppedReplaySaysWhichLineToResumeFrom() {
        PublishException stopped = new PublishException(
                        "Kafka at localhost:9092 could not take a record",
                        new PublishReport(41, 2, Duration.ofSeconds(3)),
                        null)
                .withResumeLine(44);

        assertThat(stopped.resumeLine()).isEqualTo(44);
        assertThat(stopped.getMessage())
                .contains("acknowledged before stopping: 41 records", "run the same command with --from-line 44");
    }
}
