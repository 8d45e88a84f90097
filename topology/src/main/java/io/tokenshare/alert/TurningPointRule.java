package io.tokenshare.alert;

import io.tokenshare.avro.AlertKind;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Fires when a member's share has turned: a peak (the highest share since the last trough) or a trough (the lowest
 * since the last peak) is confirmed once at least {@code confirmWeeks} weeks have passed without a new extreme and
 * the share has moved at least {@code minMovePoints} percentage points away from it. Peaks and troughs alternate, so
 * a long decline after a peak is one turning point, not one per step. The first week of the series is never a
 * turning point: nothing shows the share turning there. The alert is about the extreme's week and names the week that
 * confirmed it.
 *
 * @param id            unique rule id
 * @param scope         dimension and basis watched
 * @param member        the member whose share is watched
 * @param direction     which turning points alert: peaks, troughs or both (both are always tracked)
 * @param confirmWeeks  weeks after the extreme without a new extreme before it is confirmed, 1 or more
 * @param minMovePoints how far, in percentage points, the share must have moved away from the extreme, 0 or more
 */
public record TurningPointRule(
        String id, RuleScope scope, String member, Direction direction, int confirmWeeks, double minMovePoints)
        implements AlertRule {

    public TurningPointRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(direction, "direction");
        if (confirmWeeks < 1) {
            throw new IllegalArgumentException("confirmWeeks must be 1 or more, got " + confirmWeeks);
        }
        if (!(minMovePoints >= 0)) {
            throw new IllegalArgumentException("minMovePoints must be 0 or more, got " + minMovePoints);
        }
    }

    /** Which turning points alert. */
    public enum Direction {
        /** Peaks only. */
        PEAK,
        /** Troughs only. */
        TROUGH,
        /** Peaks and troughs. */
        BOTH;

        boolean alertsOn(Direction extreme) {
            return this == BOTH || this == extreme;
        }

        /** The word used in rules files and in alert directions. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public AlertKind kind() {
        return AlertKind.TURNING_POINT;
    }

    @Override
    public List<AlertFinding> evaluate(ShareSeries series) {
        return new Walk(series).run();
    }

    /** One pass over a series, tracking the candidate extremes. */
    private final class Walk {
        private final ShareSeries series;
        private final List<WeekSnapshot> weeks;
        private final List<AlertFinding> findings = new ArrayList<>();
        /** Null until the first turning point: then both a peak and a trough are candidates. */
        private Direction seeking;

        private int peak;
        private int trough;

        Walk(ShareSeries series) {
            this.series = series;
            this.weeks = series.weeks();
        }

        List<AlertFinding> run() {
            for (int week = 1; week < weeks.size(); week++) {
                if (seeking != Direction.TROUGH && share(week) > share(peak)) {
                    peak = week;
                }
                if (seeking != Direction.PEAK && share(week) < share(trough)) {
                    trough = week;
                }
                confirmTurns(week);
            }
            return findings;
        }

        /** Confirms every turn the week completes; a week can complete a peak and the trough after it. */
        private void confirmTurns(int week) {
            boolean turned = true;
            while (turned) {
                boolean peakFirst = seeking == Direction.PEAK || (seeking == null && peak < trough);
                turned = peakFirst ? tryPeak(week) || tryTrough(week) : tryTrough(week) || tryPeak(week);
            }
        }

        private boolean tryPeak(int week) {
            if (seeking == Direction.TROUGH || !confirms(peak, week, share(peak) - share(week))) {
                return false;
            }
            turn(Direction.PEAK, peak, week);
            seeking = Direction.TROUGH;
            trough = lowestAfter(peak, week);
            return true;
        }

        private boolean tryTrough(int week) {
            if (seeking == Direction.PEAK || !confirms(trough, week, share(week) - share(trough))) {
                return false;
            }
            turn(Direction.TROUGH, trough, week);
            seeking = Direction.PEAK;
            peak = highestAfter(trough, week);
            return true;
        }

        private boolean confirms(int extreme, int week, double movePoints) {
            return extreme > 0
                    && ChronoUnit.WEEKS.between(
                                    weeks.get(extreme).weekStart(),
                                    weeks.get(week).weekStart())
                            >= confirmWeeks
                    && movePoints > 0
                    && Points.atLeast(movePoints, minMovePoints);
        }

        private int lowestAfter(int from, int to) {
            int lowest = from + 1;
            for (int i = lowest + 1; i <= to; i++) {
                if (share(i) < share(lowest)) {
                    lowest = i;
                }
            }
            return lowest;
        }

        private int highestAfter(int from, int to) {
            int highest = from + 1;
            for (int i = highest + 1; i <= to; i++) {
                if (share(i) > share(highest)) {
                    highest = i;
                }
            }
            return highest;
        }

        private void turn(Direction extreme, int extremeWeek, int confirmingWeek) {
            if (!direction.alertsOn(extreme)) {
                return;
            }
            WeekSnapshot atExtreme = weeks.get(extremeWeek);
            WeekSnapshot confirming = weeks.get(confirmingWeek);
            String message = "%s share of %s %s at %s in the week of %s, confirmed by %s in the week of %s"
                    .formatted(
                            AlertText.possessive(AlertText.memberName(series.dimension(), member)),
                            AlertText.basisPhrase(series.basis(), series.basisLabel()),
                            extreme == Direction.PEAK ? "peaked" : "bottomed out",
                            AlertText.percent(atExtreme.member(member).share()),
                            atExtreme.weekStart(),
                            AlertText.percent(confirming.member(member).share()),
                            confirming.weekStart());
            findings.add(AlertFinding.of(TurningPointRule.this, series)
                    .turningPoint(member, atExtreme, confirming)
                    .direction(extreme.word())
                    .marginPoints(Math.abs(share(extremeWeek) - share(confirmingWeek)))
                    .build(message));
        }

        private double share(int week) {
            return weeks.get(week).member(member).sharePoints();
        }
    }
}
