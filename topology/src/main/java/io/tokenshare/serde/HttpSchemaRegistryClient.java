package io.tokenshare.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent schema-registry REST API v1 (also served by Apicurio's ccompat API), on the
 * JDK's HttpClient. Schemas are cached by id and ids by (subject, schema text), so the serde asks the
 * registry once per schema, not once per record. With several URLs, a request that gets no answer
 * (refused, timed out) is tried on the next one. A transient failure (no URL answered, 5xx, 429, 408)
 * is retried with exponential backoff, a bounded number of times ({@link Retries}). Registration is
 * register-or-look-up: when two instances register the same schema at the same moment, Apicurio answers
 * one of them {@code 409 artifact already exists}; that one looks the schema up and carries on. Thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, "
            + "application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private final List<Endpoint> endpoints;
    private final HttpClient http;
    private final Duration readTimeout;
    private final Retries retries;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private volatile int preferredEndpoint;

    /**
     * @param urls           base URLs of the registry (path included, e.g. {@code http://host:8080/apis/ccompat/v7});
     *                       a URL's userinfo ({@code http://user:pass@host}) gives its basic-auth credentials
     * @param userInfo       {@code user:password} sent to every URL instead, or null
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout    how long to wait for the answer to one request
     * @throws IllegalArgumentException when a URL is not an absolute http(s) URL
     */
    public HttpSchemaRegistryClient(List<String> urls, String userInfo, Duration connectTimeout, Duration readTimeout) {
        this(urls, userInfo, connectTimeout, readTimeout, Retries.DEFAULT);
    }

    /**
     * As {@link #HttpSchemaRegistryClient(List, String, Duration, Duration)}, retrying transient failures as
     * {@code retries} says.
     */
    public HttpSchemaRegistryClient(
            List<String> urls, String userInfo, Duration connectTimeout, Duration readTimeout, Retries retries) {
        this.retries = Objects.requireNonNull(retries, "retries");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("At least one schema registry URL is needed.");
        }
        this.endpoints = urls.stream().map(url -> Endpoint.parse(url, userInfo)).toList();
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer;
        try {
            answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(key.text()), subject);
        } catch (SchemaRegistryException e) {
            if (e.status() != 409) {
                throw e;
            }
            return lookUpAfterConflict(subject, schema, e);
        }
        int id = requiredInt(answer, "id", subject);
        remember(key, id, schema);
        return id;
    }

    /**
     * A 409 is either a concurrent registration of this very schema (Apicurio: "artifact already
     * exists") or an incompatible schema (Confluent): if the subject now holds the schema, it was the
     * former.
     */
    private int lookUpAfterConflict(String subject, Schema schema, SchemaRegistryException conflict) {
        try {
            return idOf(subject, schema);
        } catch (SchemaRegistryException lookup) {
            // Not there (or not even a lookup this registry understands): the conflict is the answer.
            conflict.addSuppressed(lookup);
            throw conflict;
        }
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null, null);
        Schema schema = parseSchema(requiredText(answer, "schema", null), "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(key.text()), subject);
        int id = requiredInt(answer, "id", subject);
        remember(key, id, schema);
        return id;
    }

    /** Always asks the registry: the latest version is what changes. */
    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null, subject);
        int id = requiredInt(answer, "id", subject);
        Schema schema = schemasById.computeIfAbsent(
                id, unknown -> parseSchema(requiredText(answer, "schema", subject), "subject '" + subject + "'"));
        return new RegisteredSchema(id, requiredInt(answer, "version", subject), schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = call(
                    "POST",
                    "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema.toString()),
                    subject);
            JsonNode verdict = answer.get("is_compatible");
            if (verdict == null || !verdict.isBoolean()) {
                throw malformed("is_compatible", subject, answer);
            }
            return verdict.booleanValue();
        } catch (SchemaRegistryException e) {
            // A subject without versions accepts any schema; older registries answer 404 instead of true.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        call("PUT", path, Map.of("compatibility", parsed.name()), subject);
    }

    /** Forgets the caches; the JDK HttpClient of Java 17 has nothing to close. */
    @Override
    public void close() {
        schemasById.clear();
        idsBySubjectSchema.clear();
    }

    /** The registry URLs, without credentials, as they appear in error messages. */
    public List<String> urls() {
        return endpoints.stream().map(Endpoint::display).toList();
    }

    private void remember(SubjectSchema key, int id, Schema schema) {
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
    }

    private JsonNode call(String method, String path, Object body, String subject) {
        long backoffMs = retries.firstBackoff().toMillis();
        long waitedMs = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return callOnce(method, path, body, subject);
            } catch (SchemaRegistryException e) {
                if (attempt >= retries.maxAttempts()
                        || !isTransient(e)
                        || Thread.currentThread().isInterrupted()) {
                    if (attempt == 1) {
                        throw e;
                    }
                    throw new SchemaRegistryException(
                            e.getMessage() + " (gave up after " + attempt + " attempts over " + waitedMs
                                    + " ms of backoff)",
                            e.status(),
                            e.errorCode(),
                            e.getCause());
                }
            }
            sleep(backoffMs, method, path);
            waitedMs += backoffMs;
            backoffMs = Math.min(backoffMs * 2, retries.maxBackoff().toMillis());
        }
    }

    private static boolean isTransient(SchemaRegistryException e) {
        int status = e.status();
        return status == SchemaRegistryException.NO_ANSWER || status >= 500 || status == 429 || status == 408;
    }

    private static void sleep(long ms, String method, String path) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(
                    "Interrupted while waiting to retry " + method + " " + path + ".",
                    SchemaRegistryException.NO_ANSWER,
                    SchemaRegistryException.NO_ANSWER,
                    e);
        }
    }

    private JsonNode callOnce(String method, String path, Object body, String subject) {
        byte[] payload = body == null ? null : toJson(body);
        List<String> failures = new ArrayList<>();
        int first = preferredEndpoint;
        for (int attempt = 0; attempt < endpoints.size(); attempt++) {
            int index = (first + attempt) % endpoints.size();
            Endpoint endpoint = endpoints.get(index);
            HttpResponse<byte[]> response;
            try {
                response = http.send(request(endpoint, method, path, payload), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failures.add(describeNoAnswer(endpoint, e));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "Interrupted while waiting for schema registry " + endpoint.display() + " to answer " + method
                                + " " + path + ".",
                        SchemaRegistryException.NO_ANSWER,
                        SchemaRegistryException.NO_ANSWER,
                        e);
            }
            preferredEndpoint = index;
            return interpret(endpoint, method, path, subject, response);
        }
        throw new SchemaRegistryException(
                "No schema registry answered " + method + " " + path + forSubject(subject) + ": "
                        + String.join("; ", failures),
                SchemaRegistryException.NO_ANSWER,
                SchemaRegistryException.NO_ANSWER,
                null);
    }

    private HttpRequest request(Endpoint endpoint, String method, String path, byte[] payload) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.base() + path))
                .timeout(readTimeout)
                .header("Accept", ACCEPT)
                .method(
                        method,
                        payload == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(payload));
        if (payload != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        if (endpoint.authorization() != null) {
            builder.header("Authorization", endpoint.authorization());
        }
        return builder.build();
    }

    private String describeNoAnswer(Endpoint endpoint, IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "could not connect to " + endpoint.display() + " within the connect timeout ("
                    + AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS + "): is the host reachable and "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " right?";
        }
        if (e instanceof HttpTimeoutException) {
            return endpoint.display() + " did not answer within " + readTimeout.toMillis() + " ms ("
                    + AvroSerdeConfig.HTTP_READ_TIMEOUT_MS + "): is the registry overloaded or hung? "
                    + "Check it, or raise " + AvroSerdeConfig.HTTP_READ_TIMEOUT_MS;
        }
        if (e instanceof ConnectException) {
            return "could not connect to " + endpoint.display() + " (" + e + "): is the registry running and "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " right?";
        }
        return "request to " + endpoint.display() + " failed: " + e;
    }

    private JsonNode interpret(
            Endpoint endpoint, String method, String path, String subject, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            try {
                return json.readTree(body);
            } catch (IOException e) {
                throw new SchemaRegistryException(
                        "Schema registry " + endpoint.display() + " answered " + method
                                + " " + path + " with status " + status + " but a body that is not JSON: "
                                + abbreviate(body)
                                + ". Is " + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " the registry's API root?",
                        status,
                        SchemaRegistryException.NO_ANSWER,
                        e);
            }
        }
        RegistryError error = RegistryError.parse(json, body);
        throw new SchemaRegistryException(
                "Schema registry " + endpoint.display() + " answered " + method + " " + path
                        + forSubject(subject) + " with status " + status
                        + (error.code() == SchemaRegistryException.NO_ANSWER ? "" : ", error_code " + error.code())
                        + ": " + error.message() + ". " + remedy(status, error.code()),
                status,
                error.code(),
                null);
    }

    private static String remedy(int status, int errorCode) {
        return switch (errorCode) {
            case SchemaRegistryException
                    .SUBJECT_NOT_FOUND -> "Register a schema under the subject first, or let the serializer do it (auto.register.schemas=true).";
            case SchemaRegistryException.VERSION_NOT_FOUND -> "The subject has no such version.";
            case SchemaRegistryException
                    .SCHEMA_NOT_FOUND -> "The schema is not in this registry: register it, and check that writers and readers use the same registry.";
            case SchemaRegistryException
                    .INCOMPATIBLE_SCHEMA -> "Make the change compatible with the subject's compatibility level (e.g. give new fields a default), or change the level.";
            case SchemaRegistryException.INVALID_SCHEMA -> "The registry rejected the schema text as invalid.";
            case SchemaRegistryException
                    .INVALID_COMPATIBILITY_LEVEL -> "Use one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.";
            default -> remedyForStatus(status);
        };
    }

    private static String remedyForStatus(int status) {
        if (status == 401 || status == 403) {
            return "Check the credentials: " + AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE + " and "
                    + AvroSerdeConfig.BASIC_AUTH_USER_INFO + ", or the URL's user:password.";
        }
        if (status == 404) {
            return "Is " + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                    + " the registry's API root (for Apicurio, .../apis/ccompat/v7)?";
        }
        if (status >= 500) {
            return "The registry failed on its side: check its logs and health, then retry.";
        }
        return "See the registry's message above.";
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a registry request body as JSON", e);
        }
    }

    private static Map<String, String> schemaBody(String schemaText) {
        return Map.of("schema", schemaText);
    }

    private Schema parseSchema(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(
                    "Schema registry " + urls() + " returned, for " + what + ", a schema that is not valid Avro: "
                            + e.getMessage(),
                    200,
                    SchemaRegistryException.NO_ANSWER,
                    e);
        }
    }

    private int requiredInt(JsonNode answer, String field, String subject) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(field, subject, answer);
        }
        return value.intValue();
    }

    private String requiredText(JsonNode answer, String field, String subject) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(field, subject, answer);
        }
        return value.textValue();
    }

    private SchemaRegistryException malformed(String field, String subject, JsonNode answer) {
        return new SchemaRegistryException(
                "Schema registry " + urls() + forSubject(subject)
                        + " answered without the expected field '" + field + "': " + abbreviate(answer.toString())
                        + ". Is " + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " a Confluent-compatible registry API?",
                200,
                SchemaRegistryException.NO_ANSWER,
                null);
    }

    private static String forSubject(String subject) {
        return subject == null ? "" : " for subject '" + subject + "'";
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private record SubjectSchema(String subject, String text) {}

    /**
     * How transient failures are retried: at most {@code maxAttempts} tries in all, waiting
     * {@code firstBackoff} after the first failure and twice as long after each next one, up to
     * {@code maxBackoff}.
     */
    public record Retries(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

        /** 5 tries over about 3 s of backoff: a registry restart or a load balancer's hiccup, not an outage. */
        public static final Retries DEFAULT = new Retries(5, Duration.ofMillis(200), Duration.ofSeconds(2));
        /** One try: failures are reported at once. */
        public static final Retries NONE = new Retries(1, Duration.ZERO, Duration.ZERO);

        public Retries {
            if (maxAttempts < 1 || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException(
                        "retries need 1 or more attempts and 0 <= firstBackoff <= maxBackoff, got " + maxAttempts + ", "
                                + firstBackoff + ", " + maxBackoff);
            }
        }
    }

    /** A registry's error body, {"error_code": 40401, "message": "..."}, or whatever text it sent. */
    private record RegistryError(int code, String message) {

        static RegistryError parse(ObjectMapper json, String body) {
            try {
                JsonNode node = json.readTree(body);
                if (node != null && node.has("error_code")) {
                    JsonNode message = node.get("message");
                    return new RegistryError(
                            node.get("error_code").asInt(SchemaRegistryException.NO_ANSWER),
                            message == null ? "(no message)" : message.asText());
                }
            } catch (IOException notJson) {
                // a proxy or a misconfigured URL: show the raw text below
            }
            return new RegistryError(
                    SchemaRegistryException.NO_ANSWER, body.isBlank() ? "(empty body)" : abbreviate(body));
        }
    }

    /** One registry URL: its base without credentials, and the Authorization header to send, if any. */
    private record Endpoint(String base, String authorization) {

        String display() {
            return base;
        }

        static Endpoint parse(String url, String explicitUserInfo) {
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw notAUrl(url, e);
            }
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("Schema registry URL '" + redact(url)
                        + "' is not an absolute http:// or https:// URL with a host, e.g. http://localhost:8081.");
            }
            String base;
            try {
                base = new URI(scheme, null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
            } catch (URISyntaxException e) {
                throw notAUrl(url, e);
            }
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            String userInfo = explicitUserInfo != null ? explicitUserInfo : uri.getUserInfo();
            String authorization = userInfo == null
                    ? null
                    : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
            return new Endpoint(base, authorization);
        }

        /** Leaves out the parser's exception: its message repeats the URL, password included. */
        private static IllegalArgumentException notAUrl(String url, URISyntaxException e) {
            return new IllegalArgumentException("Schema registry URL '" + redact(url) + "' is not a URL: "
                    + e.getReason() + " at index " + e.getIndex());
        }

        private static String redact(String url) {
            return url.replaceAll("//[^/@]*@", "//***@");
        }
    }
}
