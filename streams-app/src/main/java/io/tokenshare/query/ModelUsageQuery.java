package io.tokenshare.query;

import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.config.StoreNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One model's weekly usage from the windowed store: a key lookup, since usage is partitioned by model id.
 *
 * @param modelId the model, e.g. deepseek/deepseek-v3.2-20251201
 * @param weeks   the weeks, inclusive
 */
record ModelUsageQuery(String modelId, WeekRange weeks) implements StoreQuery<WeekUsage> {

    static final String NAME = "model-usage";
    /** Query parameters of the public route; the model id is in the path. */
    static final Set<String> PARAMETERS = Set.of("from", "to");
    // A model id of the shipped data: OpenRouter permaslugs carry the release date.
    static final String EXAMPLE_MODEL = "deepseek/deepseek-v3.2-20251201";

    /** Reads the public route's parameters. */
    static ModelUsageQuery parse(String modelId, ApiParameters parameters) {
        return new ModelUsageQuery(
                ApiParameters.identifier("modelId", modelId, EXAMPLE_MODEL), parameters.weekRange("from", "to"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String store() {
        return StoreNames.MODEL_WEEK_USAGE;
    }

    @Override
    public Class<WeekUsage> itemType() {
        return WeekUsage.class;
    }

    @Override
    public Optional<String> routingKey() {
        return Optional.of(modelId);
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of(
                "modelId",
                modelId,
                "from",
                weeks.from().toString(),
                "to",
                weeks.to().toString());
    }

    @Override
    public List<WeekUsage> read(PartitionReader partition) {
        return partition
                .<ModelWeekUsage>windows(StoreNames.MODEL_WEEK_USAGE, modelId, weeks.fromStart(), weeks.toStart())
                .stream()
                .map(window -> WeekUsage.of(window.value))
                .toList();
    }
}
