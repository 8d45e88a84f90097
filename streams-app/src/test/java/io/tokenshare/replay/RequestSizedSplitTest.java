package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RequestSizedSplitTest {

    private static final LocalDate DAY = LocalDate.of(2026, 2, 9);
    private static final long HUNDRED_BILLION = 100_000_000_000L;

    private static List<TokenUsageEvent> split(RequestSizedSplit split, RankingsRow row) {
        return split.events(row).toList();
    }

    private static long sum(List<TokenUsageEvent> events) {
        return events.stream().mapToLong(TokenUsageEvent::getTotalTokens).sum();
    }

    @Test
    void everyShippedRowSplitsIntoEventsThatAddUpExactly() {
        RequestSizedSplit split = new RequestSizedSplit(7, 2_000, 60_000, 20);
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            rows.forEach(row -> {
                List<TokenUsageEvent> events = split(split, row);
                assertThat(events).hasSizeBetween(1, 20);
                assertThat(sum(events)).as(row.eventId()).isEqualTo(row.totalTokens());
            });
        }
    }

    @Test
    void aHundredBillionTokenRowIsCappedAndItsLastEventAbsorbsTheRemainder() {
        RankingsRow row = new RankingsRow(DAY, "deepseek/deepseek-v3.2", HUNDRED_BILLION);

        List<TokenUsageEvent> events = split(RequestSizedSplit.withDefaults(1), row);

        assertThat(events).hasSize(RequestSizedSplit.DEFAULT_MAX_EVENTS_PER_ROW);
        assertThat(sum(events)).isEqualTo(HUNDRED_BILLION);
        List<TokenUsageEvent> requestSized = events.subList(0, events.size() - 1);
        assertThat(requestSized).allSatisfy(event -> {
            assertThat(event.getTotalTokens()).isBetween(2_000L, 60_000L);
            assertThat(event.getRequests()).isEqualTo(1);
        });
        TokenUsageEvent last = events.get(events.size() - 1);
        long remainder = HUNDRED_BILLION - sum(requestSized);
        assertThat(last.getTotalTokens()).isEqualTo(remainder);
        assertThat((long) last.getRequests()).isBetween(remainder / 60_000, remainder / 2_000);
    }

    @Test
    void theLargestShippedRowFitsTheRequestsCounter() {
        RankingsRow row = new RankingsRow(DAY, "other", 7_519_183_440_956L);

        List<TokenUsageEvent> events = split(RequestSizedSplit.withDefaults(1), row);

        assertThat(sum(events)).isEqualTo(row.totalTokens());
        assertThat(events.get(events.size() - 1).getRequests()).isBetween(1, Integer.MAX_VALUE - 1);
    }

    @Test
    void aRowThatFitsUnderTheCapBecomesRequestSizedEventsOnly() {
        RankingsRow row = new RankingsRow(DAY, "mistralai/mistral-small", 1_000_000);

        List<TokenUsageEvent> events = split(RequestSizedSplit.withDefaults(3), row);

        assertThat(sum(events)).isEqualTo(1_000_000);
        assertThat(events.size()).isBetween(1_000_000 / 60_000, 1_000_000 / 2_000);
        assertThat(events).allSatisfy(event -> assertThat(event.getRequests()).isEqualTo(1));
        assertThat(events.subList(0, events.size() - 1))
                .allSatisfy(event -> assertThat(event.getTotalTokens()).isBetween(2_000L, 60_000L));
        assertThat(events.get(events.size() - 1).getTotalTokens()).isBetween(1L, 60_000L);
    }

    @Test
    void eachEventHasAPlausibleInputOutputSplitThatAddsUp() {
        RankingsRow row = new RankingsRow(DAY, "qwen/qwen3-coder", 50_000_000);

        List<TokenUsageEvent> events = split(RequestSizedSplit.withDefaults(11), row);

        assertThat(events).allSatisfy(event -> {
            assertThat(event.getInputTokens() + event.getOutputTokens()).isEqualTo(event.getTotalTokens());
            assertThat(event.getOutputTokens()).isNotNegative();
            if (event.getTotalTokens() >= 1_000) {
                double outputShare = (double) event.getOutputTokens() / event.getTotalTokens();
                assertThat(outputShare).isBetween(0.019, 0.251);
            }
        });
    }

    @Test
    void idsNumberTheEventsAndTimesSpreadOverTheDayInOrder() {
        RankingsRow row = new RankingsRow(DAY, "openai/gpt-5", 5_000_000);
        Instant dayStart = Instant.parse("2026-02-09T00:00:00Z");
        Instant nextDay = dayStart.plus(1, ChronoUnit.DAYS);

        List<TokenUsageEvent> events = split(RequestSizedSplit.withDefaults(5), row);

        assertThat(events)
                .extracting(TokenUsageEvent::getEventId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, events.size())
                        .mapToObj(n -> "rankings:2026-02-09:openai/gpt-5:" + n)
                        .toList());
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getModelId()).isEqualTo("openai/gpt-5");
            assertThat(event.getOccurredAt()).isAfterOrEqualTo(dayStart).isBefore(nextDay);
        });
        assertThat(events).extracting(TokenUsageEvent::getOccurredAt).isSorted();
        Instant firstHalfEnd = dayStart.plus(12, ChronoUnit.HOURS);
        long inFirstHalf = events.stream()
                .filter(e -> e.getOccurredAt().isBefore(firstHalfEnd))
                .count();
        assertThat(inFirstHalf).isBetween(events.size() / 2L - 1, events.size() / 2L + 1);
    }

    @Test
    void sameSeedSameEventsOtherSeedOtherEvents() {
        RankingsRow row = new RankingsRow(DAY, "z-ai/glm-4.6", 3_000_000);

        List<TokenUsageEvent> first = split(RequestSizedSplit.withDefaults(42), row);
        List<TokenUsageEvent> again = split(RequestSizedSplit.withDefaults(42), row);
        List<TokenUsageEvent> otherSeed = split(RequestSizedSplit.withDefaults(43), row);

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(sum(otherSeed)).isEqualTo(sum(first));
    }

    @Test
    void aRowSplitsTheSameAloneAsWithinTheFile() {
        RequestSizedSplit split = new RequestSizedSplit(9, 2_000, 60_000, 50);
        List<RankingsRow> rows;
        try (Stream<RankingsRow> shipped = ShippedData.rankings()) {
            rows = shipped.limit(200).toList();
        }
        RankingsRow chosen = rows.get(150);

        List<TokenUsageEvent> withinFile = rows.stream()
                .flatMap(split::events)
                .filter(event -> event.getEventId().startsWith(chosen.eventId() + ":"))
                .toList();

        assertThat(split(split, chosen)).isEqualTo(withinFile);
    }

    @Test
    void rowsSmallerThanARequestAndEmptyRowsGiveOneEvent() {
        RequestSizedSplit split = RequestSizedSplit.withDefaults(1);

        List<TokenUsageEvent> small = split(split, new RankingsRow(DAY, "a/b", 500));
        List<TokenUsageEvent> empty = split(split, new RankingsRow(DAY, "a/b", 0));

        assertThat(small).singleElement().satisfies(event -> assertThat(event.getTotalTokens())
                .isEqualTo(500));
        assertThat(empty).singleElement().satisfies(event -> assertThat(event.getTotalTokens())
                .isZero());
    }

    @Test
    void aCapOfOneMakesOneRollUpWithAnEstimatedRequestCount() {
        RankingsRow row = new RankingsRow(DAY, "a/b", 10_000_000);

        List<TokenUsageEvent> events = split(new RequestSizedSplit(1, 2_000, 60_000, 1), row);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getTotalTokens()).isEqualTo(10_000_000);
            assertThat(event.getRequests()).isBetween(10_000_000 / 60_000, 10_000_000 / 2_000);
        });
    }

    @Test
    void rejectsSettingsThatCannotSplit() {
        assertThatThrownBy(() -> new RequestSizedSplit(1, 0, 10, 5)).hasMessageContaining("1 <= min <= max");
        assertThatThrownBy(() -> new RequestSizedSplit(1, 100, 10, 5)).hasMessageContaining("min=100 max=10");
        assertThatThrownBy(() -> new RequestSizedSplit(1, 1, 10, 0)).hasMessageContaining("maxEventsPerRow");
    }
}
