package io.tokenshare.alert;

import io.tokenshare.avro.AlertKind;
import io.tokenshare.avro.AlertStatus;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * An alert that holds on a series: what a rule's pure evaluation returns. The alert stage turns it into a FIRED
 * {@link ShareAlert} the first time it holds and again whenever a revision changes the figures it quotes, and into a
 * RETRACTED one when it stops holding.
 *
 * @param ruleId             id of the rule that found it
 * @param kind               kind of that rule
 * @param dimension          dimension of the series
 * @param basis              basis of the series
 * @param basisLabel         basis label of the series
 * @param members            the members the alert is about, in the order the rule names them
 * @param direction          which way it goes (up, down, peak, trough); null for kinds with one way
 * @param weekStart          the week the alert is about
 * @param beforeWeekStart    the week of the 'before' figures; null when the rule saw no earlier week
 * @param afterWeekStart     the week of the 'after' figures
 * @param values             each member's figures before and after, in the order of members
 * @param marginPoints       how decisive the change is, in percentage points; null where the kind has no margin
 * @param level              the level a threshold alert crossed; null for other kinds
 * @param growthPct          week-over-week token growth of a surge; null for other kinds
 * @param extremeWeekStart   week of a turning point's extreme; null for other kinds
 * @param extremeShare       share at a turning point's extreme; null for other kinds
 * @param confirmedWeekStart week that confirmed a turning point; null for other kinds
 * @param provisional        true when the week that made the alert hold is still open
 * @param message            one line for people
 */
public record AlertFinding(
        String ruleId,
        AlertKind kind,
        ShareDimension dimension,
        ShareBasis basis,
        String basisLabel,
        List<String> members,
        String direction,
        LocalDate weekStart,
        LocalDate beforeWeekStart,
        LocalDate afterWeekStart,
        List<MemberChange> values,
        Double marginPoints,
        Double level,
        Double growthPct,
        LocalDate extremeWeekStart,
        Double extremeShare,
        LocalDate confirmedWeekStart,
        boolean provisional,
        String message) {

    public AlertFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(weekStart, "weekStart");
        Objects.requireNonNull(afterWeekStart, "afterWeekStart");
        Objects.requireNonNull(message, "message");
        members = List.copyOf(members);
        values = List.copyOf(values);
    }

    /**
     * The deterministic identity of the alert, {@code rule|members|week[|direction]}: the same rule, members, week
     * and direction always give the same key, whatever the figures, so a re-evaluation never makes a second alert.
     */
    public String key() {
        String key = ruleId + '|' + String.join(",", members) + '|' + weekStart;
        return direction == null ? key : key + '|' + direction;
    }

    /** The alert record of this finding with the given status, detected at the given time. */
    public ShareAlert toAlert(AlertStatus status, Instant detectedAt) {
        return ShareAlert.newBuilder()
                .setAlertKey(key())
                .setRuleId(ruleId)
                .setKind(kind)
                .setStatus(status)
                .setDimension(dimension)
                .setBasis(basis)
                .setBasisLabel(basisLabel)
                .setMembers(members)
                .setDirection(direction)
                .setWeekStart(weekStart)
                .setBeforeWeekStart(beforeWeekStart)
                .setAfterWeekStart(afterWeekStart)
                .setValues(values.stream().map(MemberChange::toAvro).toList())
                .setMarginPoints(marginPoints)
                .setLevel(level)
                .setGrowthPct(growthPct)
                .setExtremeWeekStart(extremeWeekStart)
                .setExtremeShare(extremeShare)
                .setConfirmedWeekStart(confirmedWeekStart)
                .setProvisional(provisional)
                .setMessage(message)
                .setDetectedAt(detectedAt)
                .build();
    }

    /** The same finding with another message. */
    public AlertFinding withMessage(String newMessage) {
        return new AlertFinding(
                ruleId,
                kind,
                dimension,
                basis,
                basisLabel,
                members,
                direction,
                weekStart,
                beforeWeekStart,
                afterWeekStart,
                values,
                marginPoints,
                level,
                growthPct,
                extremeWeekStart,
                extremeShare,
                confirmedWeekStart,
                provisional,
                newMessage);
    }

    /** Every week the finding reads figures of: the week it is about and the weeks it compares it with. */
    public List<LocalDate> weeksRead() {
        return java.util.stream.Stream.of(
                        beforeWeekStart, afterWeekStart, weekStart, extremeWeekStart, confirmedWeekStart)
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
    }

    /** Starts a finding of the given rule on the given series. */
    static Builder of(AlertRule rule, ShareSeries series) {
        return new Builder(rule, series);
    }

    /** Collects a finding's parts; the rule and the series give the common ones. */
    static final class Builder {
        private final AlertRule rule;
        private final ShareSeries series;
        private List<String> members = List.of();
        private String direction;
        private LocalDate weekStart;
        private LocalDate beforeWeekStart;
        private LocalDate afterWeekStart;
        private List<MemberChange> values = List.of();
        private Double marginPoints;
        private Double level;
        private Double growthPct;
        private LocalDate extremeWeekStart;
        private Double extremeShare;
        private LocalDate confirmedWeekStart;
        private boolean provisional;

        private Builder(AlertRule rule, ShareSeries series) {
            this.rule = rule;
            this.series = series;
        }

        /**
         * The members and their figures between two weeks; the alert is about the {@code after} week, provisional
         * when that week is.
         */
        Builder change(List<String> members, WeekSnapshot before, WeekSnapshot after) {
            this.members = members;
            this.values = members.stream()
                    .map(m -> MemberChange.between(m, before, after))
                    .toList();
            this.weekStart = after.weekStart();
            this.beforeWeekStart = before == null ? null : before.weekStart();
            this.afterWeekStart = after.weekStart();
            this.provisional = after.provisional();
            return this;
        }

        /** A turning point: the alert is about the extreme's week and holds from the confirming week on. */
        Builder turningPoint(String member, WeekSnapshot extreme, WeekSnapshot confirming) {
            change(List.of(member), extreme, confirming);
            this.weekStart = extreme.weekStart();
            this.extremeWeekStart = extreme.weekStart();
            this.extremeShare = extreme.member(member).share();
            this.confirmedWeekStart = confirming.weekStart();
            return this;
        }

        Builder direction(String direction) {
            this.direction = direction;
            return this;
        }

        Builder marginPoints(double marginPoints) {
            this.marginPoints = marginPoints;
            return this;
        }

        Builder level(double level) {
            this.level = level;
            return this;
        }

        Builder growthPct(double growthPct) {
            this.growthPct = growthPct;
            return this;
        }

        AlertFinding build(String message) {
            return new AlertFinding(
                    rule.id(),
                    rule.kind(),
                    series.dimension(),
                    series.basis(),
                    series.basisLabel(),
                    members,
                    direction,
                    weekStart,
                    beforeWeekStart,
                    afterWeekStart,
                    values,
                    marginPoints,
                    level,
                    growthPct,
                    extremeWeekStart,
                    extremeShare,
                    confirmedWeekStart,
                    provisional,
                    message);
        }
    }
}
