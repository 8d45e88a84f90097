package io.tokenshare.query;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a JSON answer: 400 naming the parameter and what is expected, 404, 405 for
 * anything but GET (the API is read-only), 503 with Retry-After while stores migrate, and 500 for the
 * rest, logged here and never shown to the client with a stack trace.
 */
final class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {}

    static void register(Javalin javalin, String instance) {
        javalin.exception(BadRequestException.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST)
                .json(new ErrorBody("bad_request", e.getMessage(), e.parameter(), e.expected())));
        javalin.exception(NotFoundException.class, (e, ctx) -> ctx.status(HttpStatus.NOT_FOUND)
                .json(ErrorBody.of("not_found", e.getMessage())));
        javalin.exception(UnavailableException.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
        javalin.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.fullUrl(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .json(ErrorBody.of(
                            "internal",
                            "instance " + instance + " failed to answer; its log has the details ("
                                    + e.getClass().getSimpleName() + ")"));
        });
        javalin.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                .json(routingError(e, ctx)));
    }

    /** Javalin's own answers for unknown paths and methods, in the API's form. */
    private static ErrorBody routingError(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> ErrorBody.of(
                    "not_found", "nothing at " + ctx.path() + "; the API is described at /openapi.json");
            case 405 -> ErrorBody.of(
                    "method_not_allowed", ctx.method() + " is not allowed: the API is read-only and answers GET only");
            default -> ErrorBody.of(e.getStatus() < 500 ? "bad_request" : "internal", e.getMessage());
        };
    }

    static void unavailable(Context ctx, String message) {
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Integer.toString(QueryServer.RETRY_AFTER_SECONDS))
                .json(ErrorBody.of("unavailable", message + "; retry in " + QueryServer.RETRY_AFTER_SECONDS + " s"));
    }
}
