package io.tokenshare.alert;

import io.tokenshare.avro.ShareRow;

/**
 * One member's figures in one week, as the rules read them.
 *
 * @param tokens       the member's tokens in the week on the distribution's basis
 * @param share        tokens over all tokens of the week on that basis, 0 to 1
 * @param tokensWowPct change of tokens against the week before in percent; null when the member had none then
 */
public record MemberWeek(long tokens, double share, Double tokensWowPct) {

    /** A member with no row in a week: no tokens, no share, no growth figure. */
    public static final MemberWeek ABSENT = new MemberWeek(0L, 0.0, null);

    static MemberWeek of(ShareRow row) {
        return new MemberWeek(row.getTokens(), row.getTokenShare(), row.getTokensWowPct());
    }

    /** The share in percentage points (0 to 100), the unit of every margin in the rules. */
    public double sharePoints() {
        return share * 100.0;
    }
}
