package io.tokenshare.window;

import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.commit.CommitFlushHook;
import io.tokenshare.config.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The global half of the local-global aggregation: keeps the latest partial each token-usage partition
 * sent for a (model, week) and sums them into the model's week, which it stores (for queries by model)
 * and forwards keyed by week. Partials are running totals, not increments, so a partial sent again
 * replaces its earlier self instead of adding to it. The sums are made once per commit for the (model,
 * week)s whose partials changed, so the share stage gets one record per changed (model, week) per commit
 * however many partitions sent a partial for it.
 */
final class ModelWeekMerge implements Processor<String, ModelWeekUsage, String, ModelWeekUsage> {

    private static final Serializer<String> KEYS = Serdes.String().serializer();
    private static final String UNKNOWN_PARTITION = "unknown";

    private ProcessorContext<String, ModelWeekUsage> context;
    private KeyValueStore<String, ModelWeekUsage> partials;
    private TimestampedWindowStore<String, ModelWeekUsage> merged;
    // 'week|model|' prefixes whose partials changed since the last commit, with the latest record timestamp.
    private final Map<String, Long> changed = new LinkedHashMap<>();

    @Override
    public void init(ProcessorContext<String, ModelWeekUsage> context) {
        this.context = context;
        this.partials = context.getStateStore(StoreNames.MODEL_WEEK_PARTIALS);
        this.merged = context.getStateStore(StoreNames.MODEL_WEEK_USAGE);
        // A revived task starts over from its stores: the partials are stored as they arrive.
        changed.clear();
        CommitFlushHook hook = context.getStateStore(StoreNames.MODEL_WEEK_MERGE_HOOK);
        hook.runBeforeCommit(context, this::emitChanged);
    }

    @Override
    public void process(Record<String, ModelWeekUsage> record) {
        ModelWeekUsage partial = record.value();
        if (partial == null) {
            return;
        }
        String prefix = partial.getWeekStart() + "|" + partial.getModelId() + "|";
        partials.put(prefix + sourcePartition(record), partial);
        changed.merge(prefix, record.timestamp(), Math::max);
    }

    private void emitChanged() {
        changed.forEach(this::emit);
        changed.clear();
    }

    private void emit(String prefix, long timestamp) {
        ModelWeekUsage sum = ModelWeekUsages.empty();
        try (KeyValueIterator<String, ModelWeekUsage> all = partials.prefixScan(prefix, KEYS)) {
            while (all.hasNext()) {
                var kv = all.next();
                // A model whose id extends this one past a '|' shares the prefix; its keys have one '|' more.
                if (kv.key.indexOf('|', prefix.length()) < 0) {
                    ModelWeekUsages.merge(sum, kv.value);
                }
            }
        }
        long weekStart = new IsoWeek(sum.getWeekStart()).startMillis();
        merged.put(sum.getModelId(), ValueAndTimestamp.make(sum, timestamp), weekStart);
        context.forward(new Record<>(sum.getWeekStart().toString(), sum, timestamp, new RecordHeaders()));
    }

    private static String sourcePartition(Record<String, ModelWeekUsage> record) {
        Header header = record.headers().lastHeader(WindowStage.PARTIAL_PARTITION_HEADER);
        return header == null ? UNKNOWN_PARTITION : new String(header.value(), StandardCharsets.UTF_8);
    }
}
