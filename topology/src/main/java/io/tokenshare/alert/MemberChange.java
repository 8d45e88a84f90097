package io.tokenshare.alert;

import io.tokenshare.avro.AlertMemberValues;

/**
 * One member's figures before and after the change an alert reports.
 *
 * @param member       the member
 * @param shareBefore  share (0 to 1) in the 'before' week; null when there was no such week
 * @param shareAfter   share (0 to 1) in the 'after' week
 * @param tokensBefore tokens in the 'before' week; null when there was no such week
 * @param tokensAfter  tokens in the 'after' week
 */
public record MemberChange(String member, Double shareBefore, double shareAfter, Long tokensBefore, long tokensAfter) {

    /** The member's figures in two weeks of a series; {@code before} may be null when the rule saw no earlier week. */
    static MemberChange between(String member, WeekSnapshot before, WeekSnapshot after) {
        MemberWeek now = after.member(member);
        if (before == null) {
            return new MemberChange(member, null, now.share(), null, now.tokens());
        }
        MemberWeek then = before.member(member);
        return new MemberChange(member, then.share(), now.share(), then.tokens(), now.tokens());
    }

    AlertMemberValues toAvro() {
        return AlertMemberValues.newBuilder()
                .setMember(member)
                .setShareBefore(shareBefore)
                .setShareAfter(shareAfter)
                .setTokensBefore(tokensBefore)
                .setTokensAfter(tokensAfter)
                .build();
    }
}
