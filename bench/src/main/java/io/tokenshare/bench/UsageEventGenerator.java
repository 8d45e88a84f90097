package io.tokenshare.bench;

import io.tokenshare.avro.TokenUsageEvent;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Request-level token-usage events as a gateway would report them: a prompt of a few hundred to many
 * thousand tokens, a shorter completion, sometimes reasoning tokens on top (so total exceeds the
 * split), sometimes no split at all, a workload category, provider and app. Seeded and deterministic.
 */
final class UsageEventGenerator {

    private static final List<String> CATEGORIES = List.of(
            "programming",
            "roleplay",
            "marketing",
            "translation",
            "science",
            "academia",
            "legal",
            "finance",
            "health",
            "trivia",
            "technology",
            "seo");
    private static final List<String> PROVIDERS = List.of(
            "deepinfra", "together", "fireworks", "novita", "azure", "bedrock", "vertex", "groq", "chutes", "parasail");
    private static final int APPS = 60;

    // Prompt and completion sizes are log-normal: medians of 1,200 and 250 tokens, long right tails.
    private static final double PROMPT_LOG_MEDIAN = Math.log(1_200);
    private static final double PROMPT_LOG_SIGMA = 1.3;
    private static final double COMPLETION_LOG_MEDIAN = Math.log(250);
    private static final double COMPLETION_LOG_SIGMA = 1.1;
    private static final double REASONING_LOG_MEDIAN = Math.log(600);
    private static final long MAX_PROMPT = 400_000;
    private static final long MAX_COMPLETION = 64_000;
    private static final double REASONING_SHARE = 0.2;
    private static final double WITHOUT_SPLIT_SHARE = 0.1;
    private static final double UNCATEGORIZED_SHARE = 0.15;
    private static final double WITHOUT_APP_SHARE = 0.3;

    private final SplittableRandom random;
    private final ModelCatalog catalog;

    UsageEventGenerator(SplittableRandom random, ModelCatalog catalog) {
        this.random = random;
        this.catalog = catalog;
    }

    /** A valid event of a model drawn by {@code picker}, at the given event time. */
    TokenUsageEvent validEvent(ModelCatalog.Picker picker, long occurredAtMs) {
        String model = catalog.id(picker.pick(random));
        long prompt = logNormal(PROMPT_LOG_MEDIAN, PROMPT_LOG_SIGMA, MAX_PROMPT);
        long completion = logNormal(COMPLETION_LOG_MEDIAN, COMPLETION_LOG_SIGMA, MAX_COMPLETION);
        long reasoning =
                random.nextDouble() < REASONING_SHARE ? logNormal(REASONING_LOG_MEDIAN, 1.0, MAX_COMPLETION) : 0;
        boolean split = random.nextDouble() >= WITHOUT_SPLIT_SHARE;
        return TokenUsageEvent.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setOccurredAt(Instant.ofEpochMilli(occurredAtMs))
                .setModelId(model)
                .setProvider(PROVIDERS.get(random.nextInt(PROVIDERS.size())))
                .setApp(random.nextDouble() < WITHOUT_APP_SHARE ? null : "app-" + random.nextInt(APPS))
                .setCategory(
                        random.nextDouble() < UNCATEGORIZED_SHARE
                                ? null
                                : CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                .setInputTokens(split ? prompt : null)
                .setOutputTokens(split ? completion : null)
                .setTotalTokens(prompt + completion + reasoning)
                .setRequests(1)
                .build();
    }

    /**
     * A valid event spoiled by one of the mistakes a producer makes (negative or inconsistent token
     * counts, no event time, blank id, no request), which the pipeline must dead-letter.
     */
    TokenUsageEvent invalidEvent(ModelCatalog.Picker picker, long occurredAtMs) {
        TokenUsageEvent event = validEvent(picker, occurredAtMs);
        switch (random.nextInt(5)) {
            case 0 -> event.setTotalTokens(-event.getTotalTokens());
            case 1 -> {
                event.setInputTokens(event.getTotalTokens());
                event.setOutputTokens(1L);
            }
            case 2 -> event.setOccurredAt(null);
            case 3 -> event.setEventId(" ");
            default -> event.setRequests(0);
        }
        return event;
    }

    private long logNormal(double logMedian, double sigma, long max) {
        return Math.max(1, Math.min(max, Math.round(Math.exp(logMedian + sigma * random.nextGaussian()))));
    }
}
