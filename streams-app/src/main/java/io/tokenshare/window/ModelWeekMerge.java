package io.tokenshare.window;

import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.config.StoreNames;
import io.tokenshare.ingest.IngestStage;
import java.nio.charset.StandardCharsets;
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
 * replaces its earlier self instead of adding to it.
 */
final class ModelWeekMerge implements Processor<String, ModelWeekUsage, String, ModelWeekUsage> {

    private static final Serializer<String> KEYS = Serdes.String().serializer();
    private static final String UNKNOWN_PARTITION = "unknown";

    private ProcessorContext<String, ModelWeekUsage> context;
    private KeyValueStore<String, ModelWeekUsage> partials;
    private TimestampedWindowStore<String, ModelWeekUsage> merged;

    @Override
    public void init(ProcessorContext<String, ModelWeekUsage> context) {
        this.context = context;
        this.partials = context.getStateStore(StoreNames.MODEL_WEEK_PARTIALS);
        this.merged = context.getStateStore(StoreNames.MODEL_WEEK_USAGE);
    }

    @Override
    public void process(Record<String, ModelWeekUsage> record) {
        ModelWeekUsage partial = record.value();
        if (partial == null) {
            return;
        }
        String week = partial.getWeekStart().toString();
        String prefix = week + "|" + partial.getModelId() + "|";
        partials.put(prefix + sourcePartition(record), partial);
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
        long weekStart = new IsoWeek(partial.getWeekStart()).startMillis();
        merged.put(partial.getModelId(), ValueAndTimestamp.make(sum, record.timestamp()), weekStart);
        context.forward(new Record<>(week, sum, record.timestamp(), new RecordHeaders()));
    }

    private static String sourcePartition(Record<String, ModelWeekUsage> record) {
        Header header = record.headers().lastHeader(IngestStage.PARTIAL_PARTITION_HEADER);
        return header == null ? UNKNOWN_PARTITION : new String(header.value(), StandardCharsets.UTF_8);
    }
}
