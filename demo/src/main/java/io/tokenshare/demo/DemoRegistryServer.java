package io.tokenshare.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.serde.RegisteredSchema;
import io.tokenshare.serde.SchemaRegistryException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The demo's schema registry over HTTP: the Confluent REST endpoints that the project's serde and Confluent's
 * clients call, answered from the same in-memory registry the demo's app and producers use. So a second terminal
 * (the project's own CLI, a kafkajs producer with Confluent's serde) reads and writes the demo's topics.
 */
public final class DemoRegistryServer implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final Javalin javalin;
    private final InMemorySchemaRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    private DemoRegistryServer(InMemorySchemaRegistry registry, String host, int port) {
        this.registry = registry;
        this.javalin = Javalin.create(config -> config.showJavalinBanner = false);
        routes();
        javalin.exception(
                SchemaRegistryException.class,
                (e, ctx) -> error(ctx, e.status() < 400 ? 500 : e.status(), e.errorCode(), e.getMessage()));
        javalin.exception(
                SchemaParseException.class,
                (e, ctx) ->
                        error(ctx, 422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage()));
        javalin.exception(BadRequest.class, (e, ctx) -> error(ctx, 422, 42201, e.getMessage()));
        javalin.start(host, port);
    }

    /** Serves {@code registry} on {@code host:port} (port 0: any free port). */
    public static DemoRegistryServer start(InMemorySchemaRegistry registry, String host, int port) {
        return new DemoRegistryServer(registry, host, port);
    }

    /** The URL clients set as {@code schema.registry.url}. */
    public String url() {
        return "http://localhost:" + javalin.port();
    }

    private void routes() {
        javalin.get("/subjects", ctx -> answer(ctx, registry.subjects()));
        javalin.get(
                "/subjects/{subject}/versions",
                ctx -> answer(
                        ctx,
                        registry.versions(ctx.pathParam("subject")).stream()
                                .map(RegisteredSchema::version)
                                .toList()));
        javalin.get("/subjects/{subject}/versions/{version}", ctx -> answer(ctx, version(ctx)));
        javalin.post(
                "/subjects/{subject}/versions",
                ctx -> answer(ctx, Map.of("id", registry.register(ctx.pathParam("subject"), schemaOf(ctx)))));
        javalin.post("/subjects/{subject}", ctx -> {
            String subject = ctx.pathParam("subject");
            int id = registry.idOf(subject, schemaOf(ctx));
            RegisteredSchema found = registry.versions(subject).stream()
                    .filter(v -> v.id() == id)
                    .findFirst()
                    .orElseThrow();
            answer(ctx, describe(subject, found));
        });
        javalin.get(
                "/schemas/ids/{id}",
                ctx -> answer(
                        ctx, Map.of("schema", registry.schemaById(idOf(ctx)).toString())));
        javalin.get(
                "/schemas/ids/{id}/schema",
                ctx -> answer(ctx, json.readTree(registry.schemaById(idOf(ctx)).toString())));
        javalin.post(
                "/compatibility/subjects/{subject}/versions/{version}",
                ctx -> answer(
                        ctx, Map.of("is_compatible", registry.isCompatible(ctx.pathParam("subject"), schemaOf(ctx)))));
        javalin.get("/config", ctx -> answer(ctx, Map.of("compatibilityLevel", registry.compatibility(null))));
        javalin.get(
                "/config/{subject}",
                ctx -> answer(ctx, Map.of("compatibilityLevel", registry.compatibility(ctx.pathParam("subject")))));
        javalin.put("/config", ctx -> answer(ctx, setCompatibility(null, ctx)));
        javalin.put("/config/{subject}", ctx -> answer(ctx, setCompatibility(ctx.pathParam("subject"), ctx)));
    }

    private Map<String, Object> version(Context ctx) {
        String subject = ctx.pathParam("subject");
        List<RegisteredSchema> versions = registry.versions(subject);
        String wanted = ctx.pathParam("version");
        if (wanted.equals("latest") || wanted.equals("-1")) {
            return describe(subject, versions.get(versions.size() - 1));
        }
        int number = parse(wanted, "version");
        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .map(v -> describe(subject, v))
                .orElseThrow(() -> new SchemaRegistryException(
                        "Version " + number + " not found for subject '" + subject + "'",
                        404,
                        SchemaRegistryException.VERSION_NOT_FOUND,
                        null));
    }

    private Map<String, Object> setCompatibility(String subject, Context ctx) throws Exception {
        JsonNode level = json.readTree(ctx.body()).path("compatibility");
        if (!level.isTextual()) {
            throw new BadRequest("the body must be {\"compatibility\": \"BACKWARD\"} (or another level)");
        }
        registry.setCompatibility(subject, level.asText());
        return Map.of("compatibility", level.asText());
    }

    private Schema schemaOf(Context ctx) throws Exception {
        JsonNode body = json.readTree(ctx.body());
        JsonNode type = body.path("schemaType");
        if (!type.isMissingNode() && !type.asText().equals("AVRO")) {
            throw new BadRequest("this registry holds Avro schemas only, not " + type.asText());
        }
        JsonNode schema = body.path("schema");
        if (!schema.isTextual()) {
            throw new BadRequest("the body must carry the schema as a JSON string: {\"schema\": \"...\"}");
        }
        return new Schema.Parser().parse(schema.asText());
    }

    private static Map<String, Object> describe(String subject, RegisteredSchema version) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subject", subject);
        answer.put("version", version.version());
        answer.put("id", version.id());
        answer.put("schema", version.schema().toString());
        return answer;
    }

    private static int idOf(Context ctx) {
        return parse(ctx.pathParam("id"), "id");
    }

    private static int parse(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(
                    "The " + what + " '" + text + "' is not a number", 422, SchemaRegistryException.INVALID_SCHEMA, e);
        }
    }

    private void answer(Context ctx, Object body) throws Exception {
        ctx.contentType(CONTENT_TYPE).result(json.writeValueAsBytes(body));
    }

    private void error(Context ctx, int status, int errorCode, String message) {
        try {
            ctx.status(status)
                    .contentType(CONTENT_TYPE)
                    .result(json.writeValueAsBytes(
                            Map.of("error_code", errorCode, "message", String.valueOf(message))));
        } catch (Exception e) {
            ctx.status(500);
        }
    }

    @Override
    public void close() {
        javalin.stop();
    }

    /** A request whose body the registry cannot take. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
