package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {

    private static final RuleScope ORIGIN_ALL = new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL);

    /** China's share around 50 %: reaches it, hovers, falls well below, comes back. */
    private static DistributionFixture hovering() {
        return DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-05-18", "CN", 43.7)
                .percent("2026-05-25", "CN", 50.0)
                .percent("2026-06-01", "CN", 49.0)
                .percent("2026-06-08", "CN", 50.4)
                .percent("2026-06-15", "CN", 47.9)
                .percent("2026-06-22", "CN", 49.5)
                .percent("2026-06-29", "CN", 55.9);
    }

    private static ThresholdRule rule(ThresholdRule.Direction direction, double hysteresisPoints) {
        return new ThresholdRule("cn-50", ORIGIN_ALL, "CN", 0.5, direction, hysteresisPoints);
    }

    @Test
    void reachingTheLevelAlertsAndHoveringAroundItDoesNotAlertAgain() {
        List<AlertFinding> findings =
                rule(ThresholdRule.Direction.UP, 2.0).evaluate(hovering().series());

        // 50.0 reaches the level; 49.0 is within 2 points under it, so 50.4 is no new crossing; 47.9 is below
        // 48, so 55.9 (after 49.5, still under the level) is one.
        assertThat(findings)
                .extracting(AlertFinding::key)
                .containsExactly("cn-50|CN|2026-05-25|up", "cn-50|CN|2026-06-29|up");
        AlertFinding first = findings.get(0);
        assertThat(first.message())
                .isEqualTo("China-origin models reached 50 % of all tokens: 50.0 %, week of 2026-05-25");
        assertThat(first.level()).isEqualTo(0.5);
        assertThat(first.marginPoints()).isCloseTo(0.0, within(1e-9));
        assertThat(first.values().get(0).shareBefore()).isCloseTo(0.437, within(1e-12));
    }

    @Test
    void withoutHysteresisEveryCrossingAlerts() {
        assertThat(rule(ThresholdRule.Direction.UP, 0).evaluate(hovering().series()))
                .extracting(AlertFinding::key)
                .containsExactly("cn-50|CN|2026-05-25|up", "cn-50|CN|2026-06-08|up", "cn-50|CN|2026-06-29|up");
    }

    @Test
    void directionDownAlertsOnlyOnFallingBelow() {
        List<AlertFinding> findings =
                rule(ThresholdRule.Direction.DOWN, 2.0).evaluate(hovering().series());

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.key()).isEqualTo("cn-50|CN|2026-06-15|down");
            assertThat(finding.message())
                    .isEqualTo("China-origin models fell below 50 % of all tokens: 47.9 %, week of 2026-06-15");
            assertThat(finding.marginPoints()).isCloseTo(47.9 - 50.0, within(1e-9));
        });
    }

    @Test
    void directionBothAlertsOnEitherCrossing() {
        assertThat(rule(ThresholdRule.Direction.BOTH, 2.0).evaluate(hovering().series()))
                .extracting(AlertFinding::direction)
                .containsExactly("up", "down", "up");
    }

    @Test
    void aSeriesThatStartsAboveTheLevelHasNotCrossedIt() {
        DistributionFixture above = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-07-06", "CN", 60.6)
                .percent("2026-07-13", "CN", 63.4);

        assertThat(rule(ThresholdRule.Direction.BOTH, 0).evaluate(above.series()))
                .isEmpty();
    }
}
