package io.tokenshare.alert;

import io.tokenshare.avro.AlertKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Fires when a member's share crosses a level. The share counts as at or above the level from the week it reaches
 * {@code level}, and as below it only once it falls more than {@code hysteresisPoints} percentage points under the
 * level; so a share that hovers just around the level does not alert every week. The first week sets the starting
 * side and is not an alert. Direction {@code up} alerts on reaching the level, {@code down} on falling below it,
 * {@code both} on either.
 *
 * @param id               unique rule id
 * @param scope            dimension and basis watched
 * @param member           the member whose share is watched, e.g. CN
 * @param level            the level, a share from 0 to 1 (0.5 is 50 %)
 * @param direction        which crossings alert
 * @param hysteresisPoints how far below the level, in percentage points, the share must fall to count as below
 */
public record ThresholdRule(
        String id, RuleScope scope, String member, double level, Direction direction, double hysteresisPoints)
        implements AlertRule {

    public ThresholdRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(direction, "direction");
        if (!(level > 0 && level <= 1)) {
            throw new IllegalArgumentException("level must be a share above 0 and at most 1, got " + level);
        }
        if (!(hysteresisPoints >= 0)) {
            throw new IllegalArgumentException("hysteresisPoints must be 0 or more, got " + hysteresisPoints);
        }
    }

    /** Which crossings of the level alert. */
    public enum Direction {
        /** Reaching the level from below. */
        UP,
        /** Falling below the level (by more than the hysteresis). */
        DOWN,
        /** Both. */
        BOTH;

        boolean alertsOn(boolean rising) {
            return this == BOTH || (this == UP) == rising;
        }

        /** The word used in rules files and in alert directions. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public AlertKind kind() {
        return AlertKind.THRESHOLD;
    }

    @Override
    public List<AlertFinding> evaluate(ShareSeries series) {
        List<AlertFinding> findings = new ArrayList<>();
        double levelPoints = level * 100.0;
        Boolean atOrAbove = null;
        WeekSnapshot previous = null;
        for (WeekSnapshot week : series.weeks()) {
            double share = week.member(member).sharePoints();
            boolean reached = Points.atLeast(share, levelPoints);
            if (atOrAbove == null) {
                atOrAbove = reached;
            } else if (!atOrAbove && reached) {
                atOrAbove = true;
                if (direction.alertsOn(true)) {
                    findings.add(crossing(series, previous, week, Direction.UP, share - levelPoints));
                }
            } else if (atOrAbove && !Points.atLeast(share, levelPoints - hysteresisPoints)) {
                atOrAbove = false;
                if (direction.alertsOn(false)) {
                    findings.add(crossing(series, previous, week, Direction.DOWN, share - levelPoints));
                }
            }
            previous = week;
        }
        return findings;
    }

    private AlertFinding crossing(
            ShareSeries series, WeekSnapshot before, WeekSnapshot week, Direction way, double marginPoints) {
        String message = "%s %s %s of %s: %s, week of %s"
                .formatted(
                        AlertText.memberName(series.dimension(), member),
                        way == Direction.UP ? "reached" : "fell below",
                        AlertText.level(level),
                        AlertText.basisPhrase(series.basis(), series.basisLabel()),
                        AlertText.percent(week.member(member).share()),
                        week.weekStart());
        return AlertFinding.of(this, series)
                .change(List.of(member), before, week)
                .direction(way.word())
                .marginPoints(marginPoints)
                .level(level)
                .build(message);
    }
}
