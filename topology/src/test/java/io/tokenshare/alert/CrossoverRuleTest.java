package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.AlertKind;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossoverRuleTest {

    private static final RuleScope ORIGIN_ALL = new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL);

    /** Whole-platform shares of spring 2026 (shared/market-facts.md and data/README.md). */
    private static DistributionFixture spring2026() {
        return DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-16", "CN", 43.1, "US", 43.5)
                .percent("2026-03-23", "CN", 53.2, "US", 39.7)
                .percent("2026-03-30", "CN", 61.8, "US", 32.1)
                .percent("2026-04-06", "CN", 43.4, "US", 47.0)
                .percent("2026-04-13", "CN", 36.2, "US", 50.8)
                .percent("2026-04-20", "CN", 39.7, "US", 48.5)
                .percent("2026-04-27", "CN", 47.5, "US", 41.1);
    }

    @Test
    void firesWhenChinaOvertakesTheUsAndWhenTheUsRegainsTheLead() {
        CrossoverRule rule = new CrossoverRule("cn-us", ORIGIN_ALL, "CN", "US", 2.0);

        List<AlertFinding> findings = rule.evaluate(spring2026().series());

        assertThat(findings)
                .extracting(AlertFinding::key)
                .containsExactly(
                        "cn-us|CN,US|2026-03-23|up", "cn-us|CN,US|2026-04-06|down", "cn-us|CN,US|2026-04-27|up");
        AlertFinding first = findings.get(0);
        assertThat(first.message())
                .isEqualTo(
                        "China-origin models overtook US-origin models: 53.2 % vs 39.7 % of all tokens, week of 2026-03-23");
        assertThat(first.kind()).isEqualTo(AlertKind.CROSSOVER);
        assertThat(first.members()).containsExactly("CN", "US");
        assertThat(first.beforeWeekStart()).isEqualTo(LocalDate.parse("2026-03-16"));
        assertThat(first.afterWeekStart()).isEqualTo(LocalDate.parse("2026-03-23"));
        assertThat(first.marginPoints()).isCloseTo(53.2 - 39.7, within(1e-9));
        assertThat(first.values().get(0).shareBefore()).isCloseTo(0.431, within(1e-12));
        assertThat(first.values().get(0).shareAfter()).isCloseTo(0.532, within(1e-12));
        assertThat(first.values().get(1).shareBefore()).isCloseTo(0.435, within(1e-12));
        assertThat(first.values().get(1).shareAfter()).isCloseTo(0.397, within(1e-12));
        assertThat(first.provisional()).isFalse();
        assertThat(findings.get(1).message())
                .isEqualTo(
                        "US-origin models overtook China-origin models: 47.0 % vs 43.4 % of all tokens, week of 2026-04-06");
        assertThat(findings.get(1).marginPoints()).isCloseTo(47.0 - 43.4, within(1e-9));
    }

    @Test
    void aNearTieInsideTheMarginDoesNotFlap() {
        DistributionFixture wobble = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-01-05", "CN", 40.0, "US", 45.0)
                .percent("2026-01-12", "CN", 45.5, "US", 44.5)
                .percent("2026-01-19", "CN", 44.8, "US", 45.3)
                .percent("2026-01-26", "CN", 45.7, "US", 44.2)
                .percent("2026-02-02", "CN", 46.0, "US", 44.0)
                .percent("2026-02-09", "CN", 44.5, "US", 45.5);

        List<AlertFinding> withMargin = new CrossoverRule("m", ORIGIN_ALL, "CN", "US", 2.0).evaluate(wobble.series());
        List<AlertFinding> withoutMargin =
                new CrossoverRule("m", ORIGIN_ALL, "CN", "US", 0.0).evaluate(wobble.series());

        // Leads of 1.0, 0.5 and 1.5 points are inside the margin; 2.0 exactly is enough; US back by 1.0 is not.
        assertThat(withMargin).extracting(AlertFinding::key).containsExactly("m|CN,US|2026-02-02|up");
        assertThat(withoutMargin)
                .extracting(AlertFinding::key)
                .containsExactly(
                        "m|CN,US|2026-01-12|up",
                        "m|CN,US|2026-01-19|down",
                        "m|CN,US|2026-01-26|up",
                        "m|CN,US|2026-02-09|down");
    }

    @Test
    void theFirstWeekOnlySetsWhoLeads() {
        DistributionFixture chinaLeadsFromTheStart = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-06-01", "CN", 50.5, "US", 36.1)
                .percent("2026-06-08", "CN", 52.3, "US", 34.0);

        assertThat(new CrossoverRule("c", ORIGIN_ALL, "CN", "US", 0).evaluate(chinaLeadsFromTheStart.series()))
                .isEmpty();
    }

    @Test
    void aMemberAbsentFromAWeekHasNoShareThatWeek() {
        DistributionFixture chinaArrives = DistributionFixture.origins(ShareBasis.TOP_N, "top9")
                .percent("2025-12-01", "US", 100.0)
                .percent("2025-12-08", "CN", 60.0, "US", 40.0);

        List<AlertFinding> findings = new CrossoverRule(
                        "c", new RuleScope(ShareDimension.ORIGIN, ShareBasis.TOP_N), "CN", "US", 2)
                .evaluate(chinaArrives.series());

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.values().get(0).shareBefore()).isZero();
            assertThat(finding.values().get(0).tokensBefore()).isZero();
            assertThat(finding.message())
                    .isEqualTo("China-origin models overtook US-origin models: 60.0 % vs 40.0 %"
                            + " of the top-9 models' tokens, week of 2025-12-08");
        });
    }
}
