package io.tokenshare.share;

import io.tokenshare.config.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps, per input partition, the furthest event time the ingest stage has reached. */
final class IngestProgressRecorder implements Processor<String, Long, Void, Void> {

    private KeyValueStore<String, Long> progress;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        progress = context.getStateStore(StoreNames.INGEST_PROGRESS);
    }

    @Override
    public void process(Record<String, Long> record) {
        if (record.value() == null) {
            return;
        }
        Long known = progress.get(record.key());
        if (known == null || record.value() > known) {
            progress.put(record.key(), record.value());
        }
    }
}
