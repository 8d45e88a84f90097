package io.tokenshare.share;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.WeekDistribution;

/**
 * What the week-share processor emits. Lives only between processors of one sub-topology.
 */
sealed interface ShareOutput {

    /** A whole distribution (week × basis × dimension), for the alert rules. */
    record Distribution(WeekDistribution distribution) implements ShareOutput {}

    /** A member's row for its share topic; {@code row} is null when the member has no tokens any more. */
    record Row(ShareDimension dimension, ShareRow row) implements ShareOutput {}

    default ShareRow rowOrNull() {
        return this instanceof Row r ? r.row() : null;
    }

    default boolean isRowOf(ShareDimension dimension) {
        return this instanceof Row r && r.dimension() == dimension;
    }
}
