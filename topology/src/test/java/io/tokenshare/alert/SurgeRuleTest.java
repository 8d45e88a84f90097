package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurgeRuleTest {

    private static final RuleScope ORIGIN_ALL = new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL);
    private static final long T = 1_000_000_000_000L;
    private static final long B = 1_000_000_000L;

    private static SurgeRule rule(String member, double minGrowthPct, long minTokens) {
        return new SurgeRule("surge", ORIGIN_ALL, member, minGrowthPct, minTokens);
    }

    @Test
    void aGrowthAboveTheMinimumOnEnoughTokensIsASurge() {
        // The seeds' week of 2026-03-16: China-origin tokens 7.36 T, +56.9 % over the week before.
        DistributionFixture march = DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2026-03-09", "CN", 4_690 * B, "US", 9 * T)
                .tokens("2026-03-16", "CN", 7_360 * B, "US", 8_800 * B);

        List<AlertFinding> findings = rule("CN", 50, 100 * B).evaluate(march.series());

        assertThat(findings).singleElement().satisfies(surge -> {
            assertThat(surge.key()).isEqualTo("surge|CN|2026-03-16");
            assertThat(surge.growthPct()).isCloseTo((7_360.0 - 4_690.0) / 4_690.0 * 100, within(1e-9));
            assertThat(surge.values().get(0).tokensBefore()).isEqualTo(4_690 * B);
            assertThat(surge.values().get(0).tokensAfter()).isEqualTo(7_360 * B);
            assertThat(surge.beforeWeekStart()).isEqualTo(LocalDate.parse("2026-03-09"));
            assertThat(surge.message())
                    .isEqualTo("China-origin models' tokens grew 56.9 % week over week to 7.36 T"
                            + " (45.5 % of all tokens), week of 2026-03-16");
        });
    }

    @Test
    void aSmallMemberBelowTheVolumeFloorNeverSurges() {
        DistributionFixture tiny = DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2026-03-09", "EU", 1 * B, "US", 9 * T)
                .tokens("2026-03-16", "EU", 3 * B, "US", 9 * T);

        assertThat(rule("EU", 50, 100 * B).evaluate(tiny.series())).isEmpty();
        assertThat(rule("EU", 50, 0).evaluate(tiny.series())).hasSize(1);
    }

    @Test
    void growthExactlyAtTheMinimumCountsAndJustUnderDoesNot() {
        DistributionFixture growth = DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2026-03-09", "CN", 200 * B, "US", 300 * B)
                .tokens("2026-03-16", "CN", 300 * B, "US", 449 * B);

        assertThat(rule("any", 50, 0).evaluate(growth.series()))
                .extracting(AlertFinding::key)
                .containsExactly("surge|CN|2026-03-16");
    }

    @Test
    void anyWatchesEveryMemberAndANamedMemberOnlyItself() {
        DistributionFixture everyoneGrows = DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2026-02-02", "CN", 1_920 * B, "US", 5_400 * B, "EU", 200 * B)
                .tokens("2026-02-09", "CN", 3_050 * B, "US", 8_200 * B, "EU", 210 * B);

        assertThat(rule("any", 50, 100 * B).evaluate(everyoneGrows.series()))
                .extracting(AlertFinding::key)
                .containsExactly("surge|CN|2026-02-09", "surge|US|2026-02-09");
        assertThat(rule("US", 50, 100 * B).evaluate(everyoneGrows.series()))
                .extracting(AlertFinding::key)
                .containsExactly("surge|US|2026-02-09");
    }

    @Test
    void aMemberWithNoTokensTheWeekBeforeHasNoGrowthAndNoSurge() {
        DistributionFixture arrival = DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2026-03-09", "US", 9 * T)
                .tokens("2026-03-16", "US", 9 * T, "EU", 500 * B);

        assertThat(rule("any", 50, 0).evaluate(arrival.series())).isEmpty();
    }
}
