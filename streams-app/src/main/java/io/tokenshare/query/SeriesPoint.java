package io.tokenshare.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenshare.avro.ShareRow;

/**
 * One week of a member's series.
 *
 * @param week           Monday of the ISO week
 * @param tokens         the member's tokens in the week
 * @param totalTokens    all tokens of the week on the basis
 * @param tokenShare     tokens / totalTokens, from 0 to 1
 * @param rolling4wShare share of this and the three weeks before together
 * @param shareWowPoints share change against the week before in percentage points
 * @param tokensWowPct   token change against the week before in percent, null when the member had none then
 * @param isFinal        whether the week has closed
 * @param revision       0 for the first final figures, one more per revision
 */
public record SeriesPoint(String week, long tokens, long totalTokens, double tokenShare, double rolling4wShare,
                          Double shareWowPoints, Double tokensWowPct, @JsonProperty("final") boolean isFinal, int revision) {

    static SeriesPoint of(ShareRow row) {
        return new SeriesPoint(row.getWeekStart().toString(), row.getTokens(), row.getTotalTokens(), row.getTokenShare(),
                row.getRolling4wShare(), row.getShareWowPoints(), row.getTokensWowPct(), row.getFinal$(), row.getRevision());
    }
}
