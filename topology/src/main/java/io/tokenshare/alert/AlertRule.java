package io.tokenshare.alert;

import io.tokenshare.avro.AlertKind;
import java.util.List;

/**
 * A rule that looks for one kind of inflection point in the weekly distributions of its scope. Evaluation is a pure
 * function of the series: the same weeks always give the same findings, which is what lets the alert stage
 * re-evaluate after a revision and send only what changed.
 */
public sealed interface AlertRule permits CrossoverRule, ThresholdRule, TurningPointRule, SurgeRule, NewLeaderRule {

    /** Unique id of the rule in its rules file; the first part of every alert key it makes. */
    String id();

    /** What kind of inflection point the rule looks for. */
    AlertKind kind();

    /** The dimension and basis the rule watches. */
    RuleScope scope();

    /**
     * Every alert that holds on the series, in week order. The series must be of the rule's scope; all its weeks are
     * taken into account, so an alert found at a week depends only on that week and the weeks before it.
     */
    List<AlertFinding> evaluate(ShareSeries series);
}
