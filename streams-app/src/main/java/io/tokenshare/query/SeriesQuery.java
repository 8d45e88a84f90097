package io.tokenshare.query;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.config.StoreNames;
import io.tokenshare.share.ShareRowKey;
import io.tokenshare.window.IsoWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A member's weekly figures over a range of weeks: a range query, since weeks may live on different
 * partitions. Each partition finds its first and last week in range in the week-status store, then
 * looks up the member's row of each week in between. The member matches case-insensitively
 * ({@code cn} finds CN): a week without the exact key is searched for a member of another case.
 *
 * @param dimension the dimension the member belongs to
 * @param member    the member as asked for, e.g. CN or cn
 * @param basis     the basis label
 * @param weeks     the weeks, inclusive
 */
record SeriesQuery(ShareDimension dimension, String member, String basis, WeekRange weeks)
        implements StoreQuery<SeriesPoint> {

    static final String NAME = "series";
    static final Set<String> PARAMETERS = Set.of("dimension", "member", "basis", "from", "to");

    /** Reads the route's parameters. */
    static SeriesQuery parse(ApiParameters parameters, String topNLabel) {
        return new SeriesQuery(
                parameters.dimension("dimension", ShareDimension.ORIGIN),
                parameters.requiredText("member", "CN"),
                parameters.basis("basis", topNLabel),
                parameters.weekRange("from", "to"));
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
        return Map.of(
                "dimension",
                ApiParameters.dimensionName(dimension),
                "member",
                member,
                "basis",
                basis,
                "from",
                weeks.from().toString(),
                "to",
                weeks.to().toString());
    }

    @Override
    public List<SeriesPoint> read(PartitionReader partition) {
        // Only the first and last week are looked up in week-status; the weeks between are stepped through.
        String from = weeks.from().toString();
        String to = weeks.to().toString();
        Optional<String> first = partition.firstKey(StoreNames.WEEK_STATUS, from, to, false);
        Optional<String> last = partition.firstKey(StoreNames.WEEK_STATUS, from, to, true);
        if (first.isEmpty() || last.isEmpty()) {
            return List.of();
        }
        List<SeriesPoint> points = new ArrayList<>();
        IsoWeek end = IsoWeek.parse(last.get());
        for (IsoWeek week = IsoWeek.parse(first.get()); week.compareTo(end) <= 0; week = week.plusWeeks(1)) {
            String key = ShareRowKey.of(week.monday(), basis, dimension, member);
            Optional<ShareRow> row = partition.<ShareRow>get(StoreNames.SHARE_ROWS, key);
            if (row.isEmpty()) {
                row = ignoringCase(new WeekRows(week, basis, dimension).read(partition));
            }
            row.ifPresent(found -> points.add(SeriesPoint.of(found)));
        }
        return points;
    }

    private Optional<ShareRow> ignoringCase(List<ShareRow> weekRows) {
        return weekRows.stream()
                .filter(row -> row.getMember().equalsIgnoreCase(member))
                .findFirst();
    }
}
