package io.tokenshare.bench;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.ingest.UsageValidator;
import io.tokenshare.window.IsoWeek;
import io.tokenshare.window.IsoWeekWindows;
import io.tokenshare.window.ModelWeekUsages;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline's per-event work done by a plain single-threaded loop over events in memory: the same
 * validation rules, the same de-duplication horizon, the same lateness rule per input partition and the
 * same (model, ISO week) aggregate, with hash maps instead of state stores, topics and transactions.
 * It is the compute limit the pipeline is compared against.
 */
final class InMemoryWeeklyAggregation {

    private final long dedupHorizonMs;
    private final long seenRetentionMs;
    private final IsoWeekWindows weeks;
    private final Map<ModelWeek, ModelWeekUsage> usage = new HashMap<>();
    private final Map<Integer, PartitionState> partitions = new HashMap<>();
    private long counted;
    private long duplicates;
    private long invalid;
    private long late;

    /** Key of one aggregate: a model and the start of its ISO week in epoch milliseconds. */
    private record ModelWeek(String modelId, long weekStartMs) {}

    private record SeenId(String eventId, long eventTimeMs) {}

    /**
     * What the pipeline keeps per input partition (per task): the ids seen there and the event time
     * reached there. Per partition, because a consumer reads partitions at different paces: one
     * partition's progress must neither expire another's ids nor make its events late.
     */
    private static final class PartitionState {

        private final Map<String, Long> seen = new HashMap<>();
        // Ids in the order they were first seen, so that ids past retention are forgotten in O(1) each.
        private final ArrayDeque<SeenId> seenOrder = new ArrayDeque<>();
        private long eventTimeReached = Long.MIN_VALUE;

        void remember(String eventId, long eventTime, long retentionMs) {
            seen.put(eventId, eventTime);
            seenOrder.addLast(new SeenId(eventId, eventTime));
            eventTimeReached = Math.max(eventTimeReached, eventTime);
            while (!seenOrder.isEmpty() && seenOrder.peekFirst().eventTimeMs() < eventTimeReached - retentionMs) {
                SeenId expired = seenOrder.removeFirst();
                seen.remove(expired.eventId(), expired.eventTimeMs());
            }
        }
    }

    InMemoryWeeklyAggregation(Duration dedupHorizon, Duration grace) {
        this.dedupHorizonMs = dedupHorizon.toMillis();
        // As long as the pipeline's seen-event-ids window store keeps an id.
        this.seenRetentionMs = dedupHorizon.multipliedBy(2).plus(grace).toMillis();
        this.weeks = IsoWeekWindows.withGrace(grace);
    }

    /** Adds one event read from input partition {@code partition}; {@code nowMs} is the wall clock. */
    void add(int partition, TokenUsageEvent event, long nowMs) {
        if (event == null || UsageValidator.check(event, nowMs).isPresent()) {
            invalid++;
            return;
        }
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
        long eventTime = event.getOccurredAt().toEpochMilli();
        Long seenAt = state.seen.get(event.getEventId());
        if (seenAt != null && Math.abs(seenAt - eventTime) <= dedupHorizonMs) {
            duplicates++;
            return;
        }
        if (weeks.isLate(eventTime, state.eventTimeReached)) {
            late++;
            return;
        }
        state.remember(event.getEventId(), eventTime, seenRetentionMs);
        ModelWeek key = new ModelWeek(event.getModelId(), IsoWeek.startMillisContaining(eventTime));
        ModelWeekUsages.add(event.getModelId(), event, usage.computeIfAbsent(key, k -> ModelWeekUsages.empty()));
        counted++;
    }

    long counted() {
        return counted;
    }

    long duplicates() {
        return duplicates;
    }

    long invalid() {
        return invalid;
    }

    long late() {
        return late;
    }

    /** Tokens counted per ISO week (Monday), weeks without any left out. */
    Map<LocalDate, Long> tokensByWeek() {
        Map<LocalDate, Long> byWeek = new TreeMap<>();
        usage.forEach((key, u) ->
                byWeek.merge(IsoWeek.ofStartMillis(key.weekStartMs()).monday(), u.getTokens(), Long::sum));
        return byWeek;
    }
}
