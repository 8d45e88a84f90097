package io.tokenshare.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ShareRowKeyTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 2, 9);

    @Test
    void keyIsWeekBasisDimensionMember() {
        assertThat(ShareRowKey.of(WEEK, "all", ShareDimension.ORIGIN, "CN")).isEqualTo("2026-02-09|all|origin|CN");
        assertThat(ShareRowKey.of(WEEK, "top9", ShareDimension.CATEGORY_ORIGIN, "programming|CN"))
                .isEqualTo("2026-02-09|top9|category_origin|programming|CN");
    }

    @Test
    void keyOfARowUsesItsWeekBasisLabelDimensionAndMember() {
        ShareRow row = ShareRow.newBuilder()
                .setWeekStart(WEEK)
                .setDimension(ShareDimension.MODEL)
                .setBasis(ShareBasis.TOP_N)
                .setBasisLabel("top9")
                .setMember("deepseek/deepseek-v3.2")
                .setTokens(1)
                .setRequests(1)
                .setTotalTokens(1)
                .setTokenShare(1.0)
                .setRank(1)
                .setRolling4wShare(1.0)
                .setFinal$(false)
                .setComputedAt(Instant.EPOCH)
                .build();

        assertThat(ShareRowKey.of(row)).isEqualTo("2026-02-09|top9|model|deepseek/deepseek-v3.2");
    }

    @Test
    void everyKeyOfAWeekStartsWithItsPrefixAndParsesBackToIt() {
        String key = ShareRowKey.of(WEEK, "attributed", ShareDimension.CATEGORY_ORIGIN, "roleplay|US");

        assertThat(ShareRowKey.weekPrefix(WEEK)).isEqualTo("2026-02-09|");
        assertThat(key).startsWith(ShareRowKey.weekPrefix(WEEK));
        assertThat(ShareRowKey.weekOf(key)).isEqualTo(WEEK);
    }

    @Test
    void malformedKeysAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> ShareRowKey.weekOf("2026-02-09|all|origin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("week|basis|dimension|member");
        assertThatThrownBy(() -> ShareRowKey.weekOf("2026-2-9|all|origin|CN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yyyy-MM-dd");
        assertThatThrownBy(() -> ShareRowKey.weekOf(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void aBasisLabelContainingTheSeparatorIsRefused() {
        assertThatThrownBy(() -> ShareRowKey.of(WEEK, "top|9", ShareDimension.ORIGIN, "CN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("top|9");
    }
}
