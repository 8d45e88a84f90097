package io.tokenshare.query;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.WeekModels;
import io.tokenshare.config.StoreNames;
import io.tokenshare.share.ShareRowKey;
import io.tokenshare.window.IsoWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;

/**
 * A member's weekly figures over a range of weeks: a range query, since weeks may live on different
 * partitions. Each partition lists its weeks in range, then looks up the member's row of each.
 *
 * @param dimension the dimension the member belongs to
 * @param member    the member, e.g. CN
 * @param basis     the basis label
 * @param weeks     the weeks, inclusive
 */
record SeriesQuery(ShareDimension dimension, String member, String basis, WeekRange weeks) implements StoreQuery<SeriesPoint> {

    static final String NAME = "series";
    static final Set<String> PARAMETERS = Set.of("dimension", "member", "basis", "from", "to");

    /** Reads the route's parameters. */
    static SeriesQuery parse(ApiParameters parameters, String topNLabel) {
        return new SeriesQuery(parameters.dimension("dimension", ShareDimension.ORIGIN), parameters.requiredText("member", "CN"),
                parameters.basis("basis", topNLabel), parameters.weekRange("from", "to"));
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
    public Class<SeriesPoint> itemType() {
        return SeriesPoint.class;
    }

    @Override
    public Optional<String> routingKey() {
        return Optional.empty();
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("dimension", ApiParameters.dimensionName(dimension), "member", member, "basis", basis,
                "from", weeks.from().toString(), "to", weeks.to().toString());
    }

    @Override
    public List<SeriesPoint> read(PartitionReader partition) {
        List<KeyValue<String, WeekModels>> known = partition.range(StoreNames.WEEK_MODELS, weeks.from().toString(), weeks.to().toString());
        List<SeriesPoint> points = new ArrayList<>();
        for (KeyValue<String, WeekModels> week : known) {
            String key = ShareRowKey.of(IsoWeek.parse(week.key).monday(), basis, dimension, member);
            partition.<ShareRow>get(StoreNames.SHARE_ROWS, key).ifPresent(row -> points.add(SeriesPoint.of(row)));
        }
        return points;
    }
}
