package io.tokenshare.query;

import io.javalin.apibuilder.ApiBuilder;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** Metrics, health, the OpenAPI document, and what the dashboard page needs besides the API. */
final class OperationsRoutes {

    static final String OPENAPI_RESOURCE = "openapi.json";
    static final String CHART_JS_PATH = "/assets/chart.umd.js";
    private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final QueryMetrics metrics;
    private final HealthChecks health;
    private final byte[] openApi;
    private final byte[] chartJs;
    private final DashboardSettings dashboard;

    /**
     * The dashboard's choices: the bases this deployment computes.
     *
     * @param bases basis labels, e.g. all, attributed, top9
     */
    record DashboardSettings(List<String> bases) {}

    OperationsRoutes(QueryMetrics metrics, HealthChecks health, String topNLabel) {
        this.metrics = metrics;
        this.health = health;
        this.dashboard = new DashboardSettings(List.of("all", "attributed", topNLabel));
        this.openApi = resource(OPENAPI_RESOURCE);
        this.chartJs = resource(chartJsResource());
    }

    void register() {
        ApiBuilder.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        ApiBuilder.get("/health/live", ctx -> answer(ctx, health.live()));
        ApiBuilder.get("/health/ready", ctx -> answer(ctx, health.ready()));
        ApiBuilder.get(
                "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        ApiBuilder.get("/dashboard/settings.json", ctx -> ctx.json(dashboard));
        ApiBuilder.get(CHART_JS_PATH, ctx -> ctx.contentType("text/javascript")
                .header("Cache-Control", "max-age=86400")
                .result(chartJs));
    }

    private static void answer(Context ctx, HealthChecks.Health verdict) {
        ctx.status(verdict.healthy() ? 200 : 503).json(verdict);
    }

    /** Chart.js from its webjar, whichever version the build put on the classpath: no CDN, no network. */
    static String chartJsResource() {
        Properties pom = new Properties();
        try (InputStream in = open(CHART_JS_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CHART_JS_POM, e);
        }
        return "META-INF/resources/webjars/chart.js/" + pom.getProperty("version") + "/dist/chart.umd.js";
    }

    private static byte[] resource(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classpath resource " + name, e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = OperationsRoutes.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the classpath resource " + name + " is missing: the build must package it"
                    + " (the chart.js webjar and src/main/resources/" + OPENAPI_RESOURCE + ")");
        }
        return in;
    }
}
