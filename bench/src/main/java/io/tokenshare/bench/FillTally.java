package io.tokenshare.bench;

import io.tokenshare.window.IsoWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth of a fill, kept by the generator as it goes: how many records were first-seen valid
 * events, resends and invalid, and the tokens of the valid events per ISO week, which is what the
 * pipeline's weekly totals must come to.
 */
final class FillTally {

    private final Map<LocalDate, Long> tokensByWeek = new TreeMap<>();
    private long valid;
    private long duplicates;
    private long invalid;

    FillTally(LocalDate firstMonday, int weeks) {
        for (int w = 0; w < weeks; w++) {
            tokensByWeek.put(firstMonday.plusWeeks(w), 0L);
        }
    }

    void countValid(long occurredAtMs, long tokens) {
        valid++;
        tokensByWeek.merge(IsoWeek.containing(occurredAtMs).monday(), tokens, Long::sum);
    }

    void countDuplicate() {
        duplicates++;
    }

    void countInvalid() {
        invalid++;
    }

    long valid() {
        return valid;
    }

    long duplicates() {
        return duplicates;
    }

    long invalid() {
        return invalid;
    }

    long records() {
        return valid + duplicates + invalid;
    }

    /** Tokens of first-seen valid events per week (Monday), every week of the calendar present. */
    Map<LocalDate, Long> tokensByWeek() {
        return Collections.unmodifiableMap(tokensByWeek);
    }
}
