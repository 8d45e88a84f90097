package io.tokenshare.window;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.ModelWeekUsage;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Building and adding to a model's weekly usage. */
public final class ModelWeekUsages {

    /** Where events without a category are counted. */
    public static final String UNCATEGORIZED = "uncategorized";

    private static final int DAYS = 7;

    private ModelWeekUsages() {}

    /** An empty aggregate; model and week are filled in by the first event. */
    public static ModelWeekUsage empty() {
        return ModelWeekUsage.newBuilder()
                .setModelId("")
                .setWeekStart(LocalDate.EPOCH)
                .setDailyInputTokens(zeros())
                .setDailyOutputTokens(zeros())
                .setDailySplitTokens(zeros())
                .setCategoryTokens(new HashMap<>())
                .setCategoryRequests(new HashMap<>())
                .build();
    }

    /** Adds one event to the aggregate of its model and week, in place, and returns it. */
    public static ModelWeekUsage add(String modelId, TokenUsageEvent event, ModelWeekUsage usage) {
        Instant at = event.getOccurredAt();
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        usage.setModelId(modelId);
        usage.setWeekStart(IsoWeek.containing(day).monday());
        usage.setTokens(usage.getTokens() + event.getTotalTokens());
        usage.setRequests(usage.getRequests() + event.getRequests());
        usage.setEvents(usage.getEvents() + 1);
        if (event.getInputTokens() != null && event.getOutputTokens() != null) {
            int d = day.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue();
            addAt(usage.getDailyInputTokens(), d, event.getInputTokens());
            addAt(usage.getDailyOutputTokens(), d, event.getOutputTokens());
            addAt(usage.getDailySplitTokens(), d, event.getTotalTokens());
        }
        String category = event.getCategory() == null || event.getCategory().isBlank()
                ? UNCATEGORIZED
                : event.getCategory().trim().toLowerCase(java.util.Locale.ROOT);
        usage.getCategoryTokens().merge(category, event.getTotalTokens(), Long::sum);
        usage.getCategoryRequests().merge(category, (long) event.getRequests(), Long::sum);
        return usage;
    }

    /** Adds another partial of the same model and week to {@code into}, in place, and returns it. */
    public static ModelWeekUsage merge(ModelWeekUsage into, ModelWeekUsage partial) {
        into.setModelId(partial.getModelId());
        into.setWeekStart(partial.getWeekStart());
        into.setTokens(into.getTokens() + partial.getTokens());
        into.setRequests(into.getRequests() + partial.getRequests());
        into.setEvents(into.getEvents() + partial.getEvents());
        for (int d = 0; d < DAYS; d++) {
            addAt(into.getDailyInputTokens(), d, dayOf(partial.getDailyInputTokens(), d));
            addAt(into.getDailyOutputTokens(), d, dayOf(partial.getDailyOutputTokens(), d));
            addAt(into.getDailySplitTokens(), d, dayOf(partial.getDailySplitTokens(), d));
        }
        partial.getCategoryTokens()
                .forEach((category, tokens) -> into.getCategoryTokens().merge(category, tokens, Long::sum));
        partial.getCategoryRequests()
                .forEach((category, requests) -> into.getCategoryRequests().merge(category, requests, Long::sum));
        return into;
    }

    private static long dayOf(List<Long> daily, int day) {
        return day < daily.size() ? daily.get(day) : 0L;
    }

    private static void addAt(List<Long> daily, int day, long amount) {
        while (daily.size() < DAYS) {
            daily.add(0L);
        }
        daily.set(day, daily.get(day) + amount);
    }

    private static List<Long> zeros() {
        List<Long> z = new ArrayList<>(DAYS);
        for (int i = 0; i < DAYS; i++) {
            z.add(0L);
        }
        return z;
    }
}
