package io.tokenshare.share;

import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.config.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per token-usage partition, the furthest event time reached and the tokens counted per week:
 * what the week-share processor needs to know that a week is complete; and, per week, the days on which
 * any partition counted an event, which tell a partial week from a whole one.
 */
final class IngestProgressRecorder implements Processor<String, IngestProgress, Void, Void> {

    private KeyValueStore<String, Long> eventTimes;
    private KeyValueStore<String, Long> weekTokens;
    private KeyValueStore<String, Integer> weekDays;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        eventTimes = context.getStateStore(StoreNames.INGEST_PROGRESS);
        weekTokens = context.getStateStore(StoreNames.COUNTED_WEEK_TOKENS);
        weekDays = context.getStateStore(StoreNames.COUNTED_WEEK_DAYS);
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
        progress.getWeekDays().forEach(this::addDays);
    }

    // OR, not replace: each partition reports only its own days, and a day reported again changes nothing.
    private void addDays(String week, int days) {
        Integer known = weekDays.get(week);
        int merged = (known == null ? 0 : known) | days;
        if (known == null || merged != known) {
            weekDays.put(week, merged);
        }
    }

    /** Key of the counted-week-tokens store: week first, so that a week's partitions are one prefix scan. */
    static String countedKey(String week, String partition) {
        return week + "|" + partition;
    }
}
