package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.internal.ModelWeekUsage;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeekUsageTest {

    private static ModelWeekUsage usage(List<Long> input, List<Long> output, List<Long> split) {
        return ModelWeekUsage.newBuilder()
                .setModelId("deepseek/deepseek-v3.2-20251201")
                .setWeekStart(LocalDate.parse("2026-02-09"))
                .setTokens(9000)
                .setRequests(3)
                .setEvents(3)
                .setDailyInputTokens(input)
                .setDailyOutputTokens(output)
                .setDailySplitTokens(split)
                .setCategoryTokens(Map.of("programming", 9000L))
                .setCategoryRequests(Map.of())
                .build();
    }

    @Test
    void aWeekWhoseEventsNeverReportTheSplitHasNoInputOrOutputFigures() {
        WeekUsage none = WeekUsage.of(usage(List.of(), List.of(), List.of()));
        WeekUsage zeros = WeekUsage.of(usage(List.of(0L, 0L), List.of(0L, 0L), List.of(0L, 0L)));

        for (WeekUsage week : List.of(none, zeros)) {
            assertThat(week.tokens()).isEqualTo(9000);
            assertThat(week.inputTokens()).isNull();
            assertThat(week.outputTokens()).isNull();
            assertThat(week.splitTokens()).isNull();
        }
    }

    @Test
    void aPartlyReportedSplitSaysWhichTokensItCovers() {
        WeekUsage week = WeekUsage.of(usage(List.of(3000L, 1000L), List.of(1000L, 0L), List.of(4000L, 1000L)));

        assertThat(week.inputTokens()).isEqualTo(4000);
        assertThat(week.outputTokens()).isEqualTo(1000);
        assertThat(week.splitTokens())
                .as("5,000 of the week's 9,000 tokens report a split")
                .isEqualTo(5000);
    }
}
