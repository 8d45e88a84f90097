package io.tokenshare.share;

import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.AttributedModelWeek;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The share arithmetic: turns the attributed models of a week (and of the three weeks before it, for
 * the week-over-week change and the four-week rolling share) into share rows for every dimension
 * (origin, lab, model, category, category x origin) on every basis (all, attributed, top N).
 *
 * <p>Pure and stateless apart from its settings: the caller supplies the weeks' models, so the same
 * arithmetic serves the stream processor, tests and tools.
 */
public final class ShareCalculator {

    /** The week itself and the three before it. */
    private static final int ROLLING_WEEKS = 4;

    private final List<BasisSelection> bases;
    private final Clock clock;

    /**
     * @param topN  how many models the top-N basis holds (9 reproduces the weekly-leaderboard figures)
     * @param clock stamps each row's computed_at
     */
    public ShareCalculator(int topN, Clock clock) {
        if (topN < 1) {
            throw new IllegalArgumentException(
                    "topN must be at least 1: it is the number of models on the" + " top-N basis, got " + topN);
        }
        this.bases = BasisSelection.everyBasis(topN);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * All rows of {@code week} for every dimension and basis: per basis, per dimension, members in
     * rank order; only members with tokens this week.
     *
     * @param week     the Monday that starts the ISO week
     * @param models   each week's attributed models, looked up by the week's Monday; only {@code week}
     *                 and the three weeks before it are read, and an absent week (empty or null) is a
     *                 week without usage
     * @param isFinal  whether the week has closed
     * @param revision 0 for a week's first final rows, one more for each revision after
     */
    public List<ShareRow> rowsFor(
            LocalDate week,
            Function<LocalDate, Collection<AttributedModelWeek>> models,
            boolean isFinal,
            int revision) {
        requireWeekStart(week);
        Objects.requireNonNull(models, "models");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be 0 or more, got " + revision);
        }
        List<Collection<AttributedModelWeek>> weeks = lastFourWeeks(week, models);
        RowStamp stamp = new RowStamp(week, isFinal, revision, clock.instant());
        List<ShareRow> rows = new ArrayList<>();
        for (BasisSelection basis : bases) {
            List<BasisWeek> distributions =
                    weeks.stream().map(basis::select).map(BasisWeek::of).toList();
            rows.addAll(new BasisRows(basis, distributions, stamp).rows());
        }
        return rows;
    }

    private static void requireWeekStart(LocalDate week) {
        Objects.requireNonNull(week, "week");
        if (week.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("week must be the Monday that starts an ISO week, got " + week + " (a "
                    + week.getDayOfWeek() + ")");
        }
    }

    /** The models of W-3, W-2, W-1 and W, oldest first. */
    private static List<Collection<AttributedModelWeek>> lastFourWeeks(
            LocalDate week, Function<LocalDate, Collection<AttributedModelWeek>> models) {
        List<Collection<AttributedModelWeek>> weeks = new ArrayList<>(ROLLING_WEEKS);
        for (int weeksBack = ROLLING_WEEKS - 1; weeksBack >= 0; weeksBack--) {
            LocalDate weekStart = week.minusWeeks(weeksBack);
            Collection<AttributedModelWeek> weekModels = models.apply(weekStart);
            weeks.add(weekModels == null ? List.of() : requireOneWeek(weekStart, weekModels));
        }
        return weeks;
    }

    /** A week's models must all be of that week, each model once: anything else would count tokens twice. */
    private static Collection<AttributedModelWeek> requireOneWeek(
            LocalDate weekStart, Collection<AttributedModelWeek> weekModels) {
        Set<String> modelIds = new HashSet<>();
        for (AttributedModelWeek model : weekModels) {
            String modelId = model.getUsage().getModelId();
            LocalDate modelWeek = model.getUsage().getWeekStart();
            if (!weekStart.equals(modelWeek)) {
                throw new IllegalArgumentException("the models looked up for the week of " + weekStart
                        + " include " + modelId + " of the week of " + modelWeek
                        + ": the lookup must return only that week's models");
            }
            if (!modelIds.add(modelId)) {
                throw new IllegalArgumentException("model " + modelId + " appears more than once in the week of "
                        + weekStart + ": the lookup must return one aggregate per model and week");
            }
        }
        return weekModels;
    }
}
