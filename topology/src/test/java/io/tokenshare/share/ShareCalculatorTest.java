package io.tokenshare.share;

import static io.tokenshare.share.ModelWeekFixture.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.AttributedModelWeek;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShareCalculatorTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 2, 9);
    private static final LocalDate WEEK_BEFORE = WEEK.minusWeeks(1);
    private static final LocalDate TWO_WEEKS_BEFORE = WEEK.minusWeeks(2);
    private static final LocalDate THREE_WEEKS_BEFORE = WEEK.minusWeeks(3);
    private static final Instant NOW = Instant.parse("2026-02-16T08:30:00Z");
    private static final double EXACT = 1e-12;

    private final Map<LocalDate, List<AttributedModelWeek>> weeks = new HashMap<>();

    private void week(LocalDate weekStart, ModelWeekFixture... models) {
        weeks.put(weekStart, Arrays.stream(models).map(ModelWeekFixture::build).toList());
    }

    private Function<LocalDate, Collection<AttributedModelWeek>> lookup() {
        return weekStart -> weeks.get(weekStart);
    }

    private List<ShareRow> rows(int topN) {
        return new ShareCalculator(topN, Clock.fixed(NOW, ZoneOffset.UTC)).rowsFor(WEEK, lookup(), false, 0);
    }

    private static ShareRow row(List<ShareRow> rows, String basisLabel, ShareDimension dimension, String member) {
        List<ShareRow> matching = rows.stream()
                .filter(row -> row.getBasisLabel().equals(basisLabel))
                .filter(row -> row.getDimension() == dimension)
                .filter(row -> row.getMember().equals(member))
                .toList();
        assertThat(matching)
                .as("rows for %s %s %s", basisLabel, dimension, member)
                .hasSize(1);
        return matching.get(0);
    }

    private static List<String> membersInRankOrder(List<ShareRow> rows, String basisLabel, ShareDimension dimension) {
        return rows.stream()
                .filter(row -> row.getBasisLabel().equals(basisLabel) && row.getDimension() == dimension)
                .sorted(Comparator.comparingInt(ShareRow::getRank))
                .map(ShareRow::getMember)
                .toList();
    }

    /** A platform week: 2,000 tokens, of which 500 in the 'other' bucket and 100 from an unknown author. */
    private void mixedPlatformWeek() {
        week(
                WEEK,
                model("deepseek/v3", WEEK)
                        .lab("DeepSeek")
                        .origin(Origin.CN)
                        .tokens(600)
                        .requests(60),
                model("openai/gpt", WEEK)
                        .lab("OpenAI")
                        .origin(Origin.US)
                        .tokens(300)
                        .requests(30),
                model("zeta/z1", WEEK).lab("Zeta").origin(Origin.US).tokens(300).requests(20),
                model("other", WEEK)
                        .lab("Outside top 50")
                        .origin(Origin.UNATTRIBUTED)
                        .tokens(500)
                        .requests(50),
                model("fan/tune", WEEK).origin(Origin.UNKNOWN).tokens(100).requests(10),
                model("mistralai/large", WEEK)
                        .lab("Mistral")
                        .origin(Origin.EU)
                        .tokens(200)
                        .requests(5));
    }

    @Nested
    class Bases {

        @Test
        void allBasisCountsEveryModelIncludingUnknownAndUnattributed() {
            mixedPlatformWeek();
            List<ShareRow> rows = rows(2);

            ShareRow cn = row(rows, "all", ShareDimension.ORIGIN, "CN");
            assertThat(cn.getBasis()).isEqualTo(ShareBasis.ALL);
            assertThat(cn.getTokens()).isEqualTo(600);
            assertThat(cn.getRequests()).isEqualTo(60);
            assertThat(cn.getTotalTokens()).isEqualTo(2000);
            assertThat(cn.getTokenShare()).isCloseTo(0.3, within(EXACT));
            assertThat(row(rows, "all", ShareDimension.ORIGIN, "UNATTRIBUTED").getTokenShare())
                    .isCloseTo(0.25, within(EXACT));
            assertThat(row(rows, "all", ShareDimension.ORIGIN, "UNKNOWN").getTokenShare())
                    .isCloseTo(0.05, within(EXACT));
            assertThat(row(rows, "all", ShareDimension.MODEL, "other").getTokens())
                    .isEqualTo(500);
        }

        @Test
        void attributedBasisLeavesUnknownAndUnattributedOutOfNumeratorAndDenominator() {
            mixedPlatformWeek();
            List<ShareRow> rows = rows(2);

            ShareRow us = row(rows, "attributed", ShareDimension.ORIGIN, "US");
            assertThat(us.getBasis()).isEqualTo(ShareBasis.ATTRIBUTED);
            assertThat(us.getTokens()).isEqualTo(600);
            assertThat(us.getTotalTokens()).isEqualTo(1400);
            assertThat(us.getTokenShare()).isCloseTo(600.0 / 1400, within(EXACT));
            assertThat(membersInRankOrder(rows, "attributed", ShareDimension.ORIGIN))
                    .containsExactly("CN", "US", "EU");
            assertThat(membersInRankOrder(rows, "attributed", ShareDimension.MODEL))
                    .doesNotContain("other", "fan/tune");
        }

        @Test
        void topNBasisTakesTheLargestModelsSkipsPseudoModelsAndBreaksTiesByModelId() {
            mixedPlatformWeek();
            List<ShareRow> rows = rows(2);

            // 'other' (500) is no model; openai/gpt and zeta/z1 tie at 300 for the second place: openai/gpt wins.
            assertThat(membersInRankOrder(rows, "top2", ShareDimension.MODEL))
                    .containsExactly("deepseek/v3", "openai/gpt");
            ShareRow us = row(rows, "top2", ShareDimension.ORIGIN, "US");
            assertThat(us.getBasis()).isEqualTo(ShareBasis.TOP_N);
            assertThat(us.getTokens()).isEqualTo(300);
            assertThat(us.getTotalTokens()).isEqualTo(900);
            assertThat(us.getTokenShare()).isCloseTo(300.0 / 900, within(EXACT));
            assertThat(membersInRankOrder(rows, "top2", ShareDimension.ORIGIN)).containsExactly("CN", "US");
        }

        @Test
        void topNLargerThanTheWeekTakesEveryRealModel() {
            mixedPlatformWeek();
            List<ShareRow> rows = rows(50);

            assertThat(row(rows, "top50", ShareDimension.ORIGIN, "CN").getTotalTokens())
                    .isEqualTo(1500);
            assertThat(membersInRankOrder(rows, "top50", ShareDimension.MODEL))
                    .hasSize(5)
                    .doesNotContain("other");
        }

        @Test
        void everyBasisAndDimensionIsEmittedForTheMembersWithTokensOnly() {
            week(
                    WEEK,
                    model("deepseek/v3", WEEK)
                            .lab("DeepSeek")
                            .origin(Origin.CN)
                            .tokens(10)
                            .requests(1),
                    model("idle/model", WEEK)
                            .lab("Idle")
                            .origin(Origin.US)
                            .tokens(0)
                            .requests(3));
            List<ShareRow> rows = rows(1);

            assertThat(rows)
                    .extracting(row -> row.getBasisLabel() + " " + row.getDimension() + " " + row.getMember())
                    .containsExactlyInAnyOrder(
                            "all ORIGIN CN",
                            "all LAB DeepSeek",
                            "all MODEL deepseek/v3",
                            "all CATEGORY uncategorized",
                            "all CATEGORY_ORIGIN uncategorized|CN",
                            "attributed ORIGIN CN",
                            "attributed LAB DeepSeek",
                            "attributed MODEL deepseek/v3",
                            "attributed CATEGORY uncategorized",
                            "attributed CATEGORY_ORIGIN uncategorized|CN",
                            "top1 ORIGIN CN",
                            "top1 LAB DeepSeek",
                            "top1 MODEL deepseek/v3",
                            "top1 CATEGORY uncategorized",
                            "top1 CATEGORY_ORIGIN uncategorized|CN");
        }
    }

    @Nested
    class Dimensions {

        @Test
        void labsAddUpTheirModels() {
            week(
                    WEEK,
                    model("qwen/a", WEEK)
                            .lab("Alibaba")
                            .origin(Origin.CN)
                            .tokens(250)
                            .requests(5),
                    model("qwen/b", WEEK)
                            .lab("Alibaba")
                            .origin(Origin.CN)
                            .tokens(150)
                            .requests(7),
                    model("openai/gpt", WEEK)
                            .lab("OpenAI")
                            .origin(Origin.US)
                            .tokens(600)
                            .requests(9));
            List<ShareRow> rows = rows(3);

            ShareRow alibaba = row(rows, "all", ShareDimension.LAB, "Alibaba");
            assertThat(alibaba.getTokens()).isEqualTo(400);
            assertThat(alibaba.getRequests()).isEqualTo(12);
            assertThat(alibaba.getTokenShare()).isCloseTo(0.4, within(EXACT));
            assertThat(alibaba.getRank()).isEqualTo(2);
            assertThat(row(rows, "all", ShareDimension.LAB, "OpenAI").getRank()).isEqualTo(1);
        }

        @Test
        void categoriesAndCategoryOriginPairsComeFromTheCategoryMaps() {
            week(
                    WEEK,
                    model("deepseek/v3", WEEK)
                            .origin(Origin.CN)
                            .tokens(600)
                            .requests(60)
                            .category("programming", 400, 40)
                            .category("roleplay", 200, 20),
                    model("openai/gpt", WEEK)
                            .origin(Origin.US)
                            .tokens(300)
                            .requests(30)
                            .category("programming", 300, 30),
                    model("google/gemini", WEEK)
                            .origin(Origin.US)
                            .tokens(100)
                            .requests(10)
                            .category("uncategorized", 100, 10));
            List<ShareRow> rows = rows(3);

            assertThat(membersInRankOrder(rows, "all", ShareDimension.CATEGORY))
                    .containsExactly("programming", "roleplay", "uncategorized");
            ShareRow programming = row(rows, "all", ShareDimension.CATEGORY, "programming");
            assertThat(programming.getTokens()).isEqualTo(700);
            assertThat(programming.getRequests()).isEqualTo(70);
            assertThat(programming.getTotalTokens()).isEqualTo(1000);
            assertThat(programming.getTokenShare()).isCloseTo(0.7, within(EXACT));

            assertThat(membersInRankOrder(rows, "all", ShareDimension.CATEGORY_ORIGIN))
                    .containsExactly("programming|CN", "programming|US", "roleplay|CN", "uncategorized|US");
            ShareRow programmingUs = row(rows, "all", ShareDimension.CATEGORY_ORIGIN, "programming|US");
            assertThat(programmingUs.getTokens()).isEqualTo(300);
            assertThat(programmingUs.getTokenShare()).isCloseTo(0.3, within(EXACT));
        }

        @Test
        void tokensTheCategoryMapsDoNotAccountForCountAsUncategorized() {
            week(
                    WEEK,
                    model("deepseek/v3", WEEK)
                            .origin(Origin.CN)
                            .tokens(500)
                            .requests(50)
                            .category("programming", 350, 30),
                    model("openai/gpt", WEEK).origin(Origin.US).tokens(500).requests(40));
            List<ShareRow> rows = rows(3);

            ShareRow uncategorized = row(rows, "all", ShareDimension.CATEGORY, "uncategorized");
            assertThat(uncategorized.getTokens()).isEqualTo(150 + 500);
            assertThat(uncategorized.getRequests()).isEqualTo(20 + 40);
            assertThat(row(rows, "all", ShareDimension.CATEGORY_ORIGIN, "uncategorized|CN")
                            .getTokens())
                    .isEqualTo(150);
            assertThat(row(rows, "all", ShareDimension.CATEGORY_ORIGIN, "uncategorized|US")
                            .getTokens())
                    .isEqualTo(500);
        }
    }

    @Nested
    class Ranks {

        @Test
        void mostTokensRankFirstAndTiesGoByMemberName() {
            week(
                    WEEK,
                    model("b/model", WEEK).origin(Origin.US).tokens(300),
                    model("a/model", WEEK).origin(Origin.US).tokens(300),
                    model("c/model", WEEK).origin(Origin.CN).tokens(500),
                    model("d/model", WEEK).origin(Origin.EU).tokens(100));
            List<ShareRow> rows = rows(4);

            assertThat(row(rows, "all", ShareDimension.MODEL, "c/model").getRank())
                    .isEqualTo(1);
            assertThat(row(rows, "all", ShareDimension.MODEL, "a/model").getRank())
                    .isEqualTo(2);
            assertThat(row(rows, "all", ShareDimension.MODEL, "b/model").getRank())
                    .isEqualTo(3);
            assertThat(row(rows, "all", ShareDimension.MODEL, "d/model").getRank())
                    .isEqualTo(4);
            // US 600 beats CN 500 once the two US models add up.
            assertThat(membersInRankOrder(rows, "all", ShareDimension.ORIGIN)).containsExactly("US", "CN", "EU");
        }
    }

    @Nested
    class WeekOverWeekAndRolling {

        /** W-3 absent; W-2: a 1,000; W-1: a 300, b 700; W: a 600, b 300, c 100. */
        private void fourWeeks() {
            week(
                    TWO_WEEKS_BEFORE,
                    model("a/model", TWO_WEEKS_BEFORE).origin(Origin.CN).tokens(1000));
            week(
                    WEEK_BEFORE,
                    model("a/model", WEEK_BEFORE).origin(Origin.CN).tokens(300),
                    model("b/model", WEEK_BEFORE).origin(Origin.US).tokens(700));
            week(
                    WEEK,
                    model("a/model", WEEK).origin(Origin.CN).tokens(600),
                    model("b/model", WEEK).origin(Origin.US).tokens(300),
                    model("c/model", WEEK).origin(Origin.EU).tokens(100));
        }

        @Test
        void changeAgainstTheWeekBeforeInPercentAndPoints() {
            fourWeeks();
            List<ShareRow> rows = rows(3);

            ShareRow grew = row(rows, "all", ShareDimension.MODEL, "a/model");
            assertThat(grew.getTokensWowPct()).isCloseTo(100.0, within(EXACT));
            assertThat(grew.getShareWowPoints()).isCloseTo(30.0, within(EXACT));
            ShareRow shrank = row(rows, "all", ShareDimension.MODEL, "b/model");
            assertThat(shrank.getTokensWowPct()).isCloseTo(-400.0 / 7, within(EXACT));
            assertThat(shrank.getShareWowPoints()).isCloseTo(-40.0, within(EXACT));
        }

        @Test
        void aMemberAbsentTheWeekBeforeHasNoPercentChangeButGainsItsWholeShareInPoints() {
            fourWeeks();
            ShareRow newcomer = row(rows(3), "all", ShareDimension.MODEL, "c/model");

            assertThat(newcomer.getTokensWowPct()).isNull();
            assertThat(newcomer.getShareWowPoints()).isCloseTo(10.0, within(EXACT));
        }

        @Test
        void rollingShareAddsUpFourWeeksAndAnAbsentWeekCountsAsNoUsage() {
            fourWeeks();
            List<ShareRow> rows = rows(3);

            assertThat(row(rows, "all", ShareDimension.MODEL, "a/model").getRolling4wShare())
                    .isCloseTo((1000.0 + 300 + 600) / 3000, within(EXACT));
            assertThat(row(rows, "all", ShareDimension.MODEL, "b/model").getRolling4wShare())
                    .isCloseTo((700.0 + 300) / 3000, within(EXACT));
            assertThat(row(rows, "all", ShareDimension.MODEL, "c/model").getRolling4wShare())
                    .isCloseTo(100.0 / 3000, within(EXACT));
        }

        @Test
        void onlyTheLastFourWeeksAreRead() {
            fourWeeks();
            week(
                    THREE_WEEKS_BEFORE.minusWeeks(1),
                    model("a/model", THREE_WEEKS_BEFORE.minusWeeks(1))
                            .origin(Origin.CN)
                            .tokens(1_000_000));
            List<LocalDate> looked = new ArrayList<>();
            new ShareCalculator(3, Clock.fixed(NOW, ZoneOffset.UTC))
                    .rowsFor(
                            WEEK,
                            weekStart -> {
                                looked.add(weekStart);
                                return weeks.get(weekStart);
                            },
                            false,
                            0);

            assertThat(looked).containsOnly(THREE_WEEKS_BEFORE, TWO_WEEKS_BEFORE, WEEK_BEFORE, WEEK);
            assertThat(row(rows(3), "all", ShareDimension.MODEL, "a/model").getRolling4wShare())
                    .isCloseTo(1900.0 / 3000, within(EXACT));
        }

        @Test
        void topNComparesEachWeekOnItsOwnTopN() {
            fourWeeks();
            List<ShareRow> rows = rows(1);

            // top1: W-2 a (1,000), W-1 b (700), W a (600). a was not on the basis the week before.
            ShareRow leader = row(rows, "top1", ShareDimension.MODEL, "a/model");
            assertThat(leader.getTokensWowPct()).isNull();
            assertThat(leader.getShareWowPoints()).isCloseTo(100.0, within(EXACT));
            assertThat(leader.getRolling4wShare()).isCloseTo((1000.0 + 600) / (1000 + 700 + 600), within(EXACT));
            ShareRow cn = row(rows, "top1", ShareDimension.ORIGIN, "CN");
            assertThat(cn.getRolling4wShare()).isCloseTo((1000.0 + 600) / (1000 + 700 + 600), within(EXACT));
        }

        @Test
        void noChangeIsKnownWhenTheWeekBeforeHadNoUsageOnTheBasis() {
            week(
                    TWO_WEEKS_BEFORE,
                    model("a/model", TWO_WEEKS_BEFORE).origin(Origin.CN).tokens(100));
            week(
                    WEEK,
                    model("a/model", WEEK).origin(Origin.CN).tokens(300),
                    model("b/model", WEEK).origin(Origin.UNKNOWN).tokens(100));
            List<ShareRow> rows = rows(1);

            ShareRow a = row(rows, "all", ShareDimension.MODEL, "a/model");
            assertThat(a.getTokensWowPct()).isNull();
            assertThat(a.getShareWowPoints()).isNull();
            assertThat(a.getRolling4wShare()).isCloseTo(400.0 / 500, within(EXACT));
        }

        @Test
        void theWeekBeforeWithoutUsageOnTheAttributedBasisLeavesTheChangeUnknownThere() {
            week(
                    WEEK_BEFORE,
                    model("fan/tune", WEEK_BEFORE).origin(Origin.UNKNOWN).tokens(100));
            week(WEEK, model("a/model", WEEK).origin(Origin.CN).tokens(300));
            List<ShareRow> rows = rows(1);

            assertThat(row(rows, "attributed", ShareDimension.ORIGIN, "CN").getShareWowPoints())
                    .isNull();
            assertThat(row(rows, "all", ShareDimension.ORIGIN, "CN").getShareWowPoints())
                    .isCloseTo(100.0, within(EXACT));
        }
    }

    @Nested
    class Spend {

        private void pricedWeek() {
            week(
                    WEEK,
                    model("deepseek/v3", WEEK)
                            .origin(Origin.CN)
                            .tokens(600)
                            .spend(2.0, 500)
                            .category("programming", 600, 0),
                    model("openai/gpt", WEEK).origin(Origin.US).tokens(300),
                    model("google/gemini", WEEK).origin(Origin.US).tokens(300).spend(1.0, 300),
                    model("mistralai/large", WEEK).origin(Origin.EU).tokens(100));
        }

        @Test
        void spendAndItsCoverageAddUpOverThePricedModels() {
            pricedWeek();
            List<ShareRow> rows = rows(4);

            ShareRow cn = row(rows, "all", ShareDimension.ORIGIN, "CN");
            assertThat(cn.getSpendUsd()).isCloseTo(2.0, within(EXACT));
            assertThat(cn.getSpendCoveredTokens()).isEqualTo(500);
            assertThat(cn.getTotalSpendUsd()).isCloseTo(3.0, within(EXACT));
            assertThat(cn.getSpendShare()).isCloseTo(2.0 / 3, within(EXACT));
            ShareRow us = row(rows, "all", ShareDimension.ORIGIN, "US");
            assertThat(us.getSpendUsd()).isCloseTo(1.0, within(EXACT));
            assertThat(us.getSpendCoveredTokens()).isEqualTo(300);
            assertThat(us.getSpendShare()).isCloseTo(1.0 / 3, within(EXACT));
        }

        @Test
        void aMemberWithoutAnyPricedModelHasUnknownSpend() {
            pricedWeek();
            ShareRow eu = row(rows(4), "all", ShareDimension.ORIGIN, "EU");

            assertThat(eu.getSpendUsd()).isNull();
            assertThat(eu.getSpendCoveredTokens()).isZero();
            assertThat(eu.getTotalSpendUsd()).isCloseTo(3.0, within(EXACT));
            assertThat(eu.getSpendShare()).isNull();
        }

        @Test
        void aBasisWithoutAnyPricedModelHasUnknownTotalSpend() {
            week(WEEK, model("openai/gpt", WEEK).origin(Origin.US).tokens(300));
            ShareRow us = row(rows(1), "all", ShareDimension.ORIGIN, "US");

            assertThat(us.getTotalSpendUsd()).isNull();
            assertThat(us.getSpendShare()).isNull();
        }

        @Test
        void aZeroTotalSpendGivesNoSpendShare() {
            week(
                    WEEK,
                    model("openai/gpt-free", WEEK).origin(Origin.US).tokens(300).spend(0.0, 300));
            ShareRow us = row(rows(1), "all", ShareDimension.ORIGIN, "US");

            assertThat(us.getSpendUsd()).isEqualTo(0.0);
            assertThat(us.getTotalSpendUsd()).isEqualTo(0.0);
            assertThat(us.getSpendShare()).isNull();
        }

        @Test
        void categoriesHaveNoSpendBecauseSpendIsNotTrackedPerCategory() {
            pricedWeek();
            List<ShareRow> rows = rows(4);

            for (ShareRow categoryRow : List.of(
                    row(rows, "all", ShareDimension.CATEGORY, "programming"),
                    row(rows, "all", ShareDimension.CATEGORY_ORIGIN, "programming|CN"))) {
                assertThat(categoryRow.getSpendUsd()).isNull();
                assertThat(categoryRow.getSpendCoveredTokens()).isZero();
                assertThat(categoryRow.getSpendShare()).isNull();
            }
        }

        @Test
        void topNSpendCoversOnlyTheTopModels() {
            pricedWeek();
            ShareRow us = row(rows(2), "top2", ShareDimension.ORIGIN, "US");

            // top2: deepseek/v3 (600) and google/gemini (300, ahead of openai/gpt by id).
            assertThat(us.getTokens()).isEqualTo(300);
            assertThat(us.getSpendUsd()).isCloseTo(1.0, within(EXACT));
            assertThat(us.getTotalSpendUsd()).isCloseTo(3.0, within(EXACT));
        }
    }

    @Nested
    class Stamps {

        @Test
        void rowsCarryTheWeekTheClosingStateTheRevisionAndTheClock() {
            week(WEEK, model("openai/gpt", WEEK).origin(Origin.US).tokens(300));
            List<ShareRow> rows =
                    new ShareCalculator(9, Clock.fixed(NOW, ZoneOffset.UTC)).rowsFor(WEEK, lookup(), true, 2);

            assertThat(rows).isNotEmpty().allSatisfy(row -> {
                assertThat(row.getWeekStart()).isEqualTo(WEEK);
                assertThat(row.getFinal$()).isTrue();
                assertThat(row.getRevision()).isEqualTo(2);
                assertThat(row.getComputedAt()).isEqualTo(NOW);
            });
            assertThat(rows).extracting(ShareRow::getBasisLabel).containsOnly("all", "attributed", "top9");
        }

        @Test
        void aWeekWithoutUsageHasNoRows() {
            assertThat(rows(9)).isEmpty();
        }
    }

    @Nested
    class BadInput {

        @Test
        void topNBelowOneIsRefused() {
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            assertThatThrownBy(() -> new ShareCalculator(0, clock))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("topN must be at least 1");
        }

        @Test
        void aWeekThatDoesNotStartOnMondayIsRefused() {
            ShareCalculator calculator = new ShareCalculator(9, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThatThrownBy(() -> calculator.rowsFor(WEEK.plusDays(1), lookup(), false, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Monday")
                    .hasMessageContaining("2026-02-10");
        }

        @Test
        void aLookupReturningAnotherWeeksModelIsRefused() {
            week(WEEK, model("openai/gpt", WEEK_BEFORE).origin(Origin.US).tokens(300));
            assertThatThrownBy(() -> rows(9))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openai/gpt")
                    .hasMessageContaining(WEEK_BEFORE.toString());
        }

        @Test
        void aModelTwiceInAWeekIsRefused() {
            week(
                    WEEK,
                    model("openai/gpt", WEEK).origin(Origin.US).tokens(300),
                    model("openai/gpt", WEEK).origin(Origin.US).tokens(100));
            assertThatThrownBy(() -> rows(9))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openai/gpt appears more than once");
        }

        @Test
        void aNegativeRevisionIsRefused() {
            ShareCalculator calculator = new ShareCalculator(9, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThatThrownBy(() -> calculator.rowsFor(WEEK, lookup(), true, -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("revision");
        }
    }
}
