package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewLeaderRuleTest {

    private static final RuleScope MODEL_ALL = new RuleScope(ShareDimension.MODEL, ShareBasis.ALL);
    private static final long B = 1_000_000_000L;

    @Test
    void aChangeOfTheTopModelByTokensIsANewLeader() {
        DistributionFixture models = DistributionFixture.of(ShareDimension.MODEL, ShareBasis.ALL, "all")
                .tokens("2026-03-09", "minimax/minimax-m2.5", 900 * B, "anthropic/claude-4.6-sonnet", 700 * B)
                .tokens("2026-03-16", "minimax/minimax-m2.5", 950 * B, "xiaomi/mimo-v2-pro", 1_200 * B)
                .tokens("2026-03-23", "minimax/minimax-m2.5", 800 * B, "xiaomi/mimo-v2-pro", 1_300 * B);

        List<AlertFinding> findings = new NewLeaderRule("leader", MODEL_ALL, Set.of()).evaluate(models.series());

        assertThat(findings).singleElement().satisfies(leader -> {
            assertThat(leader.key()).isEqualTo("leader|xiaomi/mimo-v2-pro,minimax/minimax-m2.5|2026-03-16");
            assertThat(leader.members()).containsExactly("xiaomi/mimo-v2-pro", "minimax/minimax-m2.5");
            assertThat(leader.values().get(0).tokensBefore()).isZero();
            assertThat(leader.values().get(0).tokensAfter()).isEqualTo(1_200 * B);
            assertThat(leader.values().get(1).tokensBefore()).isEqualTo(900 * B);
            assertThat(leader.message())
                    .isEqualTo("xiaomi/mimo-v2-pro took the lead by tokens from"
                            + " minimax/minimax-m2.5: 1.20 T (55.8 % of all tokens) vs 950 B, week of 2026-03-16");
        });
    }

    @Test
    void ignoredMembersNeverLead() {
        DistributionFixture models = DistributionFixture.of(ShareDimension.MODEL, ShareBasis.ALL, "all")
                .tokens("2025-06-02", "other", 2_000 * B, "openai/gpt-4o-mini", 300 * B)
                .tokens(
                        "2025-06-09",
                        "other",
                        1_500 * B,
                        "openai/gpt-4o-mini",
                        250 * B,
                        "google/gemini-2.0-flash-001",
                        260 * B);

        assertThat(new NewLeaderRule("leader", MODEL_ALL, Set.of()).evaluate(models.series()))
                .isEmpty();
        assertThat(new NewLeaderRule("leader", MODEL_ALL, Set.of("other")).evaluate(models.series()))
                .extracting(AlertFinding::key)
                .containsExactly("leader|google/gemini-2.0-flash-001,openai/gpt-4o-mini|2025-06-09");
    }
}
