package io.tokenshare.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Builds the registry client that a configuration asks for. */
public final class SchemaRegistryClients {

    /**
     * A configuration key whose value is a ready {@link SchemaRegistryClient} for the serde to use instead of opening
     * its own: the serdes of one app share one client, its connections and its schema cache.
     */
    public static final String SHARED_CLIENT = "tokenshare.schema.registry.shared.client";

    private SchemaRegistryClients() {}

    /**
     * The client given as {@value #SHARED_CLIENT}, else the client for
     * {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL}: the shared {@link InMemorySchemaRegistry}
     * of the scope for {@code mock://<scope>}, else an {@link HttpSchemaRegistryClient} over the
     * comma-separated URLs with the configured credentials and timeouts.
     *
     * @throws ConfigException naming the key to set or fix
     */
    public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
        if (configs.get(SHARED_CLIENT) instanceof SchemaRegistryClient shared) {
            return shared;
        }
        AvroSerdeConfig config = AvroSerdeConfig.parse(configs);
        List<String> urls = config.registryUrls();
        if (urls.stream().anyMatch(SchemaRegistryClients::isMock)) {
            return inMemory(urls);
        }
        try {
            return new HttpSchemaRegistryClient(
                    urls, config.explicitUserInfo(), config.connectTimeout(), config.readTimeout());
        } catch (IllegalArgumentException badUrl) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is invalid: " + badUrl.getMessage());
        }
    }

    private static boolean isMock(String url) {
        return url.trim().startsWith(AvroSerdeConfig.MOCK_URL_PREFIX);
    }

    private static SchemaRegistryClient inMemory(List<String> urls) {
        if (urls.size() > 1) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " mixes a mock:// URL with others ("
                    + String.join(",", urls) + "): give exactly one mock://<scope>, or only real registry URLs.");
        }
        String scope = urls.get(0).trim().substring(AvroSerdeConfig.MOCK_URL_PREFIX.length());
        if (scope.isEmpty()) {
            throw new ConfigException(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL
                            + " is mock:// without a scope: name one, e.g. mock://my-test, so that writer and reader share it.");
        }
        return InMemorySchemaRegistry.forScope(scope);
    }
}
