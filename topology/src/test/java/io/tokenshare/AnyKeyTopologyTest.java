package io.tokenshare;

import static io.tokenshare.TopologyHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TokenshareSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The record key only picks a partition: the same events keyed by model id, by event id or not at all
 * (with and without routing by event id) give the same shares and alerts.
 */
class AnyKeyTopologyTest {

    private static final List<TokenUsageEvent> EVENTS = events();

    @Test
    void eventsKeyedByModelIdEventIdOrNothingGiveTheSameSharesAndAlerts() {
        Outcome byModel = run(Map.of(), TokenUsageEvent::getModelId);
        Outcome byEventId = run(Map.of(), TokenUsageEvent::getEventId);
        Outcome unkeyed = run(Map.of(), e -> null);
        Outcome unkeyedRouted = run(Map.of(TokenshareSettings.ROUTE_BY_EVENT_ID, "true"), e -> null);

        // The model-keyed run is right on its own: CN overtakes US in the second week, and every week is final.
        assertThat(byModel.origins.get("2026-02-02|all|origin|US").getTokens()).isEqualTo(900);
        assertThat(byModel.origins.get("2026-02-02|all|origin|CN").getTokens()).isEqualTo(300);
        assertThat(byModel.origins.get("2026-02-09|all|origin|CN").getTokens()).isEqualTo(1500);
        assertThat(byModel.origins.get("2026-02-09|all|origin|US").getTokens()).isEqualTo(600);
        assertThat(byModel.origins.values()).allMatch(ShareRow::getFinal$);
        assertThat(byModel.models)
                .containsKey("2026-02-09|all|model|deepseek/deepseek-v3.2")
                .noneSatisfy((key, row) -> assertThat(key).contains("|e-"));
        assertThat(byModel.alerts).isNotEmpty();

        for (Outcome other : List.of(byEventId, unkeyed, unkeyedRouted)) {
            assertThat(other.origins).isEqualTo(byModel.origins);
            assertThat(other.models).isEqualTo(byModel.models);
            assertThat(other.alerts).isEqualTo(byModel.alerts);
            assertThat(other.duplicates).isEqualTo(byModel.duplicates).isEqualTo(2);
        }
        assertThat(unkeyed.nullKeyed).isEqualTo(EVENTS.size());
        assertThat(byModel.nullKeyed).isZero();
        assertThat(unkeyedRouted.nullKeyed)
                .as("routed records carry their event id as key")
                .isZero();
    }

    private static Outcome run(Map<String, String> settings, Function<TokenUsageEvent, String> key) {
        try (TopologyHarness h = new TopologyHarness(settings, null)) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.origin("qwen", "Qwen", Origin.CN);
            h.origin("openai", "OpenAI", Origin.US);
            h.origin("anthropic", "Anthropic", Origin.US);
            EVENTS.forEach(e -> h.sendKeyed(key.apply(e), e));
            h.watermark("2026-02-19T00:00:00Z");
            h.emit();
            Map<String, ShareAlert> alerts = new HashMap<>();
            for (TestRecord<String, ShareAlert> r : h.driver
                    .createOutputTopic(
                            h.settings.topics().shareAlerts(),
                            Serdes.String().deserializer(),
                            h.serdes.forValues(ShareAlert.class).deserializer())
                    .readRecordsToList()) {
                alerts.put(r.key(), r.value());
            }
            return new Outcome(
                    h.latestRows(h.settings.topics().shareByOrigin()),
                    h.latestRows(h.settings.topics().shareByModel()),
                    alerts,
                    h.accounting.duplicates(),
                    h.accounting.nullKeyed());
        }
    }

    private record Outcome(
            Map<String, ShareRow> origins,
            Map<String, ShareRow> models,
            Map<String, ShareAlert> alerts,
            long duplicates,
            long nullKeyed) {}

    /**
     * One token on each day from {@code first} to {@code last} of February 2026, of a model of unknown origin: whole
     * weeks, which the alert rules read. Sent with their week, as a later one would be late beyond grace.
     */
    private static void addFiller(List<TokenUsageEvent> events, int first, int last) {
        for (int day = first; day <= last; day++) {
            events.add(event("f-" + day, "mystery/filler", String.format("2026-02-%02dT12:00:00Z", day), 1));
        }
    }

    private static List<TokenUsageEvent> events() {
        List<TokenUsageEvent> events = new ArrayList<>();
        events.add(event("e-1", "openai/gpt-5", "2026-02-03T10:00:00Z", 500));
        events.add(event("e-2", "anthropic/claude-sonnet-4.5", "2026-02-04T10:00:00Z", 400));
        events.add(event("e-3", "deepseek/deepseek-v3.2", "2026-02-05T10:00:00Z", 200));
        events.add(event("e-4", "qwen/qwen3-coder", "2026-02-06T10:00:00Z", 100));
        events.add(event("e-3", "deepseek/deepseek-v3.2", "2026-02-05T10:00:01Z", 200)); // a resend
        addFiller(events, 2, 8);
        events.add(event("e-5", "deepseek/deepseek-v3.2", "2026-02-10T10:00:00Z", 1000));
        events.add(event("e-6", "qwen/qwen3-coder", "2026-02-11T10:00:00Z", 500));
        events.add(event("e-7", "openai/gpt-5", "2026-02-12T10:00:00Z", 400));
        events.add(event("e-8", "anthropic/claude-sonnet-4.5", "2026-02-13T10:00:00Z", 200));
        events.add(event("e-5", "deepseek/deepseek-v3.2", "2026-02-10T10:00:00Z", 1000)); // a resend
        addFiller(events, 9, 15);
        return events;
    }
}
