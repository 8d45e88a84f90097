package io.tokenshare.export;

import io.tokenshare.avro.ShareRow;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The current share rows of the four share topics (the last row per key, deleted keys left out).
 *
 * @param byOrigin   rows of share-by-origin
 * @param byLab      rows of share-by-lab
 * @param byModel    rows of share-by-model
 * @param byCategory rows of share-by-category (category and category x origin)
 */
public record ShareResults(
        List<ShareRow> byOrigin, List<ShareRow> byLab, List<ShareRow> byModel, List<ShareRow> byCategory) {

    /** Copies the lists. */
    public ShareResults {
        byOrigin = List.copyOf(byOrigin);
        byLab = List.copyOf(byLab);
        byModel = List.copyOf(byModel);
        byCategory = List.copyOf(byCategory);
    }

    /** Every row of the four topics. */
    public Stream<ShareRow> all() {
        return Stream.of(byOrigin, byLab, byModel, byCategory).flatMap(List::stream);
    }

    /** The weeks that have rows, in order. */
    public SortedSet<LocalDate> weeks() {
        TreeSet<LocalDate> weeks = new TreeSet<>();
        all().forEach(row -> weeks.add(row.getWeekStart()));
        return weeks;
    }

    /** Whether there is at least one row and every row is final. */
    public boolean allFinal() {
        return !byOrigin.isEmpty() && all().allMatch(ShareRow::getFinal$);
    }
}
