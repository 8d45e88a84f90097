package io.tokenshare.bench.chaos;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the share rows of one dimension (the last row per key of a share topic, read with
 * read_committed) with the ground truth: per week and member, the tokens on the {@code all} basis must
 * be exact and the row final. Tokens the rows lack are lost, tokens they have too many are doubled.
 *
 * @param dimension     "origin" or "model"
 * @param weeksExpected weeks with tokens in the ground truth
 * @param weeksSeen     weeks with rows
 * @param membersChecked week × member pairs compared
 * @param lostTokens    sum over pairs of what the rows lack
 * @param doubledTokens sum over pairs of what the rows have too many
 * @param weekTokensLost    the same over whole weeks: members' tokens summed per week, so that tokens counted
 *                          but attributed to the wrong member show up as lost and doubled above and not here
 * @param weekTokensDoubled likewise
 * @param notFinal      rows on the all basis not yet final
 * @param mismatches    the first few wrong pairs, "week member: expected X, got Y"
 */
record ShareCheck(
        String dimension,
        int weeksExpected,
        int weeksSeen,
        int membersChecked,
        long lostTokens,
        long doubledTokens,
        long weekTokensLost,
        long weekTokensDoubled,
        int notFinal,
        List<String> mismatches) {

    private static final int MISMATCHES_SHOWN = 20;

    /** Whether every week is there, every member exact and every row final. */
    boolean exact() {
        return weeksExpected == weeksSeen
                && lostTokens == 0
                && doubledTokens == 0
                && notFinal == 0
                && mismatches.isEmpty();
    }

    /**
     * @param rows  the current rows of the dimension's share topic (every basis)
     * @param truth week → member → tokens
     */
    static ShareCheck of(String dimension, Collection<ShareRow> rows, Map<LocalDate, Map<String, Long>> truth) {
        Map<LocalDate, Map<String, Long>> actual = new TreeMap<>();
        int notFinal = 0;
        for (ShareRow row : rows) {
            if (row.getBasis() != ShareBasis.ALL) {
                continue;
            }
            actual.computeIfAbsent(row.getWeekStart(), w -> new TreeMap<>()).put(row.getMember(), row.getTokens());
            if (!row.getFinal$()) {
                notFinal++;
            }
        }
        Set<LocalDate> weeks = new TreeSet<>(truth.keySet());
        weeks.addAll(actual.keySet());
        long lost = 0;
        long doubled = 0;
        long weekLost = 0;
        long weekDoubled = 0;
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (LocalDate week : weeks) {
            Map<String, Long> expected = truth.getOrDefault(week, Map.of());
            Map<String, Long> got = actual.getOrDefault(week, Map.of());
            long weekWant =
                    expected.values().stream().mapToLong(Long::longValue).sum();
            long weekHave = got.values().stream().mapToLong(Long::longValue).sum();
            weekLost += Math.max(0, weekWant - weekHave);
            weekDoubled += Math.max(0, weekHave - weekWant);
            Set<String> members = new TreeSet<>(expected.keySet());
            members.addAll(got.keySet());
            for (String member : members) {
                long want = expected.getOrDefault(member, 0L);
                long have = got.getOrDefault(member, 0L);
                checked++;
                if (want != have) {
                    lost += Math.max(0, want - have);
                    doubled += Math.max(0, have - want);
                    if (mismatches.size() < MISMATCHES_SHOWN) {
                        mismatches.add(week + " " + member + ": expected " + want + ", got " + have);
                    }
                }
            }
        }
        return new ShareCheck(
                dimension,
                truth.size(),
                actual.size(),
                checked,
                lost,
                doubled,
                weekLost,
                weekDoubled,
                notFinal,
                List.copyOf(mismatches));
    }
}
