package io.tokenshare.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareCheckTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 10, 19);

    @Test
    void exactRowsOnTheAllBasisPass() {
        ShareCheck check = ShareCheck.of(
                "origin",
                List.of(
                        row("CN", 70, ShareBasis.ALL, true),
                        row("US", 30, ShareBasis.ALL, true),
                        row("CN", 999, ShareBasis.ATTRIBUTED, false)),
                Map.of(WEEK, Map.of("CN", 70L, "US", 30L)));

        assertThat(check.exact()).isTrue();
        assertThat(check.membersChecked()).isEqualTo(2);
    }

    @Test
    void tokensOnTheWrongMemberAreLostAndDoubledButNotFromTheWeek() {
        ShareCheck check = ShareCheck.of(
                "origin",
                List.of(row("UNKNOWN", 100, ShareBasis.ALL, true)),
                Map.of(WEEK, Map.of("CN", 70L, "US", 30L)));

        assertThat(check.exact()).isFalse();
        assertThat(check.lostTokens()).isEqualTo(100);
        assertThat(check.doubledTokens()).isEqualTo(100);
        assertThat(check.weekTokensLost()).isZero();
        assertThat(check.weekTokensDoubled()).isZero();
        assertThat(check.mismatches())
                .contains(WEEK + " CN: expected 70, got 0", WEEK + " UNKNOWN: expected 0, got 100");
    }

    @Test
    void missingWeeksAndProvisionalRowsFail() {
        ShareCheck check = ShareCheck.of(
                "origin",
                List.of(row("CN", 60, ShareBasis.ALL, false)),
                Map.of(WEEK, Map.of("CN", 70L), WEEK.plusWeeks(1), Map.of("CN", 5L)));

        assertThat(check.exact()).isFalse();
        assertThat(check.notFinal()).isEqualTo(1);
        assertThat(check.weeksSeen()).isEqualTo(1);
        assertThat(check.weeksExpected()).isEqualTo(2);
        assertThat(check.lostTokens()).isEqualTo(15);
        assertThat(check.weekTokensLost()).isEqualTo(15);
    }

    private static ShareRow row(String member, long tokens, ShareBasis basis, boolean isFinal) {
        return ShareRow.newBuilder()
                .setWeekStart(WEEK)
                .setDimension(ShareDimension.ORIGIN)
                .setBasis(basis)
                .setBasisLabel(basis.name().toLowerCase())
                .setMember(member)
                .setTokens(tokens)
                .setRequests(1)
                .setTotalTokens(100)
                .setTokenShare(tokens / 100.0)
                .setRank(1)
                .setRolling4wShare(0)
                .setFinal$(isFinal)
                .setComputedAt(Instant.EPOCH)
                .build();
    }
}
