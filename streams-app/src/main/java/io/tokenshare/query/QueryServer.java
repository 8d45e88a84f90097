package io.tokenshare.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of one tokenshare instance: the read-only JSON API under {@code /api/v1} (documented
 * at {@code /openapi.json}), the dashboard at {@code /}, {@code /metrics} for Prometheus, and
 * {@code /health/live} and {@code /health/ready}.
 *
 * <p>Every instance must set Kafka Streams' {@code application.server} to the host:port at which the
 * others reach this server: that is how a query finds the instance holding the data it needs.
 */
public final class QueryServer implements AutoCloseable {

    /** How long an instance waits for another's answer before it answers 503. */
    public static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);
    /** What a 503 tells the client to wait before asking again: about one rebalance step. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

    private final Javalin javalin;
    private final QueryMetrics metrics;

    private QueryServer(Javalin javalin, QueryMetrics metrics) {
        this.javalin = javalin;
        this.metrics = metrics;
    }

    /** Serves the app on every interface at {@code port} (0 picks a free port). */
    public static QueryServer start(ServedStreams app, int port) {
        return start(app, "0.0.0.0", port);
    }

    /**
     * Serves the app on {@code bindHost} at {@code port} (0 picks a free port).
     *
     * @throws IllegalArgumentException when the app has no {@code application.server}
     */
    public static QueryServer start(ServedStreams app, String bindHost, int port) {
        Properties streamsProperties = app.streamsProperties();
        HostInfo self = advertisedAddress(streamsProperties);
        StreamsCluster cluster = new StreamsCluster(
                app.streams(),
                new StoreLayout(
                        app.topology().describe(), streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)),
                self);
        LocalReads local = new LocalReads(app.streams(), cluster);
        ObjectMapper json = objectMapper();
        QueryMetrics metrics = new QueryMetrics(app.streams(), app.accounting());
        try {
            QueryRouter router =
                    new QueryRouter(cluster, local, new PeerClient(json, PEER_TIMEOUT), metrics.registry());
            String topN = app.topNLabel();
            ApiRoutes api = new ApiRoutes(router, cluster, topN);
            InternalRoutes internal = new InternalRoutes(local, topN);
            OperationsRoutes operations = new OperationsRoutes(metrics, new HealthChecks(app.streams(), cluster), topN);
            Javalin javalin = javalin(json, metrics, () -> {
                api.register();
                internal.register();
                operations.register();
            });
            ErrorAnswers.register(javalin, StreamsCluster.address(self));
            javalin.start(bindHost, port);
            LOG.info(
                    "tokenshare query server on {}:{}, advertised to other instances as {}",
                    bindHost,
                    javalin.port(),
                    StreamsCluster.address(self));
            return new QueryServer(javalin, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    /** A server with the API's JSON, static dashboard files, request metrics and JSON errors even from Jetty. */
    private static Javalin javalin(ObjectMapper json, QueryMetrics metrics, EndpointGroup routes) {
        return Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.prefer405over404 = true;
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.requestLogger.http((ctx, millis) -> metrics.recordRequest(routeOf(ctx), ctx.statusCode(), millis));
            JsonErrorHandler jettyErrors = new JsonErrorHandler(json);
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            config.router.apiBuilder(routes);
        });
    }

    /** The port the server listens on. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        try {
            javalin.stop();
        } finally {
            metrics.close();
        }
    }

    /** The JSON form of the API: records as objects, dates and instants as ISO text. */
    static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    private static HostInfo advertisedAddress(Properties streamsProperties) {
        String server = streamsProperties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "");
        if (server.isBlank()) {
            throw new IllegalArgumentException(
                    StreamsConfig.APPLICATION_SERVER_CONFIG + " is not set: set it to the host:port"
                            + " at which the other instances reach this instance's HTTP API, e.g. localhost:7070; without it no"
                            + " instance can tell where a store partition is served");
        }
        return HostInfo.buildFromEndpoint(server);
    }

    /** The route template that served the request, so that metrics do not grow a series per URL. */
    private static String routeOf(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (IllegalStateException noEndpoint) {
            // Static files and unknown paths have no endpoint.
            return "unmatched";
        }
    }
}
