package io.tokenshare.query;

import io.javalin.apibuilder.ApiBuilder;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import io.tokenshare.config.StoreNames;
import io.tokenshare.query.ApiData.Leaderboard;
import io.tokenshare.query.ApiData.ModelUsage;
import io.tokenshare.query.ApiData.Series;
import io.tokenshare.query.ApiData.WeekShares;
import io.tokenshare.window.IsoWeek;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The public, read-only JSON API under {@value #PREFIX}. */
final class ApiRoutes {

    static final String PREFIX = "/api/v1";
    static final String ALERTS_ABSENT_NOTE = "this deployment's topology has no " + StoreNames.SHARE_ALERTS
            + " store yet: no alert rules run, so there are no alerts to list";

    /** Every public route, as OpenAPI writes paths. */
    static final List<String> PATHS = List.of(
            PREFIX + "/weeks",
            PREFIX + "/weeks/{week}/shares",
            PREFIX + "/weeks/{week}/top",
            PREFIX + "/series",
            PREFIX + "/models/{modelId}/usage",
            PREFIX + "/alerts");

    private final QueryRouter router;
    private final StreamsCluster cluster;
    private final String topNLabel;

    ApiRoutes(QueryRouter router, StreamsCluster cluster, String topNLabel) {
        this.router = router;
        this.cluster = cluster;
        this.topNLabel = topNLabel;
    }

    void register() {
        // Javalin answers HEAD from a GET route (200, no body); the API is GET-only and says so.
        ApiBuilder.before(PREFIX + "/*", ApiRoutes::refuseHead);
        ApiBuilder.get(PREFIX + "/weeks", this::weeks);
        ApiBuilder.get(PREFIX + "/weeks/{week}/shares", this::weekShares);
        ApiBuilder.get(PREFIX + "/weeks/{week}/top", this::leaderboard);
        ApiBuilder.get(PREFIX + "/series", this::series);
        // <modelId> may span slashes: model ids are author/model.
        ApiBuilder.get(PREFIX + "/models/<modelId>/usage", this::modelUsage);
        ApiBuilder.get(PREFIX + "/alerts", this::alerts);
    }

    private static void refuseHead(Context ctx) {
        if (ctx.method() == HandlerType.HEAD) {
            ctx.header("Allow", "GET");
            throw new MethodNotAllowedResponse();
        }
    }

    private void weeks(Context ctx) {
        ApiParameters.of(ctx.queryParamMap(), Set.of());
        Routed<WeekSummary> weeks = router.route(new WeeksQuery());
        List<WeekSummary> byWeek = weeks.items().stream()
                .sorted(Comparator.comparing(WeekSummary::week))
                .toList();
        respond(ctx, byWeek, weeks, null);
    }

    private void weekShares(Context ctx) {
        IsoWeek week = ApiParameters.week("week", ctx.pathParam("week"));
        WeekSharesQuery query = WeekSharesQuery.parse(
                week, ApiParameters.of(ctx.queryParamMap(), WeekSharesQuery.PARAMETERS), topNLabel);
        Routed<ShareView> rows = router.route(query);
        if (rows.items().isEmpty()) {
            throw noRows(query.rows());
        }
        ShareView first = rows.items().get(0);
        respond(
                ctx,
                new WeekShares(
                        week.toString(),
                        first.dimension(),
                        first.basis(),
                        first.isFinal(),
                        first.totalTokens(),
                        rows.items()),
                rows,
                null);
    }

    private void leaderboard(Context ctx) {
        IsoWeek week = ApiParameters.week("week", ctx.pathParam("week"));
        LeaderboardQuery query = LeaderboardQuery.parse(
                week, ApiParameters.of(ctx.queryParamMap(), LeaderboardQuery.PARAMETERS), topNLabel);
        Routed<LeaderboardEntry> entries = router.route(query);
        if (entries.items().isEmpty()) {
            throw noRows(query.rows());
        }
        respond(
                ctx,
                new Leaderboard(
                        week.toString(),
                        ApiParameters.dimensionName(query.rows().dimension()),
                        query.rows().basis(),
                        entries.items()),
                entries,
                null);
    }

    private void series(Context ctx) {
        SeriesQuery query = SeriesQuery.parse(ApiParameters.of(ctx.queryParamMap(), SeriesQuery.PARAMETERS), topNLabel);
        Routed<SeriesPoint> points = router.route(query);
        if (points.items().isEmpty()) {
            throw new NotFoundException(
                    "member '" + query.member() + "' of dimension " + ApiParameters.dimensionName(query.dimension())
                            + " has no tokens on basis " + query.basis() + " in the weeks from "
                            + query.weeks().from() + " to "
                            + query.weeks().to() + "; GET " + PREFIX + "/weeks/{week}/shares lists a week's members");
        }
        List<SeriesPoint> byWeek = points.items().stream()
                .sorted(Comparator.comparing(SeriesPoint::week))
                .toList();
        // The rows' own spelling of the member, whatever case it was asked for in.
        String member = byWeek.get(byWeek.size() - 1).member();
        respond(
                ctx,
                new Series(ApiParameters.dimensionName(query.dimension()), member, query.basis(), byWeek),
                points,
                null);
    }

    private void modelUsage(Context ctx) {
        ModelUsageQuery query = ModelUsageQuery.parse(
                ctx.pathParam("modelId"), ApiParameters.of(ctx.queryParamMap(), ModelUsageQuery.PARAMETERS));
        Routed<WeekUsage> weeks = router.route(query);
        if (weeks.items().isEmpty()) {
            throw new NotFoundException("model '" + query.modelId() + "' has no usage in the weeks from "
                    + query.weeks().from() + " to " + query.weeks().to() + "; GET " + PREFIX
                    + "/weeks/{week}/top?dimension=model lists a week's models");
        }
        List<WeekUsage> byWeek = weeks.items().stream()
                .sorted(Comparator.comparing(WeekUsage::week))
                .toList();
        respond(ctx, new ModelUsage(query.modelId(), byWeek), weeks, null);
    }

    private void alerts(Context ctx) {
        AlertsQuery query = AlertsQuery.parse(ApiParameters.of(ctx.queryParamMap(), AlertsQuery.PARAMETERS));
        if (!cluster.hasStore(StoreNames.SHARE_ALERTS)) {
            cluster.requireRunning();
            respond(ctx, List.of(), new Routed<>(List.of(), List.of()), ALERTS_ABSENT_NOTE);
            return;
        }
        Routed<Map<String, Object>> alerts = router.route(query);
        respond(ctx, alerts.items().stream().sorted(AlertsQuery.NEWEST_FIRST).toList(), alerts, null);
    }

    private NotFoundException noRows(WeekRows rows) {
        return new NotFoundException("no share rows for the week of " + rows.week() + " on basis " + rows.basis()
                + ", dimension " + ApiParameters.dimensionName(rows.dimension()) + "; GET " + PREFIX
                + "/weeks lists the weeks with data");
    }

    private void respond(Context ctx, Object data, Routed<?> routed, String note) {
        ctx.json(new ApiResponse<>(
                data, ApiResponse.Served.of(StreamsCluster.address(cluster.self()), routed.sources()), note));
    }
}
