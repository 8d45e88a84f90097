package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.window.IsoWeek;
import io.tokenshare.window.IsoWeekWindows;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Stage 1: token-usage → decode → validate → de-duplicate. Invalid records leave for the dead-letter
 * topic with their reason; resends are counted and dropped.
 */
public final class IngestStage {

    private static final String BRANCH_PREFIX = "ingest-";

    /**
     * What the stage hands on.
     *
     * @param accepted valid first-seen events keyed by model id
     * @param progress event time reached and tokens counted per week, per input partition (key: partition number)
     */
    public record Output(KStream<String, TokenUsageEvent> accepted, KStream<String, IngestProgress> progress) {
    }

    private IngestStage() {
    }

    public static Output build(StreamsBuilder builder, TokenshareSettings settings, AvroSerdes serdes,
                               IngestAccounting accounting, Clock clock) {
        Serde<TokenUsageEvent> eventSerde = serdes.forValues(TokenUsageEvent.class);
        KStream<String, TokenUsageEvent> input = builder.stream(settings.topics().tokenUsage(),
                Consumed.with(Serdes.String(), eventSerde)
                        .withTimestampExtractor(new UsageTimestampExtractor(clock))
                        .withName("read-token-usage"));
        Map<String, KStream<String, IngestResult>> branches = input
                .processValues(ingestProcessor(settings, accounting, clock), Named.as("validate-and-deduplicate"))
                .split(Named.as(BRANCH_PREFIX))
                .branch((k, r) -> r instanceof IngestResult.Accepted, Branched.as("accepted"))
                .branch((k, r) -> r instanceof IngestResult.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("progress"));

        branches.get(BRANCH_PREFIX + "rejected")
                .mapValues(r -> ((IngestResult.Rejected) r).event(), Named.as("unwrap-dead-letter"))
                .to(settings.topics().tokenUsageDlq(), Produced.with(Serdes.String(), eventSerde).withName("write-dead-letters"));

        KStream<String, TokenUsageEvent> accepted = branches.get(BRANCH_PREFIX + "accepted")
                .mapValues(r -> ((IngestResult.Accepted) r).event(), Named.as("unwrap-accepted"));
        KStream<String, IngestProgress> progress = branches.get(BRANCH_PREFIX + "progress")
                .map((k, r) -> {
                    IngestProgress p = ((IngestResult.Progress) r).progress();
                    return KeyValue.pair(Integer.toString(p.getPartition()), p);
                }, Named.as("key-progress-by-partition"));
        return new Output(accepted, progress);
    }

    private static FixedKeyProcessorSupplier<String, TokenUsageEvent, IngestResult> ingestProcessor(
            TokenshareSettings settings, IngestAccounting accounting, Clock clock) {
        IsoWeekWindows weeks = IsoWeekWindows.withGrace(settings.grace());
        StoreBuilder<WindowStore<String, Long>> seenStore = seenEventIds(settings.dedupHorizon(), settings.grace());
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, TokenUsageEvent, IngestResult> get() {
                return new IngestProcessor(StoreNames.SEEN_EVENT_IDS, StoreNames.INGEST_EVENT_TIME, StoreNames.INGEST_WEEK_TOKENS,
                        settings.dedupHorizon(), weeks,
                        settings.progressInterval(), accounting, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(seenStore,
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.INGEST_EVENT_TIME), Serdes.Integer(), Serdes.Long()),
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.INGEST_WEEK_TOKENS), Serdes.String(), Serdes.Long())
                                .withCachingEnabled());
            }
        };
    }

    /**
     * Event ids with the event time they were counted at, filed under buckets of two horizons. A
     * window store, because its segments expire whole once stream time has moved on: no per-key
     * clean-up on the hot path. It keeps what the oldest event still accepted (a week and its grace
     * behind) needs: its own bucket and the one before.
     */
    private static StoreBuilder<WindowStore<String, Long>> seenEventIds(Duration horizon, Duration grace) {
        Duration retention = horizon.multipliedBy(4).plus(IsoWeek.LENGTH).plus(grace);
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(StoreNames.SEEN_EVENT_IDS, retention, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long());
    }
}
