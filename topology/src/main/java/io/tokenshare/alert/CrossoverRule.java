package io.tokenshare.alert;

import io.tokenshare.avro.AlertKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fires when member {@code a}'s share passes member {@code b}'s, in either direction: direction {@code up} when a
 * overtakes b, {@code down} when b overtakes a. The leader of the first week sets the starting point and is not an
 * alert. A lead changes hands only when the new leader is ahead by at least {@code minMarginPoints} percentage
 * points, so a near-tie that wobbles around zero does not alert again and again: once a leads, b must lead by the
 * margin to cross back.
 *
 * @param id              unique rule id
 * @param scope           dimension and basis watched
 * @param a               the first member, e.g. CN
 * @param b               the second member, e.g. US
 * @param minMarginPoints lead in percentage points the new leader needs, 0 or more
 */
public record CrossoverRule(String id, RuleScope scope, String a, String b, double minMarginPoints)
        implements AlertRule {

    public CrossoverRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            throw new IllegalArgumentException("a crossover needs two different members, got '" + a + "' twice");
        }
        if (!(minMarginPoints >= 0)) {
            throw new IllegalArgumentException("minMarginPoints must be 0 or more, got " + minMarginPoints);
        }
    }

    /** Direction of an alert in which {@code a} overtook {@code b}. */
    public static final String A_OVERTOOK_B = "up";
    /** Direction of an alert in which {@code b} overtook {@code a}. */
    public static final String B_OVERTOOK_A = "down";

    @Override
    public AlertKind kind() {
        return AlertKind.CROSSOVER;
    }

    @Override
    public List<AlertFinding> evaluate(ShareSeries series) {
        List<AlertFinding> findings = new ArrayList<>();
        String leader = null;
        WeekSnapshot previous = null;
        for (WeekSnapshot week : series.weeks()) {
            double leadOfA = week.member(a).sharePoints() - week.member(b).sharePoints();
            if (leader == null) {
                leader = leadOfA > 0 ? a : leadOfA < 0 ? b : null;
            } else if (leader.equals(b) && leadOfA > 0 && Points.atLeast(leadOfA, minMarginPoints)) {
                leader = a;
                findings.add(overtaking(series, previous, week, a, b, A_OVERTOOK_B, leadOfA));
            } else if (leader.equals(a) && leadOfA < 0 && Points.atLeast(-leadOfA, minMarginPoints)) {
                leader = b;
                findings.add(overtaking(series, previous, week, b, a, B_OVERTOOK_A, -leadOfA));
            }
            previous = week;
        }
        return findings;
    }

    private AlertFinding overtaking(
            ShareSeries series,
            WeekSnapshot before,
            WeekSnapshot week,
            String winner,
            String loser,
            String direction,
            double leadPoints) {
        String message = "%s overtook %s: %s vs %s of %s, week of %s"
                .formatted(
                        AlertText.memberName(series.dimension(), winner),
                                AlertText.memberName(series.dimension(), loser),
                        AlertText.percent(week.member(winner).share()),
                                AlertText.percent(week.member(loser).share()),
                        AlertText.basisPhrase(series.basis(), series.basisLabel()), week.weekStart());
        return AlertFinding.of(this, series)
                .change(List.of(a, b), before, week)
                .direction(direction)
                .marginPoints(leadPoints)
                .build(message);
    }
}
