package io.tokenshare.alert;

import io.tokenshare.avro.AlertKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fires for every week in which a member's tokens grew by at least {@code minGrowthPct} percent over the week before
 * while reaching at least {@code minTokens}, so that a tiny member doubling from nothing is not news. The growth is
 * the share stage's week-over-week figure; a member that had no tokens the week before has none and never surges.
 *
 * @param id           unique rule id
 * @param scope        dimension and basis watched
 * @param member       the member watched, or {@link #ANY_MEMBER} for every member of the distribution
 * @param minGrowthPct week-over-week token growth in percent that counts as a surge, more than 0
 * @param minTokens    tokens the member must reach in the week, 0 or more
 */
public record SurgeRule(String id, RuleScope scope, String member, double minGrowthPct, long minTokens)
        implements AlertRule {

    /** The member value that watches every member. */
    public static final String ANY_MEMBER = "any";

    public SurgeRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(member, "member");
        if (!(minGrowthPct > 0)) {
            throw new IllegalArgumentException("minGrowthPct must be above 0, got " + minGrowthPct);
        }
        if (minTokens < 0) {
            throw new IllegalArgumentException("minTokens must be 0 or more, got " + minTokens);
        }
    }

    @Override
    public AlertKind kind() {
        return AlertKind.SURGE;
    }

    @Override
    public List<AlertFinding> evaluate(ShareSeries series) {
        List<AlertFinding> findings = new ArrayList<>();
        WeekSnapshot previous = null;
        for (WeekSnapshot week : series.weeks()) {
            WeekSnapshot weekBefore =
                    previous != null && previous.weekStart().plusWeeks(1).equals(week.weekStart()) ? previous : null;
            for (String candidate : watched(week)) {
                MemberWeek figures = week.member(candidate);
                Double growth = figures.tokensWowPct();
                if (growth != null && Points.atLeast(growth, minGrowthPct) && figures.tokens() >= minTokens) {
                    findings.add(surge(series, weekBefore, week, candidate, growth));
                }
            }
            previous = week;
        }
        return findings;
    }

    private List<String> watched(WeekSnapshot week) {
        return ANY_MEMBER.equals(member)
                ? week.members().keySet().stream().sorted().toList()
                : List.of(member);
    }

    private AlertFinding surge(
            ShareSeries series, WeekSnapshot before, WeekSnapshot week, String surging, double growth) {
        String message = "%s tokens grew %s week over week to %s (%s of %s), week of %s"
                .formatted(
                        AlertText.possessive(AlertText.memberName(series.dimension(), surging)),
                                AlertText.growth(growth),
                        AlertText.tokens(week.member(surging).tokens()),
                                AlertText.percent(week.member(surging).share()),
                        AlertText.basisPhrase(series.basis(), series.basisLabel()), week.weekStart());
        return AlertFinding.of(this, series)
                .change(List.of(surging), before, week)
                .growthPct(growth)
                .build(message);
    }
}
