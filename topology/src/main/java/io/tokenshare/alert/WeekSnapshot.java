package io.tokenshare.alert;

import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.WeekDistribution;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ISO week of a distribution, as the rules see it: every member's figures, and whether the week is still open.
 *
 * @param weekStart   Monday of the ISO week
 * @param provisional true while the week is open: its figures may still change
 * @param members     figures by member name; a member absent from the map had no tokens that week
 * @param daysWithData days of the week (Monday..Sunday, UTC) that had any counted event, 0 to 7
 */
public record WeekSnapshot(
        LocalDate weekStart, boolean provisional, Map<String, MemberWeek> members, int daysWithData) {

    /** Days in a whole week. */
    public static final int WHOLE_WEEK = 7;

    public WeekSnapshot {
        members = Map.copyOf(members);
    }

    /** A whole week: data on every day. */
    public WeekSnapshot(LocalDate weekStart, boolean provisional, Map<String, MemberWeek> members) {
        this(weekStart, provisional, members, WHOLE_WEEK);
    }

    /** True when some day of the week had no data: its figures cover fewer than seven days. */
    public boolean partial() {
        return daysWithData < WHOLE_WEEK;
    }

    /** The rules' view of one distribution record. */
    public static WeekSnapshot of(WeekDistribution distribution) {
        Map<String, MemberWeek> members = new LinkedHashMap<>();
        for (ShareRow row : distribution.getRows()) {
            members.put(row.getMember(), MemberWeek.of(row));
        }
        return new WeekSnapshot(
                distribution.getWeekStart(), !distribution.getFinal$(), members, distribution.getDaysWithData());
    }

    /** The member's figures, {@link MemberWeek#ABSENT} when it had no row that week. */
    public MemberWeek member(String member) {
        return members.getOrDefault(member, MemberWeek.ABSENT);
    }

    /**
     * The member with the most tokens, ties broken by member name as the share stage ranks them; empty when no member
     * outside {@code ignored} had tokens.
     */
    public Optional<String> leader(Set<String> ignored) {
        return members.entrySet().stream()
                .filter(e -> !ignored.contains(e.getKey()) && e.getValue().tokens() > 0)
                .min(Comparator.comparingLong((Map.Entry<String, MemberWeek> e) ->
                                -e.getValue().tokens())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }
}
