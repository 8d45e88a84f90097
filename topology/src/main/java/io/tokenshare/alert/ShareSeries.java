package io.tokenshare.alert;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.util.List;

/**
 * The weeks of one distribution (one dimension on one basis) in week order: what every rule is evaluated over.
 *
 * @param dimension  what the members are
 * @param basis      the denominator of the shares
 * @param basisLabel the basis as people write it: all, attributed, top9
 * @param weeks      the weeks seen, oldest first, at most one per week start
 */
public record ShareSeries(ShareDimension dimension, ShareBasis basis, String basisLabel, List<WeekSnapshot> weeks) {

    public ShareSeries {
        weeks = List.copyOf(weeks);
        for (int i = 1; i < weeks.size(); i++) {
            if (!weeks.get(i - 1).weekStart().isBefore(weeks.get(i).weekStart())) {
                throw new IllegalArgumentException("weeks of a series must be in strictly increasing week order, got "
                        + weeks.get(i - 1).weekStart() + " before "
                        + weeks.get(i).weekStart());
            }
        }
    }
}
