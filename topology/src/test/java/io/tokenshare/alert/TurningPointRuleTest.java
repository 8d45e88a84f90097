package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurningPointRuleTest {

    private static final RuleScope ORIGIN_ALL = new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL);

    private static TurningPointRule rule(TurningPointRule.Direction direction, int confirmWeeks, double minMove) {
        return new TurningPointRule("cn-turns", ORIGIN_ALL, "CN", direction, confirmWeeks, minMove);
    }

    /** China-origin share of all tokens, weekly from 2026-03-09, then the given values. */
    private static DistributionFixture weekly(double... chinaPercent) {
        DistributionFixture fixture = DistributionFixture.origins(ShareBasis.ALL, "all");
        LocalDate week = LocalDate.parse("2026-03-09");
        for (double percent : chinaPercent) {
            fixture.percent(week.toString(), "CN", percent);
            week = week.plusWeeks(1);
        }
        return fixture;
    }

    @Test
    void thePeakOfSpring2026IsConfirmedTwoWeeksLaterAndTheTroughAfterIt() {
        // Whole platform: 61.8 % in the week of 2026-03-30 is the peak of that spring (data/README.md).
        DistributionFixture spring = weekly(35.6, 43.1, 53.2, 61.8, 43.4, 36.2, 39.7, 47.5);

        List<AlertFinding> findings =
                rule(TurningPointRule.Direction.BOTH, 2, 8).evaluate(spring.series());

        assertThat(findings)
                .extracting(AlertFinding::key)
                .containsExactly("cn-turns|CN|2026-03-30|peak", "cn-turns|CN|2026-04-13|trough");
        AlertFinding peak = findings.get(0);
        assertThat(peak.weekStart()).isEqualTo(LocalDate.parse("2026-03-30"));
        assertThat(peak.extremeWeekStart()).isEqualTo(LocalDate.parse("2026-03-30"));
        assertThat(peak.extremeShare()).isCloseTo(0.618, within(1e-12));
        assertThat(peak.confirmedWeekStart()).isEqualTo(LocalDate.parse("2026-04-13"));
        assertThat(peak.marginPoints()).isCloseTo(61.8 - 36.2, within(1e-9));
        assertThat(peak.values().get(0).shareBefore()).isCloseTo(0.618, within(1e-12));
        assertThat(peak.values().get(0).shareAfter()).isCloseTo(0.362, within(1e-12));
        assertThat(peak.message())
                .isEqualTo("China-origin models' share of all tokens peaked at 61.8 % in the week of"
                        + " 2026-03-30, confirmed by 36.2 % in the week of 2026-04-13");
        AlertFinding trough = findings.get(1);
        assertThat(trough.confirmedWeekStart()).isEqualTo(LocalDate.parse("2026-04-27"));
        assertThat(trough.message()).startsWith("China-origin models' share of all tokens bottomed out at 36.2 %");
    }

    @Test
    void aTurnIsNotConfirmedBeforeConfirmWeeksHavePassed() {
        DistributionFixture justAfterThePeak = weekly(35.6, 43.1, 53.2, 61.8, 43.4);

        assertThat(rule(TurningPointRule.Direction.PEAK, 2, 8).evaluate(justAfterThePeak.series()))
                .isEmpty();
        assertThat(rule(TurningPointRule.Direction.PEAK, 1, 8).evaluate(justAfterThePeak.series()))
                .singleElement()
                .satisfies(peak -> assertThat(peak.confirmedWeekStart()).isEqualTo(LocalDate.parse("2026-04-06")));
    }

    @Test
    void aTurnIsNotConfirmedBeforeTheShareHasMovedEnough() {
        DistributionFixture dip = weekly(50.0, 61.8, 60.0, 59.0, 57.0, 53.5);

        List<AlertFinding> findings =
                rule(TurningPointRule.Direction.PEAK, 2, 8).evaluate(dip.series());

        // 59.0 and 57.0 are less than 8 points under 61.8; 53.5 is 8.3 under it.
        assertThat(findings).singleElement().satisfies(peak -> {
            assertThat(peak.extremeWeekStart()).isEqualTo(LocalDate.parse("2026-03-16"));
            assertThat(peak.confirmedWeekStart()).isEqualTo(LocalDate.parse("2026-04-13"));
        });
    }

    @Test
    void aLongDeclineIsOneTurningPoint() {
        DistributionFixture decline = weekly(10, 20, 30, 25, 20, 15, 10, 5);

        assertThat(rule(TurningPointRule.Direction.BOTH, 1, 3).evaluate(decline.series()))
                .extracting(AlertFinding::key)
                .containsExactly("cn-turns|CN|2026-03-23|peak");
    }

    @Test
    void aNewHighBeforeConfirmationMovesThePeak() {
        DistributionFixture higher = weekly(10, 30, 28, 35, 20, 15);

        assertThat(rule(TurningPointRule.Direction.PEAK, 2, 5).evaluate(higher.series()))
                .singleElement()
                .satisfies(peak -> {
                    assertThat(peak.extremeShare()).isCloseTo(0.35, within(1e-12));
                    assertThat(peak.confirmedWeekStart()).isEqualTo(LocalDate.parse("2026-04-13"));
                });
    }

    @Test
    void theFirstWeekIsNeverATurningPoint() {
        assertThat(rule(TurningPointRule.Direction.BOTH, 1, 1)
                        .evaluate(weekly(60, 50, 40, 30).series()))
                .isEmpty();
    }

    @Test
    void oneWeekCanConfirmAPeakAndTheTroughAfterIt() {
        // 50 peaks, 30 is the low after it; 40 is 10 under the peak and 10 over the low, each two weeks on.
        DistributionFixture zigzag = weekly(20, 50, 30, 48, 40);

        assertThat(rule(TurningPointRule.Direction.BOTH, 2, 5).evaluate(zigzag.series()))
                .extracting(AlertFinding::key, AlertFinding::confirmedWeekStart)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "cn-turns|CN|2026-03-16|peak", LocalDate.parse("2026-04-06")),
                        org.assertj.core.groups.Tuple.tuple(
                                "cn-turns|CN|2026-03-23|trough", LocalDate.parse("2026-04-06")));
    }

    @Test
    void directionTroughLeavesPeaksOut() {
        DistributionFixture spring = weekly(35.6, 43.1, 53.2, 61.8, 43.4, 36.2, 39.7, 47.5);

        assertThat(rule(TurningPointRule.Direction.TROUGH, 2, 8).evaluate(spring.series()))
                .extracting(AlertFinding::direction)
                .containsExactly("trough");
    }
}
