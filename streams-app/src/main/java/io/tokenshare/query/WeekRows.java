package io.tokenshare.query;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.config.StoreNames;
import io.tokenshare.share.ShareRowKey;
import io.tokenshare.window.IsoWeek;
import java.util.Comparator;
import java.util.List;

/**
 * The rows of one distribution (a week, a basis, a dimension) in the share-rows store. Its keys
 * share the prefix {@code week|basis|dimension|}, so one range read finds them all.
 *
 * @param week      the week
 * @param basis     the basis label
 * @param dimension the dimension
 */
record WeekRows(IsoWeek week, String basis, ShareDimension dimension) {

    /** The rows, by rank. */
    List<ShareRow> read(PartitionReader partition) {
        String prefix = ShareRowKey.of(week.monday(), basis, dimension, "");
        return partition.<ShareRow>range(StoreNames.SHARE_ROWS, prefix, afterPrefix(prefix)).stream()
                .filter(entry -> entry.key.startsWith(prefix))
                .map(entry -> entry.value)
                .sorted(Comparator.comparingInt(ShareRow::getRank))
                .toList();
    }

    /**
     * A bound above every key that starts with {@code prefix}: the prefix with its last character raised
     * by one. The prefix ends in the ASCII separator, so the bound sorts right after it in byte order too.
     */
    static String afterPrefix(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
