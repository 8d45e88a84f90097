package io.tokenshare.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for {@code mock://<scope>} URLs: every client configured with the
 * same scope shares one instance, as with Confluent's {@code MockSchemaRegistry}, so that a producer and
 * a consumer in one test (or one embedded demo) see the same ids. It behaves like the real registry where
 * the serde can tell: global ids shared by identical schemas across subjects, versions per subject,
 * and registration refused (error code 409) when a schema breaks the subject's compatibility level,
 * BACKWARD by default, checked with Avro's {@link org.apache.avro.SchemaCompatibility}. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String url;
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    /** Keyed by the schema's full JSON text, docs included, as the real registry compares schemas. */
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();

    private final Map<String, List<Version>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private int lastId;

    private InMemorySchemaRegistry(String scope) {
        this.url = AvroSerdeConfig.MOCK_URL_PREFIX + scope;
    }

    /** The registry of {@code scope} (the part after {@code mock://}), created on first use. */
    public static InMemorySchemaRegistry forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    /** Forgets the registry of {@code scope}; the next {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /** The {@code mock://} URL that reaches this registry. */
    public String url() {
        return url;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Version> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        String text = schema.toString();
        for (Version version : versions) {
            if (version.text().equals(text)) {
                return version.registered().id();
            }
        }
        CompatibilityLevel level = levelOf(subject);
        List<String> problems = level.problems(schema, schemasOf(versions));
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(
                    "Schema registry " + url + " refused schema " + schema.getFullName()
                            + " for subject '" + subject + "': it is incompatible with the subject's versions at level "
                            + level + ": " + String.join("; ", problems)
                            + ". Make the change compatible (e.g. give new fields a default) or change the subject's level.",
                    409,
                    SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    null);
        }
        int id = idsBySchemaText.computeIfAbsent(text, t -> ++lastId);
        schemasById.putIfAbsent(id, schema);
        versions.add(new Version(new RegisteredSchema(id, versions.size() + 1, schema), text));
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(
                    "Schema registry " + url + " has no schema with id " + id
                            + ": was the data written against another registry (another mock:// scope)?",
                    404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND,
                    null);
        }
        return schema;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        String text = schema.toString();
        return versionsOf(subject).stream()
                .filter(version -> version.text().equals(text))
                .mapToInt(version -> version.registered().id())
                .findFirst()
                .orElseThrow(() -> new SchemaRegistryException(
                        "Schema registry " + url + " has no schema "
                                + schema.getFullName() + " under subject '" + subject
                                + "' (the subject has other versions): register this schema first.",
                        404,
                        SchemaRegistryException.SCHEMA_NOT_FOUND,
                        null));
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Version> versions = versionsOf(subject);
        return versions.get(versions.size() - 1).registered();
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return levelOf(subject)
                .problems(schema, schemasOf(versionsBySubject.getOrDefault(subject, List.of())))
                .isEmpty();
    }

    @Override
    public synchronized void setCompatibility(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        if (subject == null) {
            globalLevel = parsed;
        } else {
            levelsBySubject.put(subject, parsed);
        }
    }

    /** The subjects that have at least one version, sorted. */
    public synchronized List<String> subjects() {
        return versionsBySubject.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Every version of a subject, oldest first; a subject with none is refused with error code 40401. */
    public synchronized List<RegisteredSchema> versions(String subject) {
        return versionsOf(subject).stream().map(Version::registered).toList();
    }

    /** The compatibility level in force for a subject ({@code null}: the registry's global level). */
    public synchronized String compatibility(String subject) {
        return (subject == null ? globalLevel : levelOf(subject)).name();
    }

    /** Does nothing: the scope outlives its clients, as in Confluent's; see {@link #dropScope}. */
    @Override
    public void close() {
        // The registry is shared by every client of its scope; dropScope ends it.
    }

    private CompatibilityLevel levelOf(String subject) {
        return levelsBySubject.getOrDefault(subject, globalLevel);
    }

    private static List<Schema> schemasOf(List<Version> versions) {
        return versions.stream().map(version -> version.registered().schema()).toList();
    }

    private List<Version> versionsOf(String subject) {
        List<Version> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(
                    "Schema registry " + url + " has no subject '" + subject
                            + "': register a schema under it first (or let the serializer do it: auto.register.schemas=true).",
                    404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND,
                    null);
        }
        return versions;
    }

    /** A subject's version with its schema's JSON text, computed once: the text is what identifies it. */
    private record Version(RegisteredSchema registered, String text) {}
}
