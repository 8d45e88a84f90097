package io.tokenshare.alert;

import io.tokenshare.avro.AlertKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fires when the member with the most tokens differs from the previous week's. Pseudo-members that are not a real
 * competitor (the rankings' {@code other} bucket of every model outside the daily top 50, for instance) can be left
 * out with {@code ignore}. The alert's members are the new leader, then the one it displaced.
 *
 * @param id     unique rule id
 * @param scope  dimension and basis watched
 * @param ignore members never counted as leaders
 */
public record NewLeaderRule(String id, RuleScope scope, Set<String> ignore) implements AlertRule {

    public NewLeaderRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        ignore = Set.copyOf(ignore);
    }

    @Override
    public AlertKind kind() {
        return AlertKind.NEW_LEADER;
    }

    @Override
    public List<AlertFinding> evaluate(ShareSeries series) {
        List<AlertFinding> findings = new ArrayList<>();
        String leader = null;
        WeekSnapshot previous = null;
        for (WeekSnapshot week : series.weeks()) {
            String top = week.leader(ignore).orElse(null);
            if (top != null && leader != null && !top.equals(leader)) {
                findings.add(newLeader(series, previous, week, top, leader));
            }
            if (top != null) {
                leader = top;
                previous = week;
            }
        }
        return findings;
    }

    private AlertFinding newLeader(
            ShareSeries series, WeekSnapshot before, WeekSnapshot week, String leader, String displaced) {
        String message = "%s took the lead by tokens from %s: %s (%s of %s) vs %s, week of %s"
                .formatted(
                        AlertText.memberName(series.dimension(), leader),
                        AlertText.memberName(series.dimension(), displaced),
                        AlertText.tokens(week.member(leader).tokens()),
                        AlertText.percent(week.member(leader).share()),
                        AlertText.basisPhrase(series.basis(), series.basisLabel()),
                        AlertText.tokens(week.member(displaced).tokens()),
                        week.weekStart());
        return AlertFinding.of(this, series)
                .change(List.of(leader, displaced), before, week)
                .build(message);
    }
}
