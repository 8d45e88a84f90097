package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.commit.CommitFlushHook;
import io.tokenshare.config.EventBounds;
import io.tokenshare.window.IsoWeek;
import io.tokenshare.window.IsoWeekWindows;
import io.tokenshare.window.ModelWeekUsages;
import io.tokenshare.window.WindowStage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one processor that sees every input record: validates, drops resends, rejects events beyond
 * their week's grace, adds each counted event to its (model, week) partial and reports event-time
 * progress. The partials are plain objects in memory, keyed by the event's own model id whatever the
 * record key; they are written to their store and forwarded only when they changed, once per commit
 * (through {@link CommitFlushHook}), so no event is Avro-encoded on its way to the weekly totals; the
 * progress report, when one is due, goes with them.
 */
final class IngestProcessor implements Processor<String, TokenUsageEvent, String, IngestResult> {

    private final String eventTimeStoreName;
    private final String weekTokensStoreName;
    private final String partialsStoreName;
    private final String commitHookName;
    private final String accountingStoreName;
    private final boolean takesUndecodable;
    private final SeenEventIds seen;
    private final IsoWeekWindows weeks;
    private final long progressIntervalMs;
    private final EventBounds bounds;
    private final IngestAccounting accounting;
    private final Clock clock;

    private ProcessorContext<String, IngestResult> context;
    private KeyValueStore<Integer, Long> eventTimes;
    private KeyValueStore<String, Long> weekTokens;
    private KeyValueStore<String, ModelWeekUsage> partials;
    private KeyValueStore<Integer, IngestTally> accountingStore;
    // This partition's counts since its first record, as stored at the last commit plus what was read since.
    private IngestTally tally;
    private final Map<String, Long> weeksChanged = new HashMap<>();
    // Running token totals of the weeks counted since init, read from their store on first use and written back
    // once per commit: a store read and write per event cost more than the rest of the event's bookkeeping.
    private final Map<String, long[]> weekTotals = new HashMap<>();
    private final Set<String> weekTotalsToWrite = new HashSet<>();
    // Days (bit 0 Monday .. bit 6 Sunday) counted per week since the last report. Not stored: the share stage
    // ORs every report into its store, so a restarted task that reports a day again changes nothing.
    private final Map<String, Integer> weekDaysChanged = new HashMap<>();
    // The partials of weeks still open on this partition, by week start then model id; a closed week's
    // partials never change again (later events are dead-lettered), so they leave memory at the next commit.
    private final Map<Long, Map<String, ModelWeekUsage>> openPartials = new HashMap<>();
    // Identity, not equality: partials are mutated in place, so their hash codes change.
    private final Set<ModelWeekUsage> changedPartials = Collections.newSetFromMap(new IdentityHashMap<>());
    private long lastPartialWeekStart = Long.MIN_VALUE;
    private Map<String, ModelWeekUsage> lastPartialWeek;
    private Headers partialHeaders;
    // Event time reached on this task's partition by counted events and markers, which lateness is judged
    // against; stored with each progress report so that a restarted task goes on from there.
    private long eventTimeReached = Long.MIN_VALUE;
    private long lastReportedEventTime = Long.MIN_VALUE;
    private boolean progressDue;
    private int partition;
    private long lastWeekStart = Long.MIN_VALUE;
    private String lastWeekKey;

    IngestProcessor(
            IngestStoreNames stores,
            SeenEventIds seen,
            IsoWeekWindows weeks,
            Duration progressInterval,
            EventBounds bounds,
            IngestAccounting accounting,
            Clock clock) {
        this.bounds = bounds;
        this.eventTimeStoreName = stores.eventTime();
        this.weekTokensStoreName = stores.weekTokens();
        this.partialsStoreName = stores.partials();
        this.commitHookName = stores.commitHook();
        this.accountingStoreName = stores.accounting();
        this.takesUndecodable = stores.takesUndecodable();
        this.seen = seen;
        this.weeks = weeks;
        this.progressIntervalMs = progressInterval.toMillis();
        this.accounting = accounting;
        this.clock = clock;
    }

    /**
     * The names of the stores the processor uses; {@code takesUndecodable}: whether its partition is the
     * token-usage partition whose undecodable records it takes into its counts (not when a routing step reads it).
     */
    record IngestStoreNames(
            String eventTime,
            String weekTokens,
            String partials,
            String commitHook,
            String accounting,
            boolean takesUndecodable) {}

    @Override
    public void init(ProcessorContext<String, IngestResult> context) {
        this.context = context;
        this.eventTimes = context.getStateStore(eventTimeStoreName);
        this.weekTokens = context.getStateStore(weekTokensStoreName);
        this.partials = context.getStateStore(partialsStoreName);
        this.accountingStore = context.getStateStore(accountingStoreName);
        this.partition = context.taskId().partition();
        this.partialHeaders =
                new RecordHeaders().add(WindowStage.PARTIAL_PARTITION_HEADER, utf8(Integer.toString(partition)));
        Long reached = eventTimes.get(partition);
        eventTimeReached = reached == null ? Long.MIN_VALUE : reached;
        // A task revived after an aborted transaction calls init again with its stores rewound: what was
        // counted in memory since the last commit is gone with the transaction, and is read again.
        weeksChanged.clear();
        weekDaysChanged.clear();
        weekTotals.clear();
        weekTotalsToWrite.clear();
        openPartials.clear();
        changedPartials.clear();
        lastPartialWeekStart = Long.MIN_VALUE;
        lastPartialWeek = null;
        lastReportedEventTime = Long.MIN_VALUE;
        progressDue = false;
        IngestTally stored = accountingStore.get(partition);
        tally = stored == null ? new IngestTally() : stored;
        accounting.publish(partition, this, tally.snapshot());
        seen.init(context);
        CommitFlushHook hook = context.getStateStore(commitHookName);
        hook.runBeforeCommit(context, this::writeChangedPartials);
    }

    @Override
    public void process(Record<String, TokenUsageEvent> record) {
        if (!takesUndecodable) {
            // Behind the routing step: its control records carry the undecodable records it saw.
            Optional<Integer> undecodableSource = EventIdRouting.undecodableSource(record.key());
            if (undecodableSource.isPresent()) {
                tally.undecodable(undecodableSource.get(), EventIdRouting.undecodableOffsets(record.headers()));
                return;
            }
        }
        boolean marker = record.headers().lastHeader(ControlHeaders.MARKER) != null;
        if (!marker) {
            tally.read(record.key() == null);
            if (record.key() == null) {
                NullKeyWarning.warnIfDue(partition);
            }
            classify(record);
        }
        noteProgress(record, marker);
    }

    private void classify(Record<String, TokenUsageEvent> record) {
        TokenUsageEvent event = record.value();
        if (event == null) {
            reject(
                    record,
                    new Violation(
                            DeadLetterReason.NULL_VALUE,
                            "record has no value; a token-usage record carries a TokenUsageEvent"));
            return;
        }
        Optional<Violation> violation = UsageValidator.check(event, clock.millis(), bounds);
        if (violation.isPresent()) {
            reject(record, violation.get());
            return;
        }
        long eventTime = event.getOccurredAt().toEpochMilli();
        if (seen.contains(event.getEventId(), eventTime)) {
            tally.duplicate();
            return;
        }
        long streamTime = eventTimeReached;
        if (weeks.isLate(eventTime, streamTime)) {
            reject(
                    record,
                    new Violation(
                            DeadLetterReason.LATE_BEYOND_GRACE,
                            "occurred_at " + event.getOccurredAt()
                                    + " belongs to a week whose grace ended before event time "
                                    + java.time.Instant.ofEpochMilli(streamTime)
                                    + " was reached on partition " + partition));
            return;
        }
        seen.add(event.getEventId(), eventTime);
        eventTimeReached = Math.max(eventTimeReached, eventTime);
        countWeekTokens(eventTime, event.getTotalTokens());
        addToPartial(event, eventTime);
        tally.counted();
    }

    private void addToPartial(TokenUsageEvent event, long eventTime) {
        long weekStart = IsoWeek.startMillisContaining(eventTime);
        if (weekStart != lastPartialWeekStart) {
            lastPartialWeekStart = weekStart;
            lastPartialWeek = openPartials.computeIfAbsent(weekStart, w -> new HashMap<>());
        }
        String model = event.getModelId();
        ModelWeekUsage partial = lastPartialWeek.get(model);
        if (partial == null) {
            ModelWeekUsage stored = partials.get(partialKey(weekKeyOf(eventTime), model));
            partial = stored == null ? ModelWeekUsages.empty() : stored;
            lastPartialWeek.put(model, partial);
        }
        ModelWeekUsages.add(model, event, partial);
        changedPartials.add(partial);
    }

    /**
     * Runs just before each commit: the ids counted since the last commit go to their block, and the changed
     * partials to their store and downstream, keyed by model id, in the transaction that commits the offsets
     * of the events they count; so do this partition's counts.
     */
    private void writeChangedPartials() {
        seen.writeBlock(eventTimeReached);
        writeCounts();
        for (String week : weekTotalsToWrite) {
            weekTokens.put(week, weekTotals.get(week)[0]);
        }
        weekTotalsToWrite.clear();
        weekTotals.keySet().removeIf(week -> weeks.isLate(IsoWeek.parse(week).startMillis(), eventTimeReached));
        long timestamp = Math.max(eventTimeReached, 0L);
        for (ModelWeekUsage partial : changedPartials) {
            partials.put(partialKey(partial.getWeekStart().toString(), partial.getModelId()), partial);
            context.forward(new Record<String, IngestResult>(
                    partial.getModelId(),
                    new IngestResult.Partial(partial),
                    timestamp,
                    new RecordHeaders(partialHeaders.toArray())));
        }
        changedPartials.clear();
        if (progressDue) {
            reportProgress(timestamp);
        }
        openPartials.keySet().removeIf(weekStart -> weeks.isLate(weekStart, eventTimeReached));
        lastPartialWeekStart = Long.MIN_VALUE;
        lastPartialWeek = null;
    }

    private void writeCounts() {
        if (takesUndecodable) {
            tally.undecodable(partition, accounting.takeUndecodable(partition));
        }
        if (tally.takeChanged()) {
            accountingStore.put(partition, tally);
            accounting.publish(partition, this, tally.snapshot());
        }
    }

    @Override
    public void close() {
        accounting.withdraw(partition, this);
    }

    private static String partialKey(String week, String model) {
        return week + "|" + model;
    }

    /** Tokens counted per week on this partition: the share stage waits for all of them before a week is final. */
    private void countWeekTokens(long eventTime, long tokens) {
        String week = weekKeyOf(eventTime);
        long[] total = weekTotals.get(week);
        if (total == null) {
            Long known = weekTokens.get(week);
            total = new long[] {known == null ? 0 : known};
            weekTotals.put(week, total);
        }
        total[0] += tokens;
        weekTotalsToWrite.add(week);
        weeksChanged.put(week, total[0]);
        weekDaysChanged.merge(week, 1 << IsoWeek.dayIndexOf(eventTime), (a, b) -> a | b);
    }

    // Consecutive events nearly always share a week: keep its key rather than format a date per event.
    private String weekKeyOf(long eventTime) {
        long start = IsoWeek.startMillisContaining(eventTime);
        if (start != lastWeekStart) {
            lastWeekStart = start;
            lastWeekKey = IsoWeek.ofStartMillis(start).toString();
        }
        return lastWeekKey;
    }

    private void reject(Record<String, TokenUsageEvent> record, Violation violation) {
        tally.deadLetter(violation.reason());
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(violation.reason().name()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(violation.detail()));
        Optional<RecordMetadata> source = context.recordMetadata();
        source.ifPresent(m -> {
            headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(m.topic()));
            headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(m.offset())));
        });
        context.forward(record.withValue((IngestResult) new IngestResult.Rejected(record.value(), violation))
                .withHeaders(headers));
    }

    /**
     * Notes whether a progress report is due: on a watermark marker, or once event time moved on by the progress
     * interval. The report itself goes out with the next commit, so a replay that crosses an hour of event time
     * every few events still sends at most one per commit.
     */
    private void noteProgress(Record<String, TokenUsageEvent> record, boolean marker) {
        if (marker && record.value() != null && record.value().getOccurredAt() != null) {
            eventTimeReached =
                    Math.max(eventTimeReached, record.value().getOccurredAt().toEpochMilli());
        }
        if (eventTimeReached != Long.MIN_VALUE
                && (marker || eventTimeReached >= lastReportedEventTime + progressIntervalMs)) {
            progressDue = true;
        }
    }

    private void reportProgress(long timestamp) {
        lastReportedEventTime = eventTimeReached;
        progressDue = false;
        eventTimes.put(partition, eventTimeReached);
        IngestProgress progress = new IngestProgress(
                partition, eventTimeReached, new HashMap<>(weeksChanged), new HashMap<>(weekDaysChanged));
        weeksChanged.clear();
        weekDaysChanged.clear();
        context.forward(new Record<String, IngestResult>(
                Integer.toString(partition), new IngestResult.Progress(progress), timestamp, new RecordHeaders()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
