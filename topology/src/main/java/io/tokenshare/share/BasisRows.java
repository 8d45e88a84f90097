package io.tokenshare.share;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one week on one basis, for every dimension, from that basis's distributions of the
 * week and the three weeks before it (each computed once and shared by all members).
 */
final class BasisRows {

    /** Spend is not tracked per category, so these dimensions have no spend figures. */
    private static final Set<ShareDimension> WITHOUT_SPEND =
            EnumSet.of(ShareDimension.CATEGORY, ShareDimension.CATEGORY_ORIGIN);

    private static final Comparator<Map.Entry<String, MemberTally>> RANK_ORDER = Comparator.comparingLong(
                    (Map.Entry<String, MemberTally> member) -> member.getValue().tokens())
            .reversed()
            .thenComparing(Map.Entry::getKey);

    private final BasisSelection basis;
    private final List<BasisWeek> oldestFirst;
    private final BasisWeek current;
    private final BasisWeek previous;
    private final RowStamp stamp;

    /**
     * @param oldestFirst the basis's distributions of the weeks W-3, W-2, W-1 and W, in that order
     */
    BasisRows(BasisSelection basis, List<BasisWeek> oldestFirst, RowStamp stamp) {
        if (oldestFirst.size() < 2) {
            throw new IllegalArgumentException(
                    "need the week and at least the week before it, got " + oldestFirst.size() + " week(s)");
        }
        this.basis = basis;
        this.oldestFirst = List.copyOf(oldestFirst);
        this.current = oldestFirst.get(oldestFirst.size() - 1);
        this.previous = oldestFirst.get(oldestFirst.size() - 2);
        this.stamp = stamp;
    }

    /** Every member with tokens this week, per dimension, in rank order. */
    List<ShareRow> rows() {
        List<ShareRow> rows = new ArrayList<>();
        for (ShareDimension dimension : ShareDimension.values()) {
            List<Map.Entry<String, MemberTally>> ranked = current.members(dimension).entrySet().stream()
                    .filter(member -> member.getValue().tokens() > 0)
                    .sorted(RANK_ORDER)
                    .toList();
            for (int index = 0; index < ranked.size(); index++) {
                Map.Entry<String, MemberTally> member = ranked.get(index);
                rows.add(row(dimension, member.getKey(), member.getValue(), index + 1));
            }
        }
        return rows;
    }

    private ShareRow row(ShareDimension dimension, String member, MemberTally tally, int rank) {
        boolean spendTracked = !WITHOUT_SPEND.contains(dimension);
        Double spendUsd = spendTracked ? tally.spendUsd() : null;
        return ShareRow.newBuilder()
                .setWeekStart(stamp.week())
                .setDimension(dimension)
                .setBasis(basis.basis())
                .setBasisLabel(basis.label())
                .setMember(member)
                .setTokens(tally.tokens())
                .setRequests(tally.requests())
                .setTotalTokens(current.totalTokens())
                .setTokenShare(current.shareOf(dimension, member))
                .setSpendUsd(spendUsd)
                .setSpendCoveredTokens(spendTracked ? tally.spendCoveredTokens() : 0)
                .setTotalSpendUsd(current.totalSpendUsd())
                .setSpendShare(ratioOrNull(spendUsd, current.totalSpendUsd()))
                .setRank(rank)
                .setTokensWowPct(tokensWowPct(dimension, member, tally.tokens()))
                .setShareWowPoints(shareWowPoints(dimension, member))
                .setRolling4wShare(rollingShare(dimension, member))
                .setFinal$(stamp.isFinal())
                .setRevision(stamp.revision())
                .setComputedAt(stamp.computedAt())
                .build();
    }

    private static Double ratioOrNull(Double part, Double whole) {
        if (part == null || whole == null || whole == 0.0) {
            return null;
        }
        return part / whole;
    }

    private Double tokensWowPct(ShareDimension dimension, String member, long tokens) {
        long tokensBefore = previous.tokensOf(dimension, member);
        if (tokensBefore == 0) {
            return null;
        }
        return (double) (tokens - tokensBefore) / tokensBefore * 100.0;
    }

    /** A member absent the week before had share 0; unknown only when that week had no tokens at all. */
    private Double shareWowPoints(ShareDimension dimension, String member) {
        if (previous.totalTokens() == 0) {
            return null;
        }
        return (current.shareOf(dimension, member) - previous.shareOf(dimension, member)) * 100.0;
    }

    private double rollingShare(ShareDimension dimension, String member) {
        long memberTokens = 0;
        long totalTokens = 0;
        for (BasisWeek week : oldestFirst) {
            memberTokens = Math.addExact(memberTokens, week.tokensOf(dimension, member));
            totalTokens = Math.addExact(totalTokens, week.totalTokens());
        }
        return totalTokens == 0 ? 0.0 : (double) memberTokens / totalTokens;
    }
}
