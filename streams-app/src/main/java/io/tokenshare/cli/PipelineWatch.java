package io.tokenshare.cli;

import io.tokenshare.app.TokenshareApp;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.config.StoreNames;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
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
final class PipelineWatch {

    /**
     * What the share stage has for one week, read from its all-basis origin rows.
     *
     * @param tokens   the week's tokens summed over its origin rows on the {@code all} basis
     * @param allFinal whether every row of the week, on every basis and dimension, is final
     */
    record ShareWeek(long tokens, boolean allFinal) {
    }

    private final TokenshareApp app;

    PipelineWatch(TokenshareApp app) {
        this.app = app;
    }

    /**
     * Keys of the model-origin table the instance holds.
     *
     * @throws InvalidStateStoreException while the store cannot be queried (starting, rebalancing)
     */
    long originKeys() {
        try (KeyValueIterator<String, OriginHistory> all = this.<OriginHistory>keyValueStore(StoreNames.MODEL_ORIGIN_HISTORY).all()) {
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
    Map<LocalDate, Long> usageTokensByWeek() {
        Map<LocalDate, Long> weeks = new TreeMap<>();
        ReadOnlyWindowStore<String, ModelWeekUsage> store = app.streams().store(StoreQueryParameters
                .fromNameAndType(StoreNames.MODEL_WEEK_USAGE, QueryableStoreTypes.<String, ModelWeekUsage>windowStore()));
        try (KeyValueIterator<Windowed<String>, ModelWeekUsage> all = store.fetchAll(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            all.forEachRemaining(kv -> weeks.merge(kv.value.getWeekStart(), kv.value.getTokens(), Long::sum));
        }
        weeks.values().removeIf(tokens -> tokens == 0);
        return weeks;
    }

    /**
     * The share stage's weeks.
     *
     * @throws InvalidStateStoreException while the store cannot be queried
     */
    Map<LocalDate, ShareWeek> shareWeeks() {
        Map<LocalDate, long[]> tokens = new TreeMap<>();
        Map<LocalDate, Boolean> allFinal = new TreeMap<>();
        try (KeyValueIterator<String, ShareRow> all = this.<ShareRow>keyValueStore(StoreNames.SHARE_ROWS).all()) {
            while (all.hasNext()) {
                KeyValue<String, ShareRow> kv = all.next();
                ShareRow row = kv.value;
                allFinal.merge(row.getWeekStart(), row.getFinal$(), Boolean::logicalAnd);
                long[] sum = tokens.computeIfAbsent(row.getWeekStart(), w -> new long[1]);
                if (row.getBasis() == ShareBasis.ALL && row.getDimension() == ShareDimension.ORIGIN) {
                    sum[0] += row.getTokens();
                }
            }
        }
        Map<LocalDate, ShareWeek> weeks = new TreeMap<>();
        tokens.forEach((week, sum) -> weeks.put(week, new ShareWeek(sum[0], allFinal.get(week))));
        return weeks;
    }

    /** The instance's Kafka Streams state. */
    KafkaStreams.State state() {
        return app.streams().state();
    }

    /** Whether the instance has stopped for good (an error, or a shutdown). */
    boolean stopped() {
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.PENDING_ERROR;
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
