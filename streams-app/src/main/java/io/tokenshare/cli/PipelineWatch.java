package io.tokenshare.cli;

import io.tokenshare.app.TokenshareApp;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.config.StoreNames;
import io.tokenshare.share.ShareRowKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Looks into a running instance's stores (interactive queries) to tell how far the pipeline has got:
 * how much of the origin table it holds, the tokens each week has in the window stage, and the share
 * rows each week has reached. Meant for one instance holding every task, as in the demo.
 */
public final class PipelineWatch {

    /**
     * What the share stage has for one week, read from its origin rows on the {@code all} basis. A week's
     * rows are all written in one go with the same final flag, so these rows stand for the whole week;
     * the demo checks every row again when it reads the topics.
     *
     * @param tokens    the week's tokens summed over those rows
     * @param isFinal   whether those rows are final
     */
    public record ShareWeek(long tokens, boolean isFinal) {}

    private static final String ALL_BASIS = "all";
    private static final String ORIGIN_DIMENSION = ShareDimension.ORIGIN.name().toLowerCase(Locale.ROOT);

    private final TokenshareApp app;

    public PipelineWatch(TokenshareApp app) {
        this.app = app;
    }

    /**
     * Keys of the model-origin table the instance holds.
     *
     * @throws InvalidStateStoreException while the store cannot be queried (starting, rebalancing)
     */
    public long originKeys() {
        try (KeyValueIterator<String, OriginHistory> all = this.<OriginHistory>keyValueStore(
                        StoreNames.MODEL_ORIGIN_HISTORY)
                .all()) {
            long keys = 0;
            while (all.hasNext()) {
                all.next();
                keys++;
            }
            return keys;
        }
    }

    /**
     * Tokens per week in the window stage, weeks without tokens left out: what the share stage must
     * arrive at.
     *
     * @throws InvalidStateStoreException while the store cannot be queried
     */
    public Map<LocalDate, Long> usageTokensByWeek() {
        Map<LocalDate, Long> weeks = new TreeMap<>();
        ReadOnlyWindowStore<String, ModelWeekUsage> store = app.streams()
                .store(StoreQueryParameters.fromNameAndType(
                        StoreNames.MODEL_WEEK_USAGE, QueryableStoreTypes.<String, ModelWeekUsage>windowStore()));
        try (KeyValueIterator<Windowed<String>, ModelWeekUsage> all =
                store.fetchAll(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            all.forEachRemaining(kv -> weeks.merge(kv.value.getWeekStart(), kv.value.getTokens(), Long::sum));
        }
        weeks.values().removeIf(tokens -> tokens == 0);
        return weeks;
    }

    /**
     * The share stage's figures for the given weeks; weeks it has no rows for are left out. Reads only
     * each week's all-basis origin rows (a prefix scan), so that watching costs the pipeline little.
     *
     * @throws InvalidStateStoreException while the store cannot be queried
     */
    public Map<LocalDate, ShareWeek> shareWeeks(Set<LocalDate> weeks) {
        ReadOnlyKeyValueStore<String, ShareRow> rows = this.<ShareRow>keyValueStore(StoreNames.SHARE_ROWS);
        Map<LocalDate, ShareWeek> found = new TreeMap<>();
        for (LocalDate week : weeks) {
            String prefix = ShareRowKey.weekPrefix(week) + ALL_BASIS + "|" + ORIGIN_DIMENSION + "|";
            long tokens = 0;
            boolean isFinal = true;
            boolean any = false;
            try (KeyValueIterator<String, ShareRow> origins = rows.prefixScan(prefix, new StringSerializer())) {
                while (origins.hasNext()) {
                    ShareRow row = origins.next().value;
                    tokens += row.getTokens();
                    isFinal &= row.getFinal$();
                    any = true;
                }
            }
            if (any) {
                found.put(week, new ShareWeek(tokens, isFinal));
            }
        }
        return found;
    }

    /** The instance's Kafka Streams state. */
    public KafkaStreams.State state() {
        return app.streams().state();
    }

    /** Whether the instance has stopped for good (an error, or a shutdown). */
    public boolean stopped() {
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_SHUTDOWN
                || state == KafkaStreams.State.PENDING_ERROR;
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
        return app.streams()
                .store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
