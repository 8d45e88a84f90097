package io.tokenshare.window;

import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.commit.CommitFlushHook;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.serde.AvroSerdes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Stage 2: the (model, week) partials of every token-usage partition → one figure per (model, ISO week).
 * The ingest tasks aggregate their own partition's events in place (the local half); the partials,
 * repartitioned by model id, meet here (the global half). The traffic is one record per changed
 * (model, week) per ingest task and commit, not per event, so a hot model does not cap one task; the
 * merge emits once per commit too, so the single-partition share stage behind gets one merged record per
 * changed (model, week) per commit, whatever the partition count.
 *
 * <p>Keyed by model id rather than 'week|model': a model's weeks stay on one partition, so the model-week
 * store answers a query by model with one key lookup, as before the merge existed.
 */
public final class WindowStage {

    /** Header the ingest stage puts on each partial, naming the token-usage partition a partial was counted on: the merge step keeps one partial per partition. */
    public static final String PARTIAL_PARTITION_HEADER = "tokenshare.partial.partition";

    static final String REPARTITION_NAME = "partials-by-model";

    private WindowStage() {}

    /** Builds the merge and returns each merged (model, week) keyed by its week's Monday, 'yyyy-MM-dd'. */
    public static KStream<String, ModelWeekUsage> build(
            StageContext context, KStream<String, ModelWeekUsage> partials) {
        TokenshareSettings settings = context.settings();
        AvroSerdes serdes = context.serdes();
        Serde<ModelWeekUsage> usageSerde = serdes.forValues(ModelWeekUsage.class);
        return partials.repartition(Repartitioned.<String, ModelWeekUsage>as(REPARTITION_NAME)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(usageSerde))
                .process(merge(settings, usageSerde), Named.as("merge-model-week"));
    }

    private static ProcessorSupplier<String, ModelWeekUsage, String, ModelWeekUsage> merge(
            TokenshareSettings settings, Serde<ModelWeekUsage> usageSerde) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ModelWeekUsage, String, ModelWeekUsage> get() {
                return new ModelWeekMerge();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // Ordered, so that the topology description (and topology-docs/) is the same on every run.
                return new LinkedHashSet<>(List.of(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.MODEL_WEEK_PARTIALS),
                                Serdes.String(),
                                usageSerde),
                        Stores.timestampedWindowStoreBuilder(
                                        Stores.persistentTimestampedWindowStore(
                                                StoreNames.MODEL_WEEK_USAGE,
                                                settings.usageRetention(),
                                                IsoWeek.LENGTH,
                                                false),
                                        Serdes.String(),
                                        usageSerde)
                                // Written in the commit hook: not cached, as the hook requires.
                                .withCachingDisabled(),
                        CommitFlushHook.builder(StoreNames.MODEL_WEEK_MERGE_HOOK)));
            }
        };
    }
}
