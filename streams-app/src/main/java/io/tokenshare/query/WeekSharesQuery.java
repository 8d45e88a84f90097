package io.tokenshare.query;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.config.StoreNames;
import io.tokenshare.window.IsoWeek;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The distribution of one week on one basis and dimension: a key lookup, since the share stage keys
 * its store partitions by week.
 *
 * @param rows which distribution
 */
record WeekSharesQuery(WeekRows rows) implements StoreQuery<ShareView> {

    static final String NAME = "week-shares";
    /** Query parameters of the public route; the week is in the path. */
    static final Set<String> PARAMETERS = Set.of("dimension", "basis");

    /** Reads the public route's parameters. */
    static WeekSharesQuery parse(IsoWeek week, ApiParameters parameters, String topNLabel) {
        return new WeekSharesQuery(WeekRows.parse(week, parameters, topNLabel, ShareDimension.ORIGIN));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String store() {
        return StoreNames.SHARE_ROWS;
    }

    @Override
    public Class<ShareView> itemType() {
        return ShareView.class;
    }

    @Override
    public Optional<String> routingKey() {
        return rows.routingKey();
    }

    @Override
    public Map<String, String> parameters() {
        return rows.parameters();
    }

    @Override
    public List<ShareView> read(PartitionReader partition) {
        return rows.read(partition).stream().map(ShareView::of).toList();
    }
}
