package io.tokenshare.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The configuration of one command, resolved from four layers, each overriding the one before:
 * tokenshare's defaults, a properties file, environment variables, command-line flags. Kafka Streams
 * and client keys (SASL and SSL included) and the schema-registry keys pass through unchanged; a
 * {@code tokenshare.*} key that tokenshare does not read is an error rather than a silent typo.
 *
 * <p>Environment variables:
 * <ul>
 *   <li>{@code TOKENSHARE_<KEY>} sets {@code tokenshare.<key>}: the name upper-cased with dots and dashes
 *       written as underscores, e.g. {@code TOKENSHARE_WINDOW_GRACE} for {@code tokenshare.window.grace},
 *       {@code TOKENSHARE_SHARE_TOP_N} for {@code tokenshare.share.top-n};</li>
 *   <li>{@code KAFKA_<KEY>} sets any pass-through key: lower-cased, underscores become dots, e.g.
 *       {@code KAFKA_BOOTSTRAP_SERVERS} for {@code bootstrap.servers}, {@code KAFKA_SASL_JAAS_CONFIG}
 *       for {@code sasl.jaas.config}, {@code KAFKA_SCHEMA_REGISTRY_URL} for {@code schema.registry.url}.
 *       The launcher variables of Kafka's own scripts ({@code KAFKA_HOME}, {@code KAFKA_OPTS}, …) are not
 *       settings and are ignored;</li>
 *   <li>{@code SCHEMA_REGISTRY_URL} sets {@code schema.registry.url}.</li>
 * </ul>
 */
public final class LayeredConfig {

    /** Where a value came from, for messages that tell the user which setting to fix. */
    public enum Layer {
        DEFAULT("tokenshare's defaults"),
        FILE("the properties file"),
        ENVIRONMENT("the environment"),
        FLAG("the command line");

        private final String description;

        Layer(String description) {
            this.description = description;
        }

        /** How messages name the layer. */
        public String description() {
            return description;
        }
    }

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    static final String TOKENSHARE_ENV_PREFIX = "TOKENSHARE_";
    static final String KAFKA_ENV_PREFIX = "KAFKA_";
    static final String SCHEMA_REGISTRY_URL_ENV = "SCHEMA_REGISTRY_URL";
    /** Variables of Kafka's launch scripts that share the KAFKA_ prefix but are not client settings. */
    static final Set<String> KAFKA_LAUNCHER_VARIABLES = Set.of(
            "KAFKA_HOME",
            "KAFKA_OPTS",
            "KAFKA_HEAP_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_GC_LOG_OPTS",
            "KAFKA_JMX_OPTS",
            "KAFKA_DEBUG",
            "KAFKA_LOG_DIR",
            "KAFKA_CLUSTER_ID",
            "KAFKA_VERSION");

    private static final String TOKENSHARE_PREFIX = "tokenshare.";

    private final Map<String, String> values;
    private final Map<String, Layer> sources;
    private final String fileName;

    private LayeredConfig(Map<String, String> values, Map<String, Layer> sources, String fileName) {
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
        this.fileName = fileName;
    }

    /**
     * Resolves the layers.
     *
     * @param propertiesFile a Java properties file, or null for none
     * @param environment    the process environment (only the variables above are read)
     * @param flags          settings given on the command line
     * @throws SettingsException when the file cannot be read, a {@code tokenshare.*} key is unknown, or a
     *                           tokenshare value is invalid; the message names the key, its source and the fix
     */
    public static LayeredConfig resolve(
            Path propertiesFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Layer> sources = new LinkedHashMap<>();
        apply(values, sources, TokenshareSettings.DEFAULTS, Layer.DEFAULT);
        String fileName = propertiesFile == null ? null : propertiesFile.toString();
        if (propertiesFile != null) {
            apply(
                    values,
                    sources,
                    checked(readProperties(propertiesFile), "the properties file " + fileName),
                    Layer.FILE);
        }
        apply(values, sources, checked(fromEnvironment(environment), "the environment"), Layer.ENVIRONMENT);
        apply(values, sources, checked(flags, "the command line"), Layer.FLAG);
        LayeredConfig config = new LayeredConfig(values, sources, fileName);
        config.settings();
        return config;
    }

    /** Every resolved key and value. */
    public Map<String, String> values() {
        return values;
    }

    /** The resolved configuration as the maps the Kafka and tokenshare APIs take. */
    public Map<String, Object> asMap() {
        return new LinkedHashMap<>(values);
    }

    /** A value, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /** Which layer a key's value came from; empty for an unset key. */
    public Optional<Layer> sourceOf(String key) {
        return Optional.ofNullable(sources.get(key));
    }

    /** Where a key's value came from, in words: "the properties file app.properties", "the environment", … */
    public String describeSource(String key) {
        Layer layer = sources.get(key);
        if (layer == null) {
            return "nowhere (not set)";
        }
        return layer == Layer.FILE ? layer.description() + " " + fileName : layer.description();
    }

    /** tokenshare's own settings, validated. */
    public TokenshareSettings settings() {
        try {
            return TokenshareSettings.fromProperties(values);
        } catch (SettingsException e) {
            throw new SettingsException(
                    e.getMessage() + " (set in " + describeSourceOfMessage(e.getMessage()) + ")", e);
        }
    }

    /**
     * Checks that a key the command cannot work without is set.
     *
     * @param flag the command-line flag that sets it, for the message
     * @throws SettingsException naming every way to set it
     */
    public LayeredConfig require(String key, String flag, String example) {
        if (get(key).isEmpty()) {
            throw new SettingsException(key + " is not set: pass " + flag + " " + example + ", or put " + key + "="
                    + example + " in the file given with --config, or set the environment variable "
                    + environmentNameOf(key));
        }
        return this;
    }

    /** The environment variable that sets a key: {@code TOKENSHARE_…} for tokenshare keys, else {@code KAFKA_…}. */
    public static String environmentNameOf(String key) {
        String upper = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return key.startsWith(TOKENSHARE_PREFIX) ? upper : KAFKA_ENV_PREFIX + upper;
    }

    /** The settings the environment holds, by key; an unknown {@code TOKENSHARE_*} name stays as it is, so that the check reports it. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(TOKENSHARE_ENV_PREFIX)) {
                settings.put(tokenshareKeyOf(name), value);
            } else if (name.equals(SCHEMA_REGISTRY_URL_ENV)) {
                settings.put(SCHEMA_REGISTRY_URL, value);
            } else if (name.startsWith(KAFKA_ENV_PREFIX)
                    && name.length() > KAFKA_ENV_PREFIX.length()
                    && !KAFKA_LAUNCHER_VARIABLES.contains(name)) {
                settings.put(
                        name.substring(KAFKA_ENV_PREFIX.length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        return settings;
    }

    /**
     * The tokenshare key a {@code TOKENSHARE_*} variable names. Underscores stand for both dots and dashes,
     * so the name is matched against the known keys; an unknown name becomes an unknown key.
     */
    static String tokenshareKeyOf(String variable) {
        return TokenshareSettings.DEFAULTS.keySet().stream()
                .filter(key -> environmentNameOf(key).equals(variable))
                .findFirst()
                .orElse(variable);
    }

    private static Map<String, String> checked(Map<String, String> layer, String where) {
        List<String> unknown = layer.keySet().stream()
                .filter(key -> key.startsWith(TOKENSHARE_PREFIX) || key.startsWith(TOKENSHARE_ENV_PREFIX))
                .filter(key -> !TokenshareSettings.DEFAULTS.containsKey(key))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new SettingsException("unknown tokenshare setting " + String.join(", ", unknown) + " in " + where
                    + ". Valid settings (environment variable in brackets): " + validKeys());
        }
        return layer;
    }

    private static String validKeys() {
        return new TreeMap<>(TokenshareSettings.DEFAULTS)
                .entrySet().stream()
                        .map(e ->
                                e.getKey() + " [" + environmentNameOf(e.getKey()) + "] default '" + e.getValue() + "'")
                        .collect(Collectors.joining(", "));
    }

    private static void apply(
            Map<String, String> values, Map<String, Layer> sources, Map<String, String> layer, Layer name) {
        layer.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value.trim());
                sources.put(key, name);
            }
        });
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new SettingsException(
                    "the properties file " + file + " does not exist: check the path given with"
                            + " --config (relative paths start at "
                            + Path.of("").toAbsolutePath() + ")",
                    e);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException(
                    "cannot read the properties file " + file + ": " + e.getMessage()
                            + ". It must be a readable UTF-8 Java properties file of key=value lines",
                    e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    /** The source of the tokenshare key a settings message starts with. */
    private String describeSourceOfMessage(String message) {
        return TokenshareSettings.DEFAULTS.keySet().stream()
                .filter(message::startsWith)
                .findFirst()
                .map(this::describeSource)
                .orElse("the configuration");
    }
}
