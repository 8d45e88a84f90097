package io.tokenshare;

import static io.tokenshare.TopologyHarness.event;
import static io.tokenshare.TopologyHarness.reasons;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.ingest.DeadLetterReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two hostile events that once got past validation: a model id of half a million characters
 * (its week's alert record was too large for the broker and the app crash-looped) and two events of
 * 2^62 tokens (the week's total overflowed to a negative number).
 */
class HostileEventTopologyTest {

    private static final String MODEL = "deepseek/deepseek-v3.2";

    @Test
    void aHalfMillionCharacterModelIdIsDeadLetteredAndNeverReachesAWeek() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.send(event("huge", "deepseek/" + "x".repeat(500_000), "2026-02-10T10:00:00Z", 5));
            h.send(MODEL, "2026-02-10T11:00:00Z", 7);
            h.watermark("2026-02-20T00:00:00Z");
            h.emit();

            assertThat(reasons(h.deadLetters().readRecordsToList()))
                    .containsExactly(DeadLetterReason.IDENTIFIER_TOO_LONG.name());
            Map<String, ShareRow> rows = h.latestRows(h.settings.topics().shareByOrigin());
            assertThat(rows.get("2026-02-09|all|origin|CN").getTotalTokens()).isEqualTo(7);
            assertThat(h.accounting.counted()).isEqualTo(1);
            assertThat(h.accounting.balances()).isTrue();
        }
    }

    @Test
    void twoEventsOfTwoToTheSixtySecondTokensAreDeadLetteredAndTheWeekStaysExact() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.send(MODEL, "2026-02-10T10:00:00Z", 1L << 62);
            h.send(MODEL, "2026-02-10T10:00:01Z", 1L << 62);
            h.send(MODEL, "2026-02-10T11:00:00Z", 7);
            h.watermark("2026-02-20T00:00:00Z");
            h.emit();

            assertThat(reasons(h.deadLetters().readRecordsToList()))
                    .containsExactly(
                            DeadLetterReason.TOKENS_ABOVE_LIMIT.name(), DeadLetterReason.TOKENS_ABOVE_LIMIT.name());
            ShareRow cn = h.latestRows(h.settings.topics().shareByOrigin()).get("2026-02-09|all|origin|CN");
            assertThat(cn.getTokens()).isEqualTo(7);
            assertThat(cn.getTotalTokens()).isEqualTo(7);
            assertThat(cn.getFinal$()).isTrue();
        }
    }
}
