package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.commit.CommitFlushHook;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.window.IsoWeek;
import io.tokenshare.window.IsoWeekWindows;
import io.tokenshare.window.WindowStage;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Stage 1: token-usage → decode → validate → de-duplicate → per-partition (model, week) partials. Invalid
 * records leave for the dead-letter topic with their reason; resends are counted and dropped. Events are
 * counted under their own model id whatever the record key, which only picks the partition.
 */
public final class IngestStage {

    private static final String BRANCH_PREFIX = "ingest-";

    /**
     * What the stage hands on.
     *
     * @param partials what one input partition has counted for a (model, week) so far, keyed by model id, sent
     *                 once per commit when it changed; the header {@link WindowStage#PARTIAL_PARTITION_HEADER} names the partition
     * @param progress event time reached and tokens counted per week, per input partition (key: partition number)
     */
    public record Output(KStream<String, ModelWeekUsage> partials, KStream<String, IngestProgress> progress) {}

    private IngestStage() {}

    /** Builds the stage; {@code accounting} counts every record read by its fate. */
    public static Output build(StageContext context, IngestAccounting accounting) {
        StreamsBuilder builder = context.builder();
        TokenshareSettings settings = context.settings();
        AvroSerdes serdes = context.serdes();
        Clock clock = context.clock();
        accounting.sourceTopic(settings.topics().tokenUsage());
        Serde<TokenUsageEvent> eventSerde = serdes.forValues(TokenUsageEvent.class);
        KStream<String, TokenUsageEvent> input = builder.stream(
                settings.topics().tokenUsage(),
                Consumed.with(Serdes.String(), eventSerde)
                        .withTimestampExtractor(new UsageTimestampExtractor(clock))
                        .withName("read-token-usage"));
        if (settings.routeByEventId()) {
            input = EventIdRouting.route(input, eventSerde, accounting);
        }
        Map<String, KStream<String, IngestResult>> branches = input.process(
                        ingestProcessor(settings, serdes.forValues(ModelWeekUsage.class), accounting, clock),
                        Named.as("validate-and-deduplicate"))
                .split(Named.as(BRANCH_PREFIX))
                .branch((k, r) -> r instanceof IngestResult.Partial, Branched.as("partial"))
                .branch((k, r) -> r instanceof IngestResult.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("progress"));

        branches.get(BRANCH_PREFIX + "rejected")
                .mapValues(r -> ((IngestResult.Rejected) r).event(), Named.as("unwrap-dead-letter"))
                .to(
                        settings.topics().tokenUsageDlq(),
                        Produced.with(Serdes.String(), eventSerde).withName("write-dead-letters"));

        KStream<String, ModelWeekUsage> partials = branches.get(BRANCH_PREFIX + "partial")
                .mapValues(r -> ((IngestResult.Partial) r).usage(), Named.as("unwrap-partial"));
        KStream<String, IngestProgress> progress = branches.get(BRANCH_PREFIX + "progress")
                .mapValues(r -> ((IngestResult.Progress) r).progress(), Named.as("unwrap-progress"));
        return new Output(partials, progress);
    }

    private static ProcessorSupplier<String, TokenUsageEvent, String, IngestResult> ingestProcessor(
            TokenshareSettings settings, Serde<ModelWeekUsage> partialSerde, IngestAccounting accounting, Clock clock) {
        IsoWeekWindows weeks = IsoWeekWindows.withGrace(settings.grace());
        Duration seenRetention = seenRetention(settings.dedupHorizon(), settings.grace());
        SeenEventIds.Names seenNames = new SeenEventIds.Names(
                StoreNames.SEEN_EVENT_IDS, StoreNames.SEEN_EVENT_ID_BLOCKS, StoreNames.SEEN_EVENT_IDS_APPLIED);
        IngestProcessor.IngestStoreNames names = new IngestProcessor.IngestStoreNames(
                StoreNames.INGEST_EVENT_TIME,
                StoreNames.INGEST_WEEK_TOKENS,
                StoreNames.INGEST_MODEL_WEEK_PARTIALS,
                StoreNames.INGEST_COMMIT_HOOK,
                StoreNames.INGEST_ACCOUNTING,
                !settings.routeByEventId());
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, TokenUsageEvent, String, IngestResult> get() {
                return new IngestProcessor(
                        names,
                        new SeenEventIds(seenNames, settings.dedupHorizon(), seenRetention),
                        weeks,
                        settings.progressInterval(),
                        settings.eventBounds(),
                        accounting,
                        clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // Ordered, so that the topology description (and topology-docs/) is the same on every run.
                return new LinkedHashSet<>(List.of(
                        seenEventIdIndex(seenRetention),
                        // Not cached: both are written in the commit hook, possibly after the caches were flushed for
                        // this commit.
                        Stores.keyValueStoreBuilder(
                                        Stores.persistentKeyValueStore(StoreNames.SEEN_EVENT_ID_BLOCKS),
                                        Serdes.Bytes(),
                                        Serdes.ByteArray())
                                .withCachingDisabled(),
                        Stores.keyValueStoreBuilder(
                                        Stores.persistentKeyValueStore(StoreNames.SEEN_EVENT_IDS_APPLIED),
                                        Serdes.String(),
                                        Serdes.Long())
                                .withCachingDisabled()
                                .withLoggingDisabled(),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.INGEST_EVENT_TIME),
                                Serdes.Integer(),
                                Serdes.Long()),
                        // Not cached: written in the commit hook.
                        Stores.keyValueStoreBuilder(
                                        Stores.persistentKeyValueStore(StoreNames.INGEST_WEEK_TOKENS),
                                        Serdes.String(),
                                        Serdes.Long())
                                .withCachingDisabled(),
                        // Not cached: it is written in the commit hook, possibly after the caches were flushed for this
                        // commit.
                        Stores.keyValueStoreBuilder(
                                        Stores.persistentKeyValueStore(StoreNames.INGEST_MODEL_WEEK_PARTIALS),
                                        Serdes.String(),
                                        partialSerde)
                                .withCachingDisabled(),
                        // Not cached: written in the commit hook. Logged: the counts must outlive the instance.
                        Stores.keyValueStoreBuilder(
                                        Stores.persistentKeyValueStore(StoreNames.INGEST_ACCOUNTING),
                                        Serdes.Integer(),
                                        IngestTally.SERDE)
                                .withCachingDisabled(),
                        CommitFlushHook.builder(StoreNames.INGEST_COMMIT_HOOK)));
            }
        };
    }

    /**
     * How long ids are kept behind the event time reached: what the oldest event still accepted (a week and its
     * grace behind) needs, its own bucket of two horizons and the one before.
     */
    private static Duration seenRetention(Duration horizon, Duration grace) {
        return horizon.multipliedBy(4).plus(IsoWeek.LENGTH).plus(grace);
    }

    /**
     * Event ids with the event time they were counted at, filed under buckets of two horizons. A window store,
     * because its segments expire whole once stream time has moved on: no per-key clean-up on the hot path. Not
     * changelogged: {@link SeenEventIds} rebuilds it from the changelogged blocks when it was lost.
     */
    private static StoreBuilder<WindowStore<String, Long>> seenEventIdIndex(Duration retention) {
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(StoreNames.SEEN_EVENT_IDS, retention, Duration.ofMillis(1), false),
                        Serdes.String(),
                        Serdes.Long())
                .withLoggingDisabled();
    }
}
