package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.window.IsoWeek;
import java.util.HashMap;
import java.util.Map;
import io.tokenshare.window.IsoWeekWindows;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The one processor that sees every input record: validates, drops resends, rejects events beyond
 * their week's grace and reports event-time progress. Kept to one store lookup and one write per
 * event because it sets the pipeline's throughput.
 */
final class IngestProcessor implements FixedKeyProcessor<String, TokenUsageEvent, IngestResult> {

    private final String seenStoreName;
    private final String eventTimeStoreName;
    private final String weekTokensStoreName;
    private final long dedupHorizonMs;
    private final IsoWeekWindows weeks;
    private final long progressIntervalMs;
    private final IngestAccounting accounting;
    private final Clock clock;

    private FixedKeyProcessorContext<String, IngestResult> context;
    private WindowStore<String, Long> seen;
    private KeyValueStore<Integer, Long> eventTimes;
    private KeyValueStore<String, Long> weekTokens;
    private final Map<String, Long> weeksChanged = new HashMap<>();
    // Event time reached on this task's partition: the task's own stream time also counts the
    // attribution joins' response records, whose timestamps are wall-clock, so it cannot judge lateness.
    private long eventTimeReached = Long.MIN_VALUE;
    private long lastReportedEventTime = Long.MIN_VALUE;
    private int partition;
    private long lastWeekStart = Long.MIN_VALUE;
    private String lastWeekKey;

    IngestProcessor(String seenStoreName, String eventTimeStoreName, String weekTokensStoreName, Duration dedupHorizon, IsoWeekWindows weeks, Duration progressInterval,
                    IngestAccounting accounting, Clock clock) {
        this.seenStoreName = seenStoreName;
        this.eventTimeStoreName = eventTimeStoreName;
        this.weekTokensStoreName = weekTokensStoreName;
        this.dedupHorizonMs = dedupHorizon.toMillis();
        this.weeks = weeks;
        this.progressIntervalMs = progressInterval.toMillis();
        this.accounting = accounting;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, IngestResult> context) {
        this.context = context;
        this.seen = context.getStateStore(seenStoreName);
        this.eventTimes = context.getStateStore(eventTimeStoreName);
        this.weekTokens = context.getStateStore(weekTokensStoreName);
        this.partition = context.taskId().partition();
        Long reached = eventTimes.get(partition);
        eventTimeReached = reached == null ? Long.MIN_VALUE : reached;
        // A task revived after an aborted transaction calls init again with its stores rewound.
        weeksChanged.clear();
        lastReportedEventTime = Long.MIN_VALUE;
    }

    @Override
    public void process(FixedKeyRecord<String, TokenUsageEvent> record) {
        if (record.headers().lastHeader(DeadLetterHeaders.MARKER) == null) {
            accounting.recordRead();
            classify(record);
        }
        reportProgressIfDue(record, record.headers().lastHeader(DeadLetterHeaders.MARKER) != null);
    }

    private void classify(FixedKeyRecord<String, TokenUsageEvent> record) {
        TokenUsageEvent event = record.value();
        if (event == null) {
            reject(record, new Violation(DeadLetterReason.NULL_VALUE, "record has no value; a token-usage record carries a TokenUsageEvent"));
            return;
        }
        Optional<Violation> violation = UsageValidator.check(event, clock.millis());
        if (violation.isPresent()) {
            reject(record, violation.get());
            return;
        }
        long eventTime = event.getOccurredAt().toEpochMilli();
        if (isDuplicate(event.getEventId(), eventTime)) {
            accounting.recordDuplicate();
            return;
        }
        long streamTime = eventTimeReached;
        if (weeks.isLate(eventTime, streamTime)) {
            reject(record, new Violation(DeadLetterReason.LATE_BEYOND_GRACE, "occurred_at " + event.getOccurredAt()
                    + " belongs to a week whose grace ended before event time " + java.time.Instant.ofEpochMilli(streamTime)
                    + " was reached on partition " + partition));
            return;
        }
        seen.put(event.getEventId(), eventTime, seenBucketOf(eventTime));
        eventTimeReached = Math.max(eventTimeReached, eventTime);
        countWeekTokens(eventTime, event.getTotalTokens());
        accounting.recordCounted();
        context.forward(record.withValue(new IngestResult.Accepted(event)));
    }

    /** Tokens counted per week on this partition: the share stage waits for all of them before a week is final. */
    private void countWeekTokens(long eventTime, long tokens) {
        String week = weekKeyOf(eventTime);
        Long known = weekTokens.get(week);
        long total = (known == null ? 0 : known) + tokens;
        weekTokens.put(week, total);
        weeksChanged.put(week, total);
    }

    /**
     * Whether the id was counted with an event time within the horizon of this one. Ids are filed under
     * buckets of event time two horizons wide, so the horizon around any event touches its own bucket
     * and one neighbour: two point reads, where a range fetch opened an iterator on every segment.
     */
    // Consecutive events nearly always share a week: keep its key rather than format a date per event.
    private String weekKeyOf(long eventTime) {
        long start = IsoWeek.startMillisContaining(eventTime);
        if (start != lastWeekStart) {
            lastWeekStart = start;
            lastWeekKey = IsoWeek.ofStartMillis(start).toString();
        }
        return lastWeekKey;
    }

    private boolean isDuplicate(String eventId, long eventTime) {
        long bucket = seenBucketOf(eventTime);
        long neighbour = eventTime - bucket < dedupHorizonMs ? bucket - 2 * dedupHorizonMs : bucket + 2 * dedupHorizonMs;
        return withinHorizon(seen.fetch(eventId, bucket), eventTime) || withinHorizon(seen.fetch(eventId, neighbour), eventTime);
    }

    private boolean withinHorizon(Long seenAt, long eventTime) {
        return seenAt != null && Math.abs(seenAt - eventTime) <= dedupHorizonMs;
    }

    private long seenBucketOf(long eventTime) {
        return Math.floorDiv(eventTime, 2 * dedupHorizonMs) * 2 * dedupHorizonMs;
    }

    private void reject(FixedKeyRecord<String, TokenUsageEvent> record, Violation violation) {
        accounting.recordDeadLetter(violation.reason());
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(violation.reason().name()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(violation.detail()));
        Optional<RecordMetadata> source = context.recordMetadata();
        source.ifPresent(m -> {
            headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(m.topic()));
            headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(m.offset())));
        });
        context.forward(record.withValue((IngestResult) new IngestResult.Rejected(record.value(), violation)).withHeaders(headers));
    }

    private void reportProgressIfDue(FixedKeyRecord<String, TokenUsageEvent> record, boolean marker) {
        if (marker && record.value() != null && record.value().getOccurredAt() != null) {
            eventTimeReached = Math.max(eventTimeReached, record.value().getOccurredAt().toEpochMilli());
        }
        if (eventTimeReached == Long.MIN_VALUE) {
            return;
        }
        if (marker || eventTimeReached >= lastReportedEventTime + progressIntervalMs) {
            lastReportedEventTime = eventTimeReached;
            eventTimes.put(partition, eventTimeReached);
            IngestProgress progress = new IngestProgress(partition, eventTimeReached, new HashMap<>(weeksChanged));
            weeksChanged.clear();
            context.forward(record.withValue((IngestResult) new IngestResult.Progress(progress)).withHeaders(new RecordHeaders()));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
