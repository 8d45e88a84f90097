package io.tokenshare;

import static io.tokenshare.TopologyHarness.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Origin attribution and prices, through the whole topology. */
class AttributionTopologyTest {

    @Test
    void anAuthorMissingFromTheTableIsUnknownWithItsSlugAsLab() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("openai", "OpenAI", Origin.US);
            h.send("newlab/brand-new-1", "2026-02-10T10:00:00Z", 40);
            h.send("openai/gpt-5", "2026-02-10T10:00:00Z", 60);
            h.emit();

            Map<String, ShareRow> origins = h.latestRows("share-by-origin");
            assertThat(origins.get("2026-02-09|all|origin|UNKNOWN").getTokens()).isEqualTo(40);
            assertThat(origins).doesNotContainKey("2026-02-09|attributed|origin|UNKNOWN");
            Map<String, ShareRow> labs = h.latestRows("share-by-lab");
            assertThat(labs.get("2026-02-09|all|lab|newlab").getTokens()).isEqualTo(40);
            assertThat(labs.get("2026-02-09|all|lab|OpenAI").getTokenShare()).isEqualTo(0.6);
        }
    }

    @Test
    void aModelRowBeatsItsAuthorsRowAndItsRemovalFallsBack() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("openrouter", "OpenRouter (cloaked)", Origin.UNATTRIBUTED);
            h.origin("openrouter/sherlock-alpha", "xAI", Origin.US);
            h.send("openrouter/sherlock-alpha", "2026-02-10T10:00:00Z", 10);
            h.send("openrouter/horizon-beta", "2026-02-10T10:00:00Z", 5);
            h.emit();
            Map<String, ShareRow> origins = h.latestRows("share-by-origin");
            assertThat(origins.get("2026-02-09|all|origin|US").getTokens()).isEqualTo(10);
            assertThat(origins.get("2026-02-09|all|origin|UNATTRIBUTED").getTokens())
                    .isEqualTo(5);

            h.deleteOrigin("openrouter/sherlock-alpha");
            h.emit();
            origins = h.latestRows("share-by-origin");
            assertThat(origins).doesNotContainKey("2026-02-09|all|origin|US");
            assertThat(origins.get("2026-02-09|all|origin|UNATTRIBUTED").getTokens())
                    .isEqualTo(15);
        }
    }

    @Test
    void anOriginCorrectionReattributesClosedWeeksAsNewRevisionsWithoutReplay() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("stealth", "Stealth", Origin.UNATTRIBUTED);
            h.origin("anthropic", "Anthropic", Origin.US);
            h.send("stealth/model-q", "2026-02-03T10:00:00Z", 300);
            h.send("anthropic/claude", "2026-02-03T10:00:00Z", 100);
            h.send("stealth/model-q", "2026-02-10T10:00:00Z", 500);
            h.send("anthropic/claude", "2026-02-10T10:00:00Z", 500);
            h.watermark("2026-03-01T00:00:00Z");
            h.emit();
            Map<String, ShareRow> before = h.latestRows("share-by-origin");
            assertThat(before.get("2026-02-02|all|origin|UNATTRIBUTED").getFinal$())
                    .isTrue();
            assertThat(before.get("2026-02-02|all|origin|UNATTRIBUTED").getRevision())
                    .isZero();
            long countedBefore = h.accounting.counted();

            h.origin("stealth/model-q", "Zhipu AI", Origin.CN); // the stealth model is revealed
            h.emit();

            Map<String, ShareRow> after = h.latestRows("share-by-origin");
            assertThat(h.accounting.counted()).isEqualTo(countedBefore);
            ShareRow cnFirstWeek = after.get("2026-02-02|all|origin|CN");
            assertThat(cnFirstWeek.getTokens()).isEqualTo(300);
            assertThat(cnFirstWeek.getTokenShare()).isEqualTo(0.75);
            assertThat(cnFirstWeek.getFinal$()).isTrue();
            assertThat(cnFirstWeek.getRevision()).isEqualTo(1);
            assertThat(after.get("2026-02-09|attributed|origin|CN").getTokenShare())
                    .isEqualTo(0.5);
            assertThat(after)
                    .doesNotContainKeys("2026-02-02|all|origin|UNATTRIBUTED", "2026-02-09|all|origin|UNATTRIBUTED");
            assertThat(h.latestRows("share-by-lab")
                            .get("2026-02-09|all|lab|Zhipu AI")
                            .getTokens())
                    .isEqualTo(500);
        }
    }

    @Test
    void spendUsesThePriceValidOnEachEventsDateAndSaysWhichTokensItCovers() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", price(null, 1.0, 2.0));
            h.origin("deepseek", price(LocalDate.parse("2026-02-11"), 0.25, 0.5)); // a 75 % cut from Wednesday on
            h.send(split("a", "2026-02-10T23:59:59.999Z", 1_000_000, 600_000, 400_000)); // Tuesday: old price
            h.send(split("b", "2026-02-11T00:00:00.000Z", 2_000_000, 1_000_000, 1_000_000)); // Wednesday: new price
            h.send("deepseek/deepseek-v3.2", "2026-02-12T10:00:00Z", 500_000); // no split: spend unknown for these
            h.emit();

            ShareRow row = h.latestRows("share-by-model").get("2026-02-09|all|model|deepseek/deepseek-v3.2");
            double expected = 0.6 * 1.0 + 0.4 * 2.0 + 1.0 * 0.25 + 1.0 * 0.5;
            assertThat(row.getSpendUsd()).isCloseTo(expected, within(1e-9));
            assertThat(row.getSpendCoveredTokens()).isEqualTo(3_000_000);
            assertThat(row.getTokens()).isEqualTo(3_500_000);
        }
    }

    @Test
    void aPriceCorrectionRepricesPastWeeks() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", price(null, 1.0, 1.0));
            h.send(split("a", "2026-02-10T10:00:00Z", 2_000_000, 1_000_000, 1_000_000));
            h.emit();
            assertThat(h.latestRows("share-by-model")
                            .get("2026-02-09|all|model|deepseek/deepseek-v3.2")
                            .getSpendUsd())
                    .isCloseTo(2.0, within(1e-9));
            h.origin("deepseek", price(null, 3.0, 1.0));
            h.emit();
            assertThat(h.latestRows("share-by-model")
                            .get("2026-02-09|all|model|deepseek/deepseek-v3.2")
                            .getSpendUsd())
                    .isCloseTo(4.0, within(1e-9));
        }
    }

    private static ModelOrigin price(LocalDate validFrom, double in, double out) {
        return ModelOrigin.newBuilder()
                .setLab("DeepSeek")
                .setOrigin(Origin.CN)
                .setValidFrom(validFrom)
                .setInputUsdPerMtok(in)
                .setOutputUsdPerMtok(out)
                .build();
    }

    private static TokenUsageEvent split(String id, String at, long total, long in, long out) {
        TokenUsageEvent e = event(id, "deepseek/deepseek-v3.2", at, total);
        e.setInputTokens(in);
        e.setOutputTokens(out);
        return e;
    }
}
