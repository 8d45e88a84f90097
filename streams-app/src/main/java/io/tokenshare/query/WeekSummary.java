package io.tokenshare.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenshare.avro.internal.WeekStatus;
import io.tokenshare.window.IsoWeek;

/**
 * A week the stores know.
 *
 * @param week     Monday of the ISO week
 * @param isoWeek  the ISO week label, e.g. 2026-W07
 * @param isFinal  whether the week has closed: its figures are final (revisions may still follow)
 * @param revision 0 for the first final figures, one more per revision
 * @param models   how many models had usage in the week
 * @param tokens   all tokens of the week
 * @param daysWithData days of the week (Monday..Sunday, UTC) that had any counted event, 0 to 7
 * @param partial  true when daysWithData is below 7: the week's figures cover only some of its days
 */
public record WeekSummary(
        String week,
        String isoWeek,
        @JsonProperty("final") boolean isFinal,
        int revision,
        int models,
        long tokens,
        int daysWithData,
        boolean partial) {

    static WeekSummary of(WeekStatus week) {
        return new WeekSummary(
                week.getWeekStart().toString(),
                new IsoWeek(week.getWeekStart()).label(),
                week.getClosed(),
                week.getRevision(),
                week.getModels(),
                week.getTokens(),
                daysWithData(week),
                daysWithData(week) < 7);
    }

    // A week stored before coverage was tracked has mask -1 (unknown): taken as whole, as its rows are.
    private static int daysWithData(WeekStatus week) {
        return week.getDaysMask() < 0 ? 7 : IsoWeek.daysIn(week.getDaysMask());
    }
}
