package io.tokenshare.cli;

import io.tokenshare.config.LayeredConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a cluster shares, and the layered configuration they
 * resolve to: defaults &lt; {@code --config} file &lt; environment &lt; flags.
 */
final class ClusterOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Java properties file: tokenshare.* keys, Kafka Streams and client keys (SASL/SSL too), schema.registry.*.")
    Path configFile;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (bootstrap.servers); overrides the file and KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "Schema Registry URL (schema.registry.url); overrides the file and SCHEMA_REGISTRY_URL.")
    String schemaRegistryUrl;

    @Option(
            names = {"-s", "--set"},
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description =
                    "Any setting, e.g. --set tokenshare.window.grace=3d --set security.protocol=SASL_SSL. Repeatable; beats every other layer.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The resolved configuration, with bootstrap.servers and schema.registry.url required. */
    LayeredConfig resolve(CliContext context) {
        return resolveKafka(context)
                .require(LayeredConfig.SCHEMA_REGISTRY_URL, "--schema-registry-url", "http://localhost:8081");
    }

    /** The resolved configuration with only bootstrap.servers required, for commands that decode no Avro. */
    LayeredConfig resolveKafka(CliContext context) {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            flags.put(LayeredConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            flags.put(LayeredConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        if (configFile != null && !configFile.toFile().isFile()) {
            throw new UsageError("the config file " + configFile + " does not exist or is not a file: check the path"
                    + " given with --config (relative paths start at "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return LayeredConfig.resolve(configFile, context.environment(), flags)
                .require(LayeredConfig.BOOTSTRAP_SERVERS, "--bootstrap-servers", "localhost:9092");
    }
}
