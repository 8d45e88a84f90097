package io.tokenshare.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenshare.avro.ShareRow;

/**
 * One week of a member's series.
 *
 * @param week           Monday of the ISO week
 * @param member         the member as the rows name it (the query matches any case)
 * @param tokens         the member's tokens in the week
 * @param totalTokens    all tokens of the week on the basis
 * @param tokenShare     tokens / totalTokens, from 0 to 1
 * @param rolling4wShare share of this and the three weeks before together
 * @param shareWowPoints share change against the week before in percentage points
 * @param tokensWowPct   token change against the week before in percent, null when the member had none then
 * @param spendShare     the member's share of priced spend, null when unknown
 * @param spendCoveredTokens the member's tokens whose spend is known: spendShare covers only these
 * @param spendCoverage  spendCoveredTokens / tokens, from 0 to 1; null when the member has no tokens
 * @param isFinal        whether the week has closed
 * @param revision       0 for the first final figures, one more per revision
 * @param daysWithData   days of the week (Monday..Sunday, UTC) that had any counted event, 0 to 7; below 7 partial
 */
public record SeriesPoint(
        String week,
        String member,
        long tokens,
        long totalTokens,
        double tokenShare,
        double rolling4wShare,
        Double shareWowPoints,
        Double tokensWowPct,
        Double spendShare,
        long spendCoveredTokens,
        Double spendCoverage,
        @JsonProperty("final") boolean isFinal,
        int revision,
        int daysWithData) {

    static SeriesPoint of(ShareRow row) {
        return new SeriesPoint(
                row.getWeekStart().toString(),
                row.getMember(),
                row.getTokens(),
                row.getTotalTokens(),
                row.getTokenShare(),
                row.getRolling4wShare(),
                row.getShareWowPoints(),
                row.getTokensWowPct(),
                row.getSpendShare(),
                row.getSpendCoveredTokens(),
                ShareView.spendCoverage(row),
                row.getFinal$(),
                row.getRevision(),
                row.getDaysWithData());
    }
}
