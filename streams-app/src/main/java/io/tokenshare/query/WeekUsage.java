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
 * @param inputTokens    input tokens of events that report the split
 * @param outputTokens   output tokens of events that report the split
 * @param categoryTokens tokens per workload category
 */
public record WeekUsage(String week, long tokens, long requests, long events, long inputTokens, long outputTokens,
                        Map<String, Long> categoryTokens) {

    static WeekUsage of(ModelWeekUsage usage) {
        return new WeekUsage(usage.getWeekStart().toString(), usage.getTokens(), usage.getRequests(), usage.getEvents(),
                sum(usage.getDailyInputTokens()), sum(usage.getDailyOutputTokens()), new TreeMap<>(usage.getCategoryTokens()));
    }

    private static long sum(List<Long> daily) {
        return daily.stream().mapToLong(Long::longValue).sum();
    }
}
