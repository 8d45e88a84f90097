package io.tokenshare.serde;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The serde's configuration keys, named as Confluent's so that an existing producer or Streams config
 * works unchanged, and their parsed values. Keys the serde does not know are ignored, since Kafka hands
 * serializers the whole client configuration.
 */
public final class AvroSerdeConfig {

    /** Registry URL, or a comma-separated list tried in turn; {@code mock://<scope>} selects an in-memory registry. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Whether the serializer registers a record's schema when the subject lacks it (default true). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Whether the serializer writes with the subject's latest schema id instead of the record's own (default false). */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Where basic-auth credentials come from: URL (the URL's userinfo, the default) or USER_INFO. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Basic-auth credentials as {@code user:password}, read when the source is USER_INFO. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** The SpecificRecord class that a reflectively built key deserializer reads into. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    /** The SpecificRecord class that a reflectively built value deserializer reads into. */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** How long to wait for a TCP connection to the registry, in milliseconds. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** How long to wait for the registry's answer to one request, in milliseconds. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    /** URL prefix that selects the {@link InMemorySchemaRegistry} of the scope that follows it. */
    public static final String MOCK_URL_PREFIX = "mock://";

    static final String SOURCE_URL = "URL";
    static final String SOURCE_USER_INFO = "USER_INFO";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    SCHEMA_REGISTRY_URL,
                    Type.LIST,
                    null,
                    Importance.HIGH,
                    "Schema registry URL(s), comma-separated; mock://<scope> for the in-memory registry.")
            .define(
                    AUTO_REGISTER_SCHEMAS,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Register the record's schema when the subject lacks it.")
            .define(
                    USE_LATEST_VERSION,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Serialize with the subject's latest schema; needs auto.register.schemas=false.")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, null, Importance.MEDIUM, "URL or USER_INFO.")
            .define(
                    BASIC_AUTH_USER_INFO,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "user:password for basic auth when the source is USER_INFO.")
            .define(
                    SPECIFIC_AVRO_KEY_TYPE,
                    Type.CLASS,
                    null,
                    Importance.MEDIUM,
                    "SpecificRecord class of keys, for a deserializer built by class name.")
            .define(
                    SPECIFIC_AVRO_VALUE_TYPE,
                    Type.CLASS,
                    null,
                    Importance.MEDIUM,
                    "SpecificRecord class of values, for a deserializer built by class name.")
            .define(
                    HTTP_CONNECT_TIMEOUT_MS,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Connect timeout to the registry in ms.")
            .define(
                    HTTP_READ_TIMEOUT_MS,
                    Type.INT,
                    30_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Timeout of one registry request in ms.");

    private final Map<String, Object> values;

    private AvroSerdeConfig(Map<String, Object> values) {
        this.values = values;
    }

    /** Parses and checks the keys above; throws {@link ConfigException} naming the key at fault. */
    public static AvroSerdeConfig parse(Map<String, ?> configs) {
        AvroSerdeConfig config = new AvroSerdeConfig(DEFINITION.parse(configs));
        config.credentialsSource();
        return config;
    }

    /** The registry URLs, at least one; throws {@link ConfigException} when the key is missing or empty. */
    List<String> registryUrls() {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) values.get(SCHEMA_REGISTRY_URL);
        if (urls == null || urls.stream().allMatch(String::isBlank)) {
            throw new ConfigException(
                    SCHEMA_REGISTRY_URL + " is not set: set it to the schema registry's URL, e.g. "
                            + "http://localhost:8081 (or a comma-separated list), or mock://<scope> for an in-memory registry.");
        }
        return urls.stream().filter(url -> !url.isBlank()).toList();
    }

    boolean autoRegisterSchemas() {
        return (Boolean) values.get(AUTO_REGISTER_SCHEMAS);
    }

    boolean useLatestVersion() {
        return (Boolean) values.get(USE_LATEST_VERSION);
    }

    /** The SpecificRecord class named for keys or values, or null when none is configured. */
    Class<?> specificType(boolean isKey) {
        return (Class<?>) values.get(isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE);
    }

    Duration connectTimeout() {
        return Duration.ofMillis((Integer) values.get(HTTP_CONNECT_TIMEOUT_MS));
    }

    Duration readTimeout() {
        return Duration.ofMillis((Integer) values.get(HTTP_READ_TIMEOUT_MS));
    }

    /**
     * The {@code user:password} to send to every registry URL, or null when the credentials (if any)
     * come from each URL's userinfo. Unlike Confluent, which ignores {@value #BASIC_AUTH_USER_INFO} unless
     * the source is USER_INFO, a user info given without any source is used rather than silently dropped.
     */
    String explicitUserInfo() {
        Password userInfo = (Password) values.get(BASIC_AUTH_USER_INFO);
        String source = credentialsSource();
        boolean useUserInfo = SOURCE_USER_INFO.equals(source) || (source == null && userInfo != null);
        if (!useUserInfo) {
            return null;
        }
        if (userInfo == null || !userInfo.value().contains(":")) {
            throw new ConfigException(BASIC_AUTH_USER_INFO + " must be user:password when "
                    + BASIC_AUTH_CREDENTIALS_SOURCE + " is " + SOURCE_USER_INFO + " (it is "
                    + (userInfo == null ? "not set" : "missing the ':'") + ").");
        }
        return userInfo.value();
    }

    private String credentialsSource() {
        String source = (String) values.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        if (source == null || source.isBlank()) {
            return null;
        }
        String normalized = source.trim().toUpperCase(Locale.ROOT);
        if (!normalized.equals(SOURCE_URL) && !normalized.equals(SOURCE_USER_INFO)) {
            throw new ConfigException(
                    BASIC_AUTH_CREDENTIALS_SOURCE,
                    source,
                    "supported sources are URL (credentials in the URL's userinfo) and USER_INFO (credentials in "
                            + BASIC_AUTH_USER_INFO + ")");
        }
        return normalized;
    }
}
