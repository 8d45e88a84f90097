package io.tokenshare.share;

import io.tokenshare.attribution.OriginTable;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.avro.internal.WeekStatus;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.serde.AvroSerdes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Stage 4: model weeks regrouped by week → attributed with the global origin table → distributions
 * by origin, lab, model and category on every basis → the share-by-* topics. Runs on one partition: a
 * week's figures read the three weeks before it, and the volume here is one record per changed
 * (model, week) per commit, not per event.
 */
public final class ShareStage {

    private static final String OUTPUT_PREFIX = "share-output-";

    private ShareStage() {}

    /**
     * Builds the stage and returns every emitted distribution, keyed 'week|basis|dimension', for the alert stage.
     *
     * @param usageByWeek    each (model, week) merged over every token-usage partition, keyed by week
     * @param ingestProgress each token-usage partition's event time and counted tokens per week
     * @param origins        the origin table the weeks are attributed with
     */
    public static KStream<String, WeekDistribution> build(
            StageContext context,
            KStream<String, ModelWeekUsage> usageByWeek,
            KStream<String, IngestProgress> ingestProgress,
            OriginTable origins) {
        TokenshareSettings settings = context.settings();
        AvroSerdes serdes = context.serdes();
        KStream<String, ModelWeekUsage> byWeek =
                usageByWeek.repartition(Repartitioned.<String, ModelWeekUsage>as("usage-by-week")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serdes.forValues(ModelWeekUsage.class))
                        .withNumberOfPartitions(1));
        ShareCalculator calculator = new ShareCalculator(settings.topN(), context.clock());
        Map<String, KStream<String, ShareOutput>> outputs = byWeek.process(
                        weekShares(settings, serdes, calculator, origins), Named.as("compute-week-shares"))
                .split(Named.as(OUTPUT_PREFIX))
                .branch((k, o) -> o instanceof ShareOutput.Distribution, Branched.as("distribution"))
                .branch((k, o) -> o.isRowOf(ShareDimension.ORIGIN), Branched.as("origin"))
                .branch((k, o) -> o.isRowOf(ShareDimension.LAB), Branched.as("lab"))
                .branch((k, o) -> o.isRowOf(ShareDimension.MODEL), Branched.as("model"))
                .defaultBranch(Branched.as("category"));

        recordProgress(ingestProgress, serdes);
        Serde<ShareRow> rowSerde = serdes.forValues(ShareRow.class);
        writeRows(
                outputs.get(OUTPUT_PREFIX + "origin"),
                "origin",
                settings.topics().shareByOrigin(),
                rowSerde);
        writeRows(outputs.get(OUTPUT_PREFIX + "lab"), "lab", settings.topics().shareByLab(), rowSerde);
        writeRows(
                outputs.get(OUTPUT_PREFIX + "model"), "model", settings.topics().shareByModel(), rowSerde);
        writeRows(
                outputs.get(OUTPUT_PREFIX + "category"),
                "category",
                settings.topics().shareByCategory(),
                rowSerde);
        return outputs.get(OUTPUT_PREFIX + "distribution")
                .mapValues(o -> ((ShareOutput.Distribution) o).distribution(), Named.as("unwrap-distribution"));
    }

    /**
     * The recorder writes three of the week-share processor's stores (each partition's event time, counted tokens and days with data):
     * it is connected to them by name, which also puts both processors in one task. It is added after the week-share
     * processor, whose supplier creates the stores.
     */
    private static void recordProgress(KStream<String, IngestProgress> ingestProgress, AvroSerdes serdes) {
        ingestProgress
                .repartition(Repartitioned.<String, IngestProgress>as("ingest-progress-by-partition")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serdes.forValues(IngestProgress.class))
                        .withNumberOfPartitions(1))
                .process(
                        IngestProgressRecorder::new,
                        Named.as("record-ingest-progress"),
                        StoreNames.INGEST_PROGRESS,
                        StoreNames.COUNTED_WEEK_TOKENS,
                        StoreNames.COUNTED_WEEK_DAYS);
    }

    private static ProcessorSupplier<String, ModelWeekUsage, String, ShareOutput> weekShares(
            TokenshareSettings settings, AvroSerdes serdes, ShareCalculator calculator, OriginTable origins) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ModelWeekUsage, String, ShareOutput> get() {
                return new WeekShareProcessor(
                        calculator,
                        settings.emitInterval(),
                        settings.grace(),
                        settings.tokenUsagePartitions(),
                        origins);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // Ordered, so that the topology description (and topology-docs/) is the same on every run.
                return new LinkedHashSet<>(List.of(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.WEEK_MODELS),
                                Serdes.String(),
                                serdes.forValues(AttributedModelWeek.class)),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.WEEK_STATUS),
                                Serdes.String(),
                                serdes.forValues(WeekStatus.class)),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.SHARE_ROWS),
                                Serdes.String(),
                                serdes.forValues(ShareRow.class)),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.INGEST_PROGRESS),
                                Serdes.String(),
                                Serdes.Long()),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.COUNTED_WEEK_TOKENS),
                                Serdes.String(),
                                Serdes.Long()),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.COUNTED_WEEK_DAYS),
                                Serdes.String(),
                                Serdes.Integer()),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.APPLIED_ORIGINS),
                                Serdes.String(),
                                serdes.forValues(OriginHistory.class))));
            }
        };
    }

    private static void writeRows(
            KStream<String, ShareOutput> rows, String dimension, String topic, Serde<ShareRow> serde) {
        rows.mapValues(ShareOutput::rowOrNull, Named.as("unwrap-" + dimension + "-rows"))
                .to(topic, Produced.with(Serdes.String(), serde).withName("write-share-by-" + dimension));
    }
}
