package io.tokenshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.ingest.UsageValidator;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoricalFillTest {

    private static final List<String> AUTHORS = List.of("openai", "anthropic", "deepseek", "qwen", "mistralai");
    private static final long NOW_MS =
            LocalDate.of(2026, 12, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

    @Test
    void sameSeedGivesTheSameEventsAndAnotherSeedOtherEvents() {
        List<TokenUsageEvent> first = generate(HistoricalFill.Plan.standard(5_000, 42));
        List<TokenUsageEvent> again = generate(HistoricalFill.Plan.standard(5_000, 42));
        List<TokenUsageEvent> other = generate(HistoricalFill.Plan.standard(5_000, 43));

        assertThat(again).isEqualTo(first);
        assertThat(other).hasSameSizeAs(first);
        long differing = 0;
        for (int i = 0; i < first.size(); i++) {
            if (!first.get(i).equals(other.get(i))) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(4_900);
    }

    @Test
    void groundTruthAgreesWithAnIndependentRecountOfTheEvents() {
        HistoricalFill.Plan plan = HistoricalFill.Plan.standard(60_000, 7);
        HistoricalFill fill = new HistoricalFill(plan, AUTHORS);
        List<TokenUsageEvent> events = drain(fill);

        Set<String> seenIds = new HashSet<>();
        Map<LocalDate, Long> tokensByMonday = new HashMap<>();
        long valid = 0;
        long resent = 0;
        long invalid = 0;
        for (TokenUsageEvent e : events) {
            if (UsageValidator.check(e, NOW_MS).isPresent()) {
                invalid++;
            } else if (!seenIds.add(e.getEventId())) {
                resent++;
            } else {
                valid++;
                LocalDate day = e.getOccurredAt().atZone(ZoneOffset.UTC).toLocalDate();
                long weekIndex = Math.floorDiv(ChronoUnit.DAYS.between(plan.firstMonday(), day), 7);
                tokensByMonday.merge(plan.firstMonday().plusWeeks(weekIndex), e.getTotalTokens(), Long::sum);
            }
        }

        FillTally tally = fill.tally();
        assertThat(tally.records()).isEqualTo(60_000);
        assertThat(tally.valid()).isEqualTo(valid);
        assertThat(tally.duplicates()).isEqualTo(resent);
        assertThat(tally.invalid()).isEqualTo(invalid);
        Map<LocalDate, Long> nonEmptyWeeks = new HashMap<>(tally.tokensByWeek());
        nonEmptyWeeks.values().removeIf(tokens -> tokens == 0);
        assertThat(nonEmptyWeeks).isEqualTo(tokensByMonday);
    }

    @Test
    void mixesResendsAndInvalidRecordsInTheirPlannedShares() {
        HistoricalFill fill = new HistoricalFill(HistoricalFill.Plan.standard(100_000, 11), AUTHORS);
        drain(fill);

        assertThat(fill.tally().duplicates()).isBetween(800L, 1_200L);
        assertThat(fill.tally().invalid()).isBetween(350L, 650L);
    }

    @Test
    void eventsStayInTheCalendarInEventTimeOrderWithTrafficGrowing() {
        HistoricalFill.Plan plan = HistoricalFill.Plan.standard(40_000, 3);
        HistoricalFill fill = new HistoricalFill(plan, AUTHORS);
        long start = plan.firstMonday().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = plan.endMonday().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Set<String> ids = new HashSet<>();
        long latestNewEvent = Long.MIN_VALUE;
        Set<String> models = new HashSet<>();
        for (TokenUsageEvent e : drain(fill)) {
            if (e.getOccurredAt() == null || !ids.add(e.getEventId())) {
                continue;
            }
            long t = e.getOccurredAt().toEpochMilli();
            assertThat(t).isBetween(start, end - 1);
            assertThat(t).isGreaterThanOrEqualTo(latestNewEvent);
            latestNewEvent = t;
            models.add(e.getModelId());
        }
        Map<LocalDate, Long> weeks = fill.tally().tokensByWeek();
        assertThat(weeks).hasSize(80);
        assertThat(weeks.get(plan.firstMonday().plusWeeks(79))).isGreaterThan(5 * weeks.get(plan.firstMonday()));
        assertThat(models).hasSizeBetween(200, 500);
    }

    @Test
    void validEventsHaveRealisticTokenSizes() {
        List<Long> totals = new ArrayList<>();
        long withSplit = 0;
        for (TokenUsageEvent e : drain(new HistoricalFill(
                new HistoricalFill.Plan(20_000, 80, LocalDate.of(2025, 1, 6), 500, 20, 0, 0, 5), AUTHORS))) {
            totals.add(e.getTotalTokens());
            if (e.getInputTokens() != null) {
                withSplit++;
                assertThat(e.getTotalTokens()).isGreaterThanOrEqualTo(e.getInputTokens() + e.getOutputTokens());
                assertThat(e.getInputTokens()).isPositive();
                assertThat(e.getOutputTokens()).isPositive();
            }
        }
        totals.sort(null);
        assertThat(totals.get(totals.size() / 2)).isBetween(800L, 4_000L);
        assertThat(totals.get(totals.size() - 1)).isGreaterThan(50_000L);
        assertThat(withSplit).isBetween(17_000L, 19_000L);
    }

    @Test
    void refusesACalendarThatDoesNotStartOnAMonday() {
        assertThatThrownBy(() -> new HistoricalFill.Plan(10, 4, LocalDate.of(2025, 1, 7), 10, 1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start on a Monday")
                .hasMessageContaining("TUESDAY");
    }

    private static List<TokenUsageEvent> generate(HistoricalFill.Plan plan) {
        return drain(new HistoricalFill(plan, AUTHORS));
    }

    private static List<TokenUsageEvent> drain(HistoricalFill fill) {
        List<TokenUsageEvent> events = new ArrayList<>();
        // The fill resends the very event objects it sent before; copies keep this list a record of what was sent.
        fill.forEachRemaining(e -> events.add(TokenUsageEvent.newBuilder(e).build()));
        return events;
    }
}
