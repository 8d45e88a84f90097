package io.tokenshare.share;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Builds hand-made attributed model weeks for the share tests; unset figures are 0, spend unknown. */
final class ModelWeekFixture {

    private final String modelId;
    private final LocalDate week;
    private String lab;
    private Origin origin = Origin.UNKNOWN;
    private long tokens;
    private long requests;
    private Double spendUsd;
    private long spendCoveredTokens;
    private final Map<String, Long> categoryTokens = new HashMap<>();
    private final Map<String, Long> categoryRequests = new HashMap<>();

    private ModelWeekFixture(String modelId, LocalDate week) {
        this.modelId = modelId;
        this.week = week;
        this.lab = modelId.contains("/") ? modelId.substring(0, modelId.indexOf('/')) : modelId;
    }

    static ModelWeekFixture model(String modelId, LocalDate week) {
        return new ModelWeekFixture(modelId, week);
    }

    ModelWeekFixture lab(String value) {
        lab = value;
        return this;
    }

    ModelWeekFixture origin(Origin value) {
        origin = value;
        return this;
    }

    ModelWeekFixture tokens(long value) {
        tokens = value;
        return this;
    }

    ModelWeekFixture requests(long value) {
        requests = value;
        return this;
    }

    ModelWeekFixture spend(double usd, long coveredTokens) {
        spendUsd = usd;
        spendCoveredTokens = coveredTokens;
        return this;
    }

    ModelWeekFixture category(String category, long categoryTokenCount, long categoryRequestCount) {
        categoryTokens.put(category, categoryTokenCount);
        categoryRequests.put(category, categoryRequestCount);
        return this;
    }

    AttributedModelWeek build() {
        ModelWeekUsage usage = ModelWeekUsage.newBuilder()
                .setModelId(modelId)
                .setWeekStart(week)
                .setTokens(tokens)
                .setRequests(requests)
                .setEvents(requests)
                .setCategoryTokens(new HashMap<>(categoryTokens))
                .setCategoryRequests(new HashMap<>(categoryRequests))
                .build();
        return AttributedModelWeek.newBuilder()
                .setUsage(usage)
                .setLab(lab)
                .setOrigin(origin)
                .setAttributedBy(origin == Origin.UNKNOWN ? null : lab)
                .setSpendUsd(spendUsd)
                .setSpendCoveredTokens(spendCoveredTokens)
                .build();
    }
}
