package io.tokenshare.query;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.config.StoreNames;
import io.tokenshare.window.IsoWeek;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A week's leaderboard: the first places of one distribution, models shown with their lab and origin
 * and labs with their origin, from the week's attributed models kept next to its share rows.
 *
 * @param rows  which distribution
 * @param limit how many places
 */
record LeaderboardQuery(WeekRows rows, int limit) implements StoreQuery<LeaderboardEntry> {

    static final String NAME = "leaderboard";
    /** Query parameters of the public route; the week is in the path. */
    static final Set<String> PARAMETERS = Set.of("dimension", "basis", "limit");

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    /** Reads the public route's parameters. */
    static LeaderboardQuery parse(IsoWeek week, ApiParameters parameters, String topNLabel) {
        return new LeaderboardQuery(
                WeekRows.parse(week, parameters, topNLabel, ShareDimension.MODEL),
                parameters.limit("limit", DEFAULT_LIMIT, MAX_LIMIT));
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
    public Class<LeaderboardEntry> itemType() {
        return LeaderboardEntry.class;
    }

    @Override
    public Optional<String> routingKey() {
        return rows.routingKey();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new HashMap<>(rows.parameters());
        parameters.put("limit", Integer.toString(limit));
        return parameters;
    }

    @Override
    public List<LeaderboardEntry> read(PartitionReader partition) {
        List<ShareRow> places = rows.read(partition).stream().limit(limit).toList();
        if (places.isEmpty()) {
            return List.of();
        }
        Map<String, AttributedModelWeek> models = new HashMap<>();
        String weekPrefix = rows.week() + "|";
        // week-models keys are 'week|model_id'; '|' + 1 is '}', so this range holds exactly the week's models.
        partition
                .<AttributedModelWeek>range(StoreNames.WEEK_MODELS, weekPrefix, rows.week() + "}")
                .forEach(kv -> models.put(kv.value.getUsage().getModelId(), kv.value));
        Map<String, String> labOrigins = labOrigins(models);
        return places.stream()
                .map(row -> switch (rows.dimension()) {
                    case MODEL -> modelEntry(row, models.get(row.getMember()));
                    case LAB -> LeaderboardEntry.of(row, null, labOrigins.get(row.getMember()));
                    default -> LeaderboardEntry.of(row, null, null);
                })
                .toList();
    }

    private static LeaderboardEntry modelEntry(ShareRow row, AttributedModelWeek model) {
        return model == null
                ? LeaderboardEntry.of(row, null, null)
                : LeaderboardEntry.of(row, model.getLab(), model.getOrigin().name());
    }

    /** Each lab's origin, when all its models of the week agree on one; labs of several origins are left out. */
    private static Map<String, String> labOrigins(Map<String, AttributedModelWeek> models) {
        Map<String, String> origins = new HashMap<>();
        Set<String> mixed = new HashSet<>();
        for (AttributedModelWeek model : models.values()) {
            String origin = model.getOrigin().name();
            String known = origins.putIfAbsent(model.getLab(), origin);
            if (known != null && !known.equals(origin)) {
                mixed.add(model.getLab());
            }
        }
        mixed.forEach(origins::remove);
        return origins;
    }
}
