package io.tokenshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.TokenUsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryWeeklyAggregationTest {

    private static final long NOW = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    private final InMemoryWeeklyAggregation loop =
            new InMemoryWeeklyAggregation(Duration.ofDays(7), Duration.ofDays(2));

    @Test
    void countsEachEventOnceIntoItsIsoWeek() {
        loop.add(0, event("a", "2026-02-09T10:00:00Z", 100), NOW);
        loop.add(0, event("b", "2026-02-15T23:59:59Z", 50), NOW);
        loop.add(0, event("a", "2026-02-09T10:00:00Z", 100), NOW);
        loop.add(0, event("c", "2026-02-16T00:00:00Z", 7), NOW);

        assertThat(loop.counted()).isEqualTo(3);
        assertThat(loop.duplicates()).isEqualTo(1);
        assertThat(loop.tokensByWeek())
                .isEqualTo(Map.of(LocalDate.of(2026, 2, 9), 150L, LocalDate.of(2026, 2, 16), 7L));
    }

    @Test
    void invalidEventsAreNotCounted() {
        TokenUsageEvent negative = event("n", "2026-02-09T10:00:00Z", 100);
        negative.setTotalTokens(-1L);

        loop.add(0, negative, NOW);
        loop.add(0, null, NOW);

        assertThat(loop.invalid()).isEqualTo(2);
        assertThat(loop.counted()).isZero();
    }

    @Test
    void lateIsJudgedByTheEventTimeOfTheEventsOwnPartition() {
        loop.add(0, event("x", "2026-03-02T00:00:00Z", 10), NOW);
        TokenUsageEvent old = event("y", "2026-02-09T10:00:00Z", 5);

        loop.add(0, old, NOW);
        loop.add(1, old, NOW);

        assertThat(loop.late()).isEqualTo(1);
        assertThat(loop.counted()).isEqualTo(2);
    }

    private static TokenUsageEvent event(String id, String at, long tokens) {
        return TokenUsageEvent.newBuilder()
                .setEventId(id)
                .setModelId("deepseek/model-001")
                .setOccurredAt(Instant.parse(at))
                .setTotalTokens(tokens)
                .build();
    }
}
