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
 */
public record WeekSnapshot(LocalDate weekStart, boolean provisional, Map<String, MemberWeek> members) {

    public WeekSnapshot {
        members = Map.copyOf(members);
    }

    /** The rules' view of one distribution record. */
    public static WeekSnapshot of(WeekDistribution distribution) {
        Map<String, MemberWeek> members = new LinkedHashMap<>();
        for (ShareRow row : distribution.getRows()) {
            members.put(row.getMember(), MemberWeek.of(row));
        }
        return new WeekSnapshot(distribution.getWeekStart(), !distribution.getFinal$(), members);
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
                .min(Comparator.comparingLong((Map.Entry<String, MemberWeek> e) -> -e.getValue().tokens())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }
}
