package io.tokenshare.query;

import io.tokenshare.avro.internal.WeekStatus;
import io.tokenshare.config.StoreNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every week of the week-status store with its final flag: a range query over all partitions. */
record WeeksQuery() implements StoreQuery<WeekSummary> {

    static final String NAME = "weeks";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String store() {
        return StoreNames.WEEK_STATUS;
    }

    @Override
    public Class<WeekSummary> itemType() {
        return WeekSummary.class;
    }

    @Override
    public Optional<String> routingKey() {
        return Optional.empty();
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public List<WeekSummary> read(PartitionReader partition) {
        return partition.<WeekStatus>range(StoreNames.WEEK_STATUS, null, null).stream()
                .map(entry -> WeekSummary.of(entry.value))
                .toList();
    }
}
