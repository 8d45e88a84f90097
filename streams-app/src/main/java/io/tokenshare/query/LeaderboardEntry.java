package io.tokenshare.query;

import io.tokenshare.avro.ShareRow;

/**
 * One place of a week's leaderboard.
 *
 * @param rank           1 for the member with the most tokens
 * @param member         the model id, lab, origin or category
 * @param tokens         the member's tokens in the week
 * @param tokenShare     the member's share of the basis, from 0 to 1
 * @param tokensWowPct   token change against the week before in percent, null when the member had none then
 * @param shareWowPoints share change against the week before in percentage points
 * @param spendShare     the member's share of priced spend, null when unknown
 * @param spendCoveredTokens the member's tokens whose spend is known: spendShare covers only these
 * @param spendCoverage  spendCoveredTokens / tokens, from 0 to 1; null when the member has no tokens
 * @param lab            for a model, its lab; null for other dimensions
 * @param origin         for a model or a lab, its origin; null for other dimensions or a lab of several origins
 * @param daysWithData   days of the week (Monday..Sunday, UTC) that had any counted event, 0 to 7; below 7 partial
 */
public record LeaderboardEntry(
        int rank,
        String member,
        long tokens,
        double tokenShare,
        Double tokensWowPct,
        Double shareWowPoints,
        Double spendShare,
        long spendCoveredTokens,
        Double spendCoverage,
        String lab,
        String origin,
        int daysWithData) {

    static LeaderboardEntry of(ShareRow row, String lab, String origin) {
        return new LeaderboardEntry(
                row.getRank(),
                row.getMember(),
                row.getTokens(),
                row.getTokenShare(),
                row.getTokensWowPct(),
                row.getShareWowPoints(),
                row.getSpendShare(),
                row.getSpendCoveredTokens(),
                ShareView.spendCoverage(row),
                lab,
                origin,
                row.getDaysWithData());
    }
}
