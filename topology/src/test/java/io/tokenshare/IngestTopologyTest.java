package io.tokenshare;

import static io.tokenshare.TopologyHarness.event;
import static io.tokenshare.TopologyHarness.header;
import static io.tokenshare.TopologyHarness.reasons;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.config.StoreNames;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.ingest.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Validation, dead letters, de-duplication, lateness and ISO-week windows, through the whole topology. */
class IngestTopologyTest {

    private static final String MODEL = "deepseek/deepseek-v3.2";

    @Test
    void firstAndLastMillisecondOfAWeekBelongToIt() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(MODEL, "2026-02-09T00:00:00.000Z", 1); // Monday, first ms of week 2026-02-09
            h.send(MODEL, "2026-02-15T23:59:59.999Z", 10); // Sunday, last ms of week 2026-02-09
            h.send(MODEL, "2026-02-16T00:00:00.000Z", 100); // next Monday: week 2026-02-16

            Map<String, Long> tokensByWeek = weeklyTokens(h, MODEL);
            assertThat(tokensByWeek).containsExactlyInAnyOrderEntriesOf(Map.of("2026-02-09", 11L, "2026-02-16", 100L));
        }
    }

    @Test
    void aResentEventIsCountedOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            TokenUsageEvent e = event("req-1", MODEL, "2026-02-10T10:00:00Z", 500);
            h.send(e);
            h.send(e);
            h.send(event("req-1", MODEL, "2026-02-10T10:00:05Z", 500)); // resent with a slightly different stamp
            h.send(event("req-2", MODEL, "2026-02-10T11:00:00Z", 7));

            assertThat(weeklyTokens(h, MODEL)).containsEntry("2026-02-09", 507L);
            assertThat(h.accounting.duplicates()).isEqualTo(2);
            assertThat(h.accounting.counted()).isEqualTo(2);
            assertThat(h.accounting.balances()).isTrue();
        }
    }

    @Test
    void anEventIdSeenBeyondTheHorizonCountsAgain() {
        try (TopologyHarness h = new TopologyHarness(Map.of("tokenshare.dedup.horizon", "1d"), null)) {
            h.send(event("req-1", MODEL, "2026-02-09T10:00:00Z", 5));
            h.send(event("req-1", MODEL, "2026-02-11T10:00:00Z", 5));
            assertThat(h.accounting.counted()).isEqualTo(2);
            assertThat(h.accounting.duplicates()).isZero();
        }
    }

    @Test
    void resendsAreFoundOnEitherSideOfABucketBoundaryOfTheSeenIdsStore() {
        // With a 1-day horizon, ids are filed in 2-day buckets counted from the epoch: 2026-02-12T00:00Z starts one.
        try (TopologyHarness h = new TopologyHarness(Map.of("tokenshare.dedup.horizon", "1d"), null)) {
            h.send(event("before-boundary", MODEL, "2026-02-11T23:00:00Z", 1));
            h.send(event("before-boundary", MODEL, "2026-02-12T01:00:00Z", 1)); // 2 h later, next bucket: a resend
            h.send(event("after-boundary", MODEL, "2026-02-12T01:00:00Z", 10));
            h.send(event(
                    "after-boundary", MODEL, "2026-02-11T23:00:00Z", 10)); // 2 h earlier, previous bucket: a resend
            h.send(event("a-day-apart", MODEL, "2026-02-11T00:30:00Z", 100));
            h.send(event("a-day-apart", MODEL, "2026-02-12T01:00:00Z", 100)); // 24.5 h later: beyond the horizon

            assertThat(h.accounting.duplicates()).isEqualTo(2);
            assertThat(h.accounting.counted()).isEqualTo(4);
            assertThat(weeklyTokens(h, MODEL)).containsEntry("2026-02-09", 211L);
        }
    }

    @Test
    void aLateEventWithinGraceIsCountedAndOneBeyondGraceIsDeadLettered() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(MODEL, "2026-02-18T00:00:00Z", 1); // event time reaches Wednesday of week 02-16
            h.send(
                    MODEL,
                    "2026-02-15T12:00:00Z",
                    20); // week 02-09 ended Monday 00:00; grace (2 days) lasts until Wed 00:00 -> late, beyond grace
            h.send(MODEL, "2026-02-17T12:00:00Z", 300); // same week, in order enough
            h.send(MODEL, "2026-02-23T00:00:00Z", 1); // reach Monday of week 02-23
            h.send(MODEL, "2026-02-22T23:00:00Z", 4000); // week 02-16 ended 1 h ago: within grace

            assertThat(weeklyTokens(h, MODEL))
                    .containsEntry("2026-02-16", 4301L)
                    .doesNotContainKey("2026-02-09");
            List<TestRecord<String, TokenUsageEvent>> dlq = h.deadLetters().readRecordsToList();
            assertThat(reasons(dlq)).containsExactly(DeadLetterReason.LATE_BEYOND_GRACE.name());
            assertThat(dlq.get(0).value().getTotalTokens()).isEqualTo(20);
            assertThat(h.accounting.balances()).isTrue();
        }
    }

    @Test
    void aLateEventExactlyAtTheEndOfGraceIsDeadLettered() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(
                    MODEL,
                    "2026-02-18T00:00:00.000Z",
                    1); // week 02-09 end (02-16) + 2 days grace: closed at exactly this ms
            h.send(MODEL, "2026-02-15T23:59:59.999Z", 2);
            h.send(MODEL, "2026-02-17T23:59:59.999Z", 4); // next week's event, in grace anyway
            assertThat(reasons(h.deadLetters().readRecordsToList()))
                    .containsExactly(DeadLetterReason.LATE_BEYOND_GRACE.name());
        }
    }

    @Test
    void everyRuleFailureGoesToTheDeadLetterTopicWithItsReasonAndSource() {
        try (TopologyHarness h = new TopologyHarness()) {
            Map<DeadLetterReason, TokenUsageEvent> bad = new java.util.LinkedHashMap<>();
            bad.put(DeadLetterReason.BLANK_EVENT_ID, event(" ", MODEL, "2026-02-10T10:00:00Z", 1));
            bad.put(DeadLetterReason.BLANK_MODEL_ID, event("b1", "  ", "2026-02-10T10:00:00Z", 1));
            bad.put(DeadLetterReason.NEGATIVE_TOKENS, event("b2", MODEL, "2026-02-10T10:00:00Z", -5));
            TokenUsageEvent split = event("b3", MODEL, "2026-02-10T10:00:00Z", 10);
            split.setInputTokens(8L);
            split.setOutputTokens(5L);
            bad.put(DeadLetterReason.TOTAL_BELOW_SPLIT, split);
            TokenUsageEvent noTime = event("b4", MODEL, "2026-02-10T10:00:00Z", 1);
            noTime.setOccurredAt(null);
            bad.put(DeadLetterReason.MISSING_OCCURRED_AT, noTime);
            bad.put(DeadLetterReason.OCCURRED_BEFORE_2015, event("b5", MODEL, "2014-12-31T23:59:59.999Z", 1));
            bad.put(
                    DeadLetterReason.OCCURRED_IN_FUTURE,
                    event("b6", MODEL, "2026-12-01T12:00:00.001Z", 1)); // clock: 2026-11-30T12:00Z
            TokenUsageEvent noRequests = event("b7", MODEL, "2026-02-10T10:00:00Z", 1);
            noRequests.setRequests(0);
            bad.put(DeadLetterReason.INVALID_REQUESTS, noRequests);
            bad.values().forEach(h::send);
            h.send(event(
                    "ok", MODEL, "2026-02-10T10:00:00Z", 3)); // valid, and in the future by less than a day is fine too
            h.send(event("ok-soon", MODEL, "2026-12-01T11:59:59Z", 3));

            List<TestRecord<String, TokenUsageEvent>> dlq = h.deadLetters().readRecordsToList();
            assertThat(reasons(dlq))
                    .containsExactlyElementsOf(
                            bad.keySet().stream().map(Enum::name).toList());
            for (int i = 0; i < dlq.size(); i++) {
                TestRecord<String, TokenUsageEvent> r = dlq.get(i);
                assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("token-usage");
                assertThat(header(r, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
                assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Integer.toString(i));
                assertThat(header(r, DeadLetterHeaders.DETAIL)).isNotBlank();
                assertThat(r.value().getEventId())
                        .isEqualTo(List.copyOf(bad.values()).get(i).getEventId());
            }
            assertThat(h.accounting.counted()).isEqualTo(2);
            assertThat(h.accounting.deadLetters()).isEqualTo(bad.size());
            assertThat(h.accounting.balances()).isTrue();
        }
    }

    @Test
    void undecodableBytesAndEmptyValuesAreAccountedFor() {
        // TopologyTestDriver does not deliver the deserialization handler's dead-letter records (it has no
        // record collector there); DeadLetteringDeserializationHandlerTest and the broker test cover them.
        try (TopologyHarness h = new TopologyHarness()) {
            h.sendRaw(
                    MODEL.getBytes(StandardCharsets.UTF_8), "{\"event_id\":\"json\"}".getBytes(StandardCharsets.UTF_8));
            h.sendRaw(MODEL.getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 99, 1, 2}); // unknown schema id
            h.sendRaw(MODEL.getBytes(StandardCharsets.UTF_8), null);
            h.send(MODEL, "2026-02-10T10:00:00Z", 3);

            assertThat(reasons(h.rawDeadLetters().readRecordsToList()))
                    .containsExactly(DeadLetterReason.NULL_VALUE.name());
            assertThat(h.accounting.read()).isEqualTo(4);
            assertThat(h.accounting.deadLetters(DeadLetterReason.UNDECODABLE)).isEqualTo(2);
            assertThat(h.accounting.counted()).isEqualTo(1);
            assertThat(h.accounting.balances()).isTrue();
        }
    }

    @Test
    void watermarksAreNeitherCountedNorDeadLettered() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(MODEL, "2026-02-10T10:00:00Z", 3);
            h.watermark("2026-03-01T00:00:00Z");
            assertThat(h.accounting.read()).isEqualTo(1);
            assertThat(h.deadLetters().isEmpty()).isTrue();
            assertThat(weeklyTokens(h, "tokenshare/watermark")).isEmpty();
        }
    }

    @Test
    void weeklyUsageKeepsRequestsSplitAndCategories() {
        try (TopologyHarness h = new TopologyHarness()) {
            TokenUsageEvent a = event("a", MODEL, "2026-02-10T10:00:00Z", 100);
            a.setInputTokens(70L);
            a.setOutputTokens(20L);
            a.setCategory("Programming");
            a.setRequests(3);
            TokenUsageEvent b = event("b", MODEL, "2026-02-12T10:00:00Z", 50);
            h.send(a);
            h.send(b);

            ModelWeekUsage usage = usageOf(h, MODEL).get("2026-02-09");
            assertThat(usage.getRequests()).isEqualTo(4);
            assertThat(usage.getEvents()).isEqualTo(2);
            assertThat(usage.getDailyInputTokens().get(1)).isEqualTo(70L); // Tuesday
            assertThat(usage.getDailyOutputTokens().get(1)).isEqualTo(20L);
            assertThat(usage.getDailySplitTokens().get(1)).isEqualTo(100L);
            assertThat(usage.getDailySplitTokens().get(3)).isZero(); // Thursday's event had no split
            assertThat(usage.getCategoryTokens())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("programming", 100L, "uncategorized", 50L));
        }
    }

    static Map<String, Long> weeklyTokens(TopologyHarness h, String model) {
        Map<String, Long> tokens = new HashMap<>();
        usageOf(h, model).forEach((w, u) -> tokens.put(w, u.getTokens()));
        return tokens;
    }

    static Map<String, ModelWeekUsage> usageOf(TopologyHarness h, String model) {
        WindowStore<String, ValueAndTimestamp<ModelWeekUsage>> store =
                h.driver.getTimestampedWindowStore(StoreNames.MODEL_WEEK_USAGE);
        Map<String, ModelWeekUsage> byWeek = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<ModelWeekUsage>> it = store.fetch(
                model, model, Instant.parse("2015-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, ValueAndTimestamp<ModelWeekUsage>> kv = it.next();
                byWeek.put(kv.key.window().startTime().toString().substring(0, 10), kv.value.value());
            }
        }
        return byWeek;
    }
}
