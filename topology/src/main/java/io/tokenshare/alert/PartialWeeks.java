package io.tokenshare.alert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps partial weeks (weeks with days without data) from raising alerts unless the rule asks for them: a week of
 * five days against a week of seven shows a fall or a surge that did not happen. A finding that reads a partial week
 * is dropped, or, when the rule fires on partial weeks, kept with a message that says which week is partial.
 * Dropping a finding retracts an alert sent on it before, as any finding that stops holding does.
 */
final class PartialWeeks {

    private PartialWeeks() {}

    /** The findings that may be sent, partial ones flagged in their message or dropped. */
    static List<AlertFinding> screen(List<AlertFinding> findings, ShareSeries series, boolean firesOnPartialWeeks) {
        Map<LocalDate, WeekSnapshot> byWeek = new HashMap<>();
        series.weeks().forEach(week -> byWeek.put(week.weekStart(), week));
        List<AlertFinding> kept = new ArrayList<>(findings.size());
        for (AlertFinding finding : findings) {
            List<WeekSnapshot> partial = finding.weeksRead().stream()
                    .map(byWeek::get)
                    .filter(week -> week != null && week.partial())
                    .toList();
            if (partial.isEmpty()) {
                kept.add(finding);
            } else if (firesOnPartialWeeks) {
                kept.add(finding.withMessage(finding.message() + AlertText.partialWeeksNote(partial)));
            }
        }
        return kept;
    }
}
