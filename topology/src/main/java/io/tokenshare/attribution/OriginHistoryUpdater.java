package io.tokenshare.attribution;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.config.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global origin table: each model-origins row joins its key's history, a tombstone removes
 * the key. Kafka Streams replays the topic through this processor when it restores the global store,
 * so the histories come back exactly as they were built.
 */
final class OriginHistoryUpdater implements Processor<String, ModelOrigin, Void, Void> {

    private KeyValueStore<String, OriginHistory> histories;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        histories = context.getStateStore(StoreNames.MODEL_ORIGIN_HISTORY);
    }

    @Override
    public void process(Record<String, ModelOrigin> record) {
        if (record.key() == null) {
            return;
        }
        OriginHistory known = histories.get(record.key());
        OriginHistory merged = OriginHistories.merge(
                record.key(),
                OriginHistories.markDeletion(record.value()),
                known == null ? OriginHistories.empty() : known);
        if (merged == null) {
            histories.delete(record.key());
        } else {
            histories.put(record.key(), merged);
        }
    }
}
