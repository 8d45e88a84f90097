package io.tokenshare.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenshare.avro.ShareRow;
import java.time.Instant;

/**
 * One member's share of one week on one basis, as the API shows a {@link ShareRow}.
 *
 * @param week           Monday of the ISO week
 * @param dimension      origin, lab, model, category or category_origin
 * @param basis          all, attributed or topN
 * @param member         the origin code, lab, model id, category or category|origin
 * @param rank           1 for the member with the most tokens
 * @param tokens         the member's tokens in the week
 * @param requests       the member's requests in the week
 * @param totalTokens    all tokens of the week on this basis
 * @param tokenShare     tokens / totalTokens, from 0 to 1
 * @param spendUsd       the member's priced spend, null when none could be priced
 * @param spendShare     the member's share of priced spend, null when unknown
 * @param spendCoveredTokens the member's tokens whose spend is known (a price and an input/output split):
 *                       spendUsd and spendShare cover only these
 * @param spendCoverage  spendCoveredTokens / tokens, from 0 to 1; null when the member has no tokens
 * @param tokensWowPct   token change against the week before in percent, null when the member had none then
 * @param shareWowPoints share change against the week before in percentage points
 * @param rolling4wShare share of this and the three weeks before together
 * @param isFinal        whether the week has closed
 * @param revision       0 for the first final figures, one more per revision
 * @param computedAt     when the row was computed
 * @param daysWithData   days of the week (Monday..Sunday, UTC) that had any counted event, 0 to 7; below 7 partial
 */
public record ShareView(
        String week,
        String dimension,
        String basis,
        String member,
        int rank,
        long tokens,
        long requests,
        long totalTokens,
        double tokenShare,
        Double spendUsd,
        Double spendShare,
        long spendCoveredTokens,
        Double spendCoverage,
        Double tokensWowPct,
        Double shareWowPoints,
        double rolling4wShare,
        @JsonProperty("final") boolean isFinal,
        int revision,
        Instant computedAt,
        int daysWithData) {

    static ShareView of(ShareRow row) {
        return new ShareView(
                row.getWeekStart().toString(),
                ApiParameters.dimensionName(row.getDimension()),
                row.getBasisLabel(),
                row.getMember(),
                row.getRank(),
                row.getTokens(),
                row.getRequests(),
                row.getTotalTokens(),
                row.getTokenShare(),
                row.getSpendUsd(),
                row.getSpendShare(),
                row.getSpendCoveredTokens(),
                spendCoverage(row),
                row.getTokensWowPct(),
                row.getShareWowPoints(),
                row.getRolling4wShare(),
                row.getFinal$(),
                row.getRevision(),
                row.getComputedAt(),
                row.getDaysWithData());
    }

    /** How much of the member's tokens its spend figures cover; null when it has no tokens to cover. */
    static Double spendCoverage(ShareRow row) {
        return row.getTokens() == 0 ? null : (double) row.getSpendCoveredTokens() / row.getTokens();
    }
}
