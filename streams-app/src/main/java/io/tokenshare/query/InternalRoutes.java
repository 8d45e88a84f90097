package io.tokenshare.query;

import io.javalin.apibuilder.ApiBuilder;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route over which instances ask each other for their partitions: {@code GET /internal/v1/{query}}.
 * It only reads local partitions and never forwards, so no request can travel in circles.
 */
final class InternalRoutes {

    private final LocalReads local;
    private final String topNLabel;

    InternalRoutes(LocalReads local, String topNLabel) {
        this.local = local;
        this.topNLabel = topNLabel;
    }

    void register() {
        ApiBuilder.get(PeerClient.INTERNAL_PREFIX + "{query}", this::read);
    }

    private void read(Context ctx) {
        Map<String, List<String>> parameters = new HashMap<>(ctx.queryParamMap());
        Optional<Set<Integer>> partitions =
                Optional.ofNullable(parameters.remove(PeerClient.PARTITIONS)).map(InternalRoutes::partitions);
        ctx.json(local.read(query(ctx.pathParam("query"), parameters), partitions));
    }

    private StoreQuery<?> query(String name, Map<String, List<String>> query) {
        return switch (name) {
            case WeeksQuery.NAME -> {
                ApiParameters.of(query, Set.of());
                yield new WeeksQuery();
            }
            case WeekSharesQuery.NAME -> {
                ApiParameters parameters = ApiParameters.of(query, withName(WeekSharesQuery.PARAMETERS, "week"));
                yield WeekSharesQuery.parse(
                        ApiParameters.week("week", parameters.text("week").orElse(null)), parameters, topNLabel);
            }
            case LeaderboardQuery.NAME -> {
                ApiParameters parameters = ApiParameters.of(query, withName(LeaderboardQuery.PARAMETERS, "week"));
                yield LeaderboardQuery.parse(
                        ApiParameters.week("week", parameters.text("week").orElse(null)), parameters, topNLabel);
            }
            case SeriesQuery.NAME -> SeriesQuery.parse(ApiParameters.of(query, SeriesQuery.PARAMETERS), topNLabel);
            case ModelUsageQuery.NAME -> {
                ApiParameters parameters = ApiParameters.of(query, withName(ModelUsageQuery.PARAMETERS, "modelId"));
                yield ModelUsageQuery.parse(parameters.text("modelId").orElse(null), parameters);
            }
            case AlertsQuery.NAME -> AlertsQuery.parse(ApiParameters.of(query, AlertsQuery.PARAMETERS));
            default -> throw new BadRequestException(
                    "query",
                    "internal query '" + name + "' is unknown",
                    "one of weeks, week-shares, leaderboard, series, model-usage, alerts");
        };
    }

    private static Set<String> withName(Set<String> names, String extra) {
        Set<String> all = new HashSet<>(names);
        all.add(extra);
        return all;
    }

    private static Set<Integer> partitions(List<String> values) {
        Set<Integer> partitions = new TreeSet<>();
        for (String value : values) {
            for (String number : value.split(",")) {
                try {
                    partitions.add(Integer.parseInt(number.trim()));
                } catch (NumberFormatException e) {
                    throw new BadRequestException(
                            PeerClient.PARTITIONS,
                            "'" + PeerClient.PARTITIONS + "' is '" + value + "'",
                            "comma-separated partition numbers, e.g. 0,2");
                }
            }
        }
        return partitions;
    }
}
