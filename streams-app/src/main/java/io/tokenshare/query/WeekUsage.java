package io.tokenshare.query;

import io.tokenshare.avro.internal.ModelWeekUsage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's raw usage in one week, from the windowed store.
 *
 * @param week           Monday of the ISO week
 * @param tokens         all tokens
 * @param requests       all requests
 * @param events         distinct events counted
 * @param inputTokens    input tokens of events that report the split; null when none does
 * @param outputTokens   output tokens of events that report the split; null when none does
 * @param splitTokens    all tokens of the events that report the split (what the two figures above
 *                       cover); null when none does
 * @param categoryTokens tokens per workload category
 */
public record WeekUsage(
        String week,
        long tokens,
        long requests,
        long events,
        Long inputTokens,
        Long outputTokens,
        Long splitTokens,
        Map<String, Long> categoryTokens) {

    static WeekUsage of(ModelWeekUsage usage) {
        long input = sum(usage.getDailyInputTokens());
        long output = sum(usage.getDailyOutputTokens());
        long split = sum(usage.getDailySplitTokens());
        // A week whose events never report the split has no input/output figures: 0 would claim they were measured.
        boolean reported = input + output + split > 0;
        return new WeekUsage(
                usage.getWeekStart().toString(),
                usage.getTokens(),
                usage.getRequests(),
                usage.getEvents(),
                reported ? input : null,
                reported ? output : null,
                reported ? split : null,
                new TreeMap<>(usage.getCategoryTokens()));
    }

    private static long sum(List<Long> daily) {
        return daily.stream().mapToLong(Long::longValue).sum();
    }
}
