package io.tokenshare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkMarkersTest {

    @Test
    void closesTheWeekOfTheLastEventOneMillisecondAfterItsGrace() {
        // 2026-02-12 is a Thursday: its ISO week ends Monday 2026-02-16 00:00 UTC.
        Instant lastEvent = Instant.parse("2026-02-12T09:00:00Z");

        assertThat(WatermarkMarkers.closingTimeOf(lastEvent, Duration.ofDays(2)))
                .isEqualTo(Instant.parse("2026-02-18T00:00:00.001Z"));
        assertThat(WatermarkMarkers.closingTimeOf(lastEvent, Duration.ZERO))
                .isEqualTo(Instant.parse("2026-02-16T00:00:00.001Z"));
    }

    @Test
    void anEventOnTheLastMillisecondOfAWeekStaysInThatWeek() {
        Instant sundayNight = Instant.parse("2026-02-15T23:59:59.999Z");

        assertThat(WatermarkMarkers.closingTimeOf(sundayNight, Duration.ofHours(36)))
                .isEqualTo(Instant.parse("2026-02-17T12:00:00.001Z"));
    }
}
