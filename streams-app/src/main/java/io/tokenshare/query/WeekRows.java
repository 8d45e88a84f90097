package io.tokenshare.query;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.config.StoreNames;
import io.tokenshare.share.ShareRowKey;
import io.tokenshare.window.IsoWeek;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of one distribution (a week, a basis, a dimension) in the share-rows store. Its keys
 * share the prefix {@code week|basis|dimension|}, so one range read finds them all.
 *
 * @param week      the week
 * @param basis     the basis label
 * @param dimension the dimension
 */
record WeekRows(IsoWeek week, String basis, ShareDimension dimension) {

    /** The distribution a public route names: week from the path, basis and dimension from the query. */
    static WeekRows parse(IsoWeek week, ApiParameters parameters, String topNLabel, ShareDimension defaultDimension) {
        return new WeekRows(
                week, parameters.basis("basis", topNLabel), parameters.dimension("dimension", defaultDimension));
    }

    /** The key of the share stage's partition that holds the week. */
    Optional<String> routingKey() {
        return Optional.of(week.toString());
    }

    /** The parameters from which a peer's internal route rebuilds this distribution. */
    Map<String, String> parameters() {
        return Map.of("week", week.toString(), "basis", basis, "dimension", ApiParameters.dimensionName(dimension));
    }

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
