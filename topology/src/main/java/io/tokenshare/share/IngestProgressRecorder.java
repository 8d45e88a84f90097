package io.tokenshare.share;

import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.config.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per token-usage partition, the furthest event time reached and the tokens counted per week:
 * what the week-share processor needs to know that a week is complete.
 */
final class IngestProgressRecorder implements Processor<String, IngestProgress, Void, Void> {

    private KeyValueStore<String, Long> eventTimes;
    private KeyValueStore<String, Long> weekTokens;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        eventTimes = context.getStateStore(StoreNames.INGEST_PROGRESS);
        weekTokens = context.getStateStore(StoreNames.COUNTED_WEEK_TOKENS);
    }

    @Override
    public void process(Record<String, IngestProgress> record) {
        IngestProgress progress = record.value();
        if (progress == null) {
            return;
        }
        String partition = Integer.toString(progress.getPartition());
        Long known = eventTimes.get(partition);
        if (known == null || progress.getEventTime() > known) {
            eventTimes.put(partition, progress.getEventTime());
        }
        progress.getWeekTokens().forEach((week, tokens) -> weekTokens.put(countedKey(week, partition), tokens));
    }

    /** Key of the counted-week-tokens store: week first, so that a week's partitions are one prefix scan. */
    static String countedKey(String week, String partition) {
        return week + "|" + partition;
    }
}
